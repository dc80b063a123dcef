"""Which drug a medication request is for, and how much: the drug fields of a Request.

"Norco 5/325mg oral tablet, one tablet twice daily 14 days #40" is the opioid
hydrocodone/acetaminophen, brand Norco, strength "5/325 mg", form tablet, quantity 40, a 14-day
supply, sig "one tablet twice daily".

A compound ("Flurbiprofen 10%, Cyclobenzaprine 3%, Gabapentin 6%, Lidocaine 5%") lists its
ingredients with their percentages; its drug is the ingredients joined by "/".
"""

from __future__ import annotations

import functools
import itertools
import re
from dataclasses import dataclass, field

from openimr.requests.quantity import NUMBER_WORDS, number
from openimr.vocab import load_vocabulary
from openimr.vocab.phrases import Mention, PhraseIndex, blank
from openimr.vocab.schema import Brand, Drug

__all__ = ["Medication", "drug_index", "medication"]

_BRAND = "brand:"
_GENERIC = "generic:"
_NUMBER = r"\d+(?:\.\d+)?"
_WORDS = "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))
_COUNT = rf"(?:\d+|{_WORDS})"
_PERCENT_AFTER = re.compile(rf"\s*(?:[A-Za-z]+\s+){{0,2}}?({_NUMBER})\s*%")
_PERCENT = re.compile(rf"(?<![\w.]){_NUMBER}\s*%(?:\s*[-/]\s*{_NUMBER}\s*%)*")
_MASS = re.compile(
    rf"(?<![\w.])(?P<numbers>{_NUMBER}(?:\s*[-/]\s*{_NUMBER})*)\s*(?P<unit>mg|mcg|µg|meq)\b"
    rf"(?:\s*/\s*(?P<per>{_NUMBER})?\s*(?P<per_unit>ml|hr|hour|h)\b)?",
    re.I,
)
_UNITS = {
    "g": "g", "gm": "g", "gms": "g", "gram": "g", "grams": "g",
    "ml": "ml", "milliliter": "ml", "milliliters": "ml", "oz": "oz", "ounce": "oz", "ounces": "oz",
}  # fmt: skip
_CONTAINER = r"box|boxes|tube|tubes|bottle|bottles|container|containers|jar|jars|kit|kits"
_HASH = re.compile(
    rf"#\s*(?P<n>{_NUMBER})\s*(?P<unit>grams?|gms?|gm|g|ml|{_CONTAINER}|patch(?:es)?|"
    rf"tablets?|tabs?|capsules?|caps?)?\b",
    re.I,
)
_QTY = re.compile(rf"\b(?:qty|quantity)\s*[:.]?\s*(?P<n>{_NUMBER})", re.I)
_CONTAINERS = re.compile(rf"^\s*(?P<n>{_COUNT})\s+(?P<unit>{_CONTAINER})\s+of\b", re.I)
_AMOUNT = re.compile(
    rf"(?<![\w.])(?P<n>{_NUMBER})\s*(?P<unit>grams?|gms?|gm|g|ml|milliliters?|oz|ounces?)(?![\w/])",
    re.I,
)
_REFILLS = [
    re.compile(rf"\b(?P<n>{_COUNT})\s*(?:\(\d+\)\s*)?refills?\b", re.I),
    re.compile(rf"\brefills?\s*[:x#]?\s*(?P<n>{_COUNT})\b", re.I),
]
_NO_REFILLS = re.compile(r"\bno\s+refills?\b", re.I)
_SUPPLY = [
    (re.compile(r"\bdays?'?\s*supply\s*[:=]?\s*(?P<n>\d+)", re.I), 1),
    (re.compile(rf"\b(?P<n>{_COUNT})[\s-]*days?'?\s*supply\b", re.I), 1),
    (re.compile(rf"\b(?P<n>{_COUNT})[\s-]*weeks?'?\s*supply\b", re.I), 7),
    (re.compile(rf"\b(?P<n>{_COUNT})[\s-]*months?'?\s*supply\b", re.I), 30),
    (re.compile(r"\b(?P<n>\d+)\s*days?\b", re.I), 1),
]
_EXTENDED = re.compile(
    r"\b(?:ER|XR|XL|SR|CR|CD|LA|extended[\s-]release|sustained[\s-]release|"
    r"controlled[\s-]release|long[\s-]acting)\b",
    re.I,
)
_COMPOUND_WORDS = re.compile(r"\bcompound(?:ed)?\b|\b(?:cream|gel|lotion)\s+base\b", re.I)
_SIG_END = r"[^,#;()\[\]]*"
_SIG = [
    re.compile(rf"\b(?:take|apply|use|place|inject|chew|dissolve|instill)\b{_SIG_END}", re.I),
    re.compile(
        rf"(?<![\w./])(?:one|two|three|four|half|1/2|\d)\s+(?:tablets?|tabs?|capsules?|caps?|"
        rf"patch(?:es)?|pills?|puffs?|sprays?)\s+(?:by\s+mouth\s+|orally\s+|po\s+)?"
        rf"(?:once|twice|three|four|every|daily|at|as|q\w*|bid|tid|qid|\d){_SIG_END}",
        re.I,
    ),
    re.compile(rf"\b\d+\s*hours?\s+on\b{_SIG_END}", re.I),
    re.compile(
        rf"\b(?:once|twice|three\s+times|four\s+times|\d+\s+times)\s+(?:a\s+day|daily|per\s+day)\b"
        rf"{_SIG_END}",
        re.I,
    ),
]
_SIG_TAIL = re.compile(r"\s+(?:for\s+)?\d+\s*days?\b.*$|[\s.]+$", re.I | re.S)


@dataclass(frozen=True)
class Medication:
    """The drug fields of a Request, and the family the drug puts the request in."""

    family: str
    drug: str
    brand: str | None = None
    drug_class: str | None = None
    strength: str | None = None
    form: str | None = None
    extended_release: bool = False
    quantity: int | float | None = None
    quantity_unit: str | None = None
    amount: str | None = None
    refills: int | None = None
    days_supply: int | None = None
    sig: str | None = None
    ingredients: list[tuple[str, float | None]] = field(default_factory=list)


@dataclass(frozen=True)
class _Vocabulary:
    drugs: dict[str, Drug]
    brands: dict[str, Brand]
    class_family: dict[str, str]
    topical_family: dict[str, str]
    secondary: frozenset[str]
    forms: PhraseIndex
    oral_forms: frozenset[str]
    topical_forms: frozenset[str]


@functools.cache
def _vocabulary() -> _Vocabulary:
    drugs = load_vocabulary().drugs
    return _Vocabulary(
        drugs={drug.name: drug for drug in drugs.drugs},
        brands={brand.brand.lower(): brand for brand in drugs.brands},
        class_family={drug_class.id: drug_class.family for drug_class in drugs.classes},
        topical_family={c.id: c.topical_family for c in drugs.classes if c.topical_family},
        secondary=frozenset(c.id for c in drugs.classes if c.secondary),
        forms=PhraseIndex((word, form, 0) for form, words in drugs.forms.items() for word in words),
        oral_forms=frozenset(drugs.oral_forms),
        topical_forms=frozenset(drugs.topical_forms),
    )


@functools.cache
def drug_index() -> PhraseIndex:
    """Every generic name, other name and brand of drugs.yaml, keyed "generic:…" or "brand:…"."""
    drugs = load_vocabulary().drugs
    entries: list[tuple[str, str, int]] = []
    for drug in drugs.drugs:
        entries += [(name, _GENERIC + drug.name, 0) for name in [drug.name, *drug.synonyms]]
    entries += [(brand.brand, _BRAND + brand.brand.lower(), 0) for brand in drugs.brands]
    return PhraseIndex(entries)


def medication(text: str) -> Medication | None:
    """The drug a request names and its strength, form, quantity, refills, supply and sig.

    Args:
        text: the request, with dates already blanked out.

    Returns:
        The Medication, or None when no drug of drugs.yaml is named.
    """
    vocabulary = _vocabulary()
    mentions = drug_index().scan(text)
    if not mentions:
        return None
    brand = next((vocabulary.brands[m.key[len(_BRAND) :]] for m in mentions if _is_brand(m)), None)
    brand_written = next((text[m.start : m.end] for m in mentions if _is_brand(m)), None)
    ingredients = _ingredients(text, mentions)
    form_mention = next(iter(vocabulary.forms.scan(text)), None)
    form = form_mention.key if form_mention else (brand.form if brand else None)
    compounded = (
        (len(ingredients) >= 2 and any(percent is not None for _, percent in ingredients))
        or bool(_COMPOUND_WORDS.search(text))
        or (brand is not None and brand.compounded is not None)
        or (form in vocabulary.topical_forms and _mixes_classes(mentions))
    )

    if _is_brand(mentions[0]) and brand is not None:
        generics = brand.generic.split("/")
        drug_class = brand.drug_class or _class_of(generics)
    else:
        generics = _combination(text, mentions)
        drug_class = _class_of(generics)
    if compounded and len(ingredients) >= 2:
        drug = "/".join(name for name, _ in ingredients)
        drug_class = None
    else:
        drug = "/".join(generics)

    strength_span, strength = _strength(text)
    if strength is None and not compounded and form in (None, *vocabulary.oral_forms):
        strength_span, strength = _strength_without_unit(text, mentions)
    if compounded and len(ingredients) >= 2:
        strength = None
    # neither the strength nor a name ("Tylenol #3") is a quantity
    names = [(mention.start, mention.end) for mention in mentions]
    rest = blank(text, [strength_span, *names] if strength_span else names)
    quantity, unit, amount = _quantity(rest)
    return Medication(
        family=_family(
            generics,
            drug_class,
            form,
            compounded=_compounded_kind(compounded, brand, form),
            percent=strength is not None and strength.endswith("%"),
        ),
        drug=drug,
        brand=brand_written,
        drug_class=drug_class,
        strength=strength,
        form=form,
        extended_release=bool(_EXTENDED.search(text))
        or (brand is not None and brand.extended_release),
        quantity=quantity,
        quantity_unit=unit,
        amount=amount,
        refills=_refills(text),
        days_supply=_days_supply(rest),
        sig=_sig(text),
        ingredients=ingredients if compounded else [],
    )


def _mixes_classes(mentions: list[Mention]) -> bool:
    """Whether generics written together mix two classes of active drug, counterirritants aside:
    "Flurbiprofen/Cyclobenzaprine/Lidocaine cream" is made by compounding; "Menthol/Methyl
    salicylate cream" and a brand's ingredients are not."""
    vocabulary = _vocabulary()
    classes = {
        vocabulary.drugs[name].drug_class
        for mention in mentions
        if not _is_brand(mention)
        for name in _generic_names(mention)
        if name in vocabulary.drugs
    }
    return len(classes - {"counterirritant"}) >= 2


def _is_brand(mention: Mention) -> bool:
    return mention.key.startswith(_BRAND)


def _generic_names(mention: Mention) -> list[str]:
    if _is_brand(mention):
        return _vocabulary().brands[mention.key[len(_BRAND) :]].generic.split("/")
    return [mention.key[len(_GENERIC) :]]


def _combination(text: str, mentions: list[Mention]) -> list[str]:
    """The generics of the first drug and of those joined to it ("hydrocodone/acetaminophen")."""
    names = _generic_names(mentions[0])
    for previous, mention in itertools.pairwise(mentions):
        if not re.fullmatch(r"\s*(?:/|-|\+|and|with|&)\s*", text[previous.end : mention.start]):
            break
        names += [name for name in _generic_names(mention) if name not in names]
    return names


def _class_of(generics: list[str]) -> str | None:
    vocabulary = _vocabulary()
    classes = [vocabulary.drugs[name].drug_class for name in generics if name in vocabulary.drugs]
    primary = [drug_class for drug_class in classes if drug_class not in vocabulary.secondary]
    chosen = primary or classes
    return chosen[0] if chosen else None


def _compounded_kind(compounded: bool, brand: Brand | None, form: str | None) -> str | None:
    """The kind of compound, by its brand or else its form: "topical", "oral", or None."""
    if not compounded:
        return None
    if brand is not None and brand.compounded is not None:
        return brand.compounded
    return "oral" if form in _vocabulary().oral_forms else "topical"


def _family(
    generics: list[str],
    drug_class: str | None,
    form: str | None,
    *,
    compounded: str | None,
    percent: bool,
) -> str:
    """The family of a drug request; a percentage with no form written is a topical one."""
    vocabulary = _vocabulary()
    if compounded is not None:
        return f"compounded_{compounded}"
    if form is not None and len(generics) == 1 and generics[0] in vocabulary.drugs:
        by_form = vocabulary.drugs[generics[0]].family_by_form.get(form)
        if by_form:
            return by_form
    if drug_class is None:
        return "other_medication"
    topical = form in vocabulary.topical_forms or (form is None and percent)
    if topical and drug_class in vocabulary.topical_family:
        return vocabulary.topical_family[drug_class]
    return vocabulary.class_family.get(drug_class, "other_medication")


def _ingredients(text: str, mentions: list[Mention]) -> list[tuple[str, float | None]]:
    """Each drug named, with the percentage written after it ("Ketoprofen 20%") or, for drugs
    joined by "/", in the same order after the last ("Diclofenac/Lidocaine 3%/5%")."""
    listed = _listed_percents(text, mentions)
    found: list[tuple[str, float | None]] = []
    for index, mention in enumerate(mentions):
        percent = _PERCENT_AFTER.match(text, mention.end)
        names = _generic_names(mention)
        for name in names:
            if all(name != known for known, _ in found):
                value = float(percent[1]) if percent and len(names) == 1 else None
                found.append((name, listed.get(index, value) if len(names) == 1 else value))
    return found


_PERCENT_LIST = re.compile(rf"\s*({_NUMBER})\s*%((?:\s*/\s*{_NUMBER}\s*%)+)")


def _listed_percents(text: str, mentions: list[Mention]) -> dict[int, float]:
    """The percentages written as a list after drugs joined by "/", by the mention's place."""
    listed: dict[int, float] = {}
    group = [0] if mentions else []
    for index in range(1, len(mentions) + 1):
        if index < len(mentions) and re.fullmatch(
            r"\s*/\s*", text[mentions[index - 1].end : mentions[index].start]
        ):
            group.append(index)
            continue
        found = _PERCENT_LIST.match(text, mentions[group[-1]].end) if len(group) >= 2 else None
        if found:
            values = [float(found[1]), *map(float, re.findall(_NUMBER, found[2]))]
            if len(values) == len(group):
                listed.update(zip(group, values, strict=True))
        group = [index]
    return listed


def _strength(text: str) -> tuple[tuple[int, int] | None, str | None]:
    candidates = [match for match in (_PERCENT.search(text), _MASS.search(text)) if match]
    if not candidates:
        return None, None
    match = min(candidates, key=lambda found: found.start())
    if match.re is _PERCENT:
        values = re.findall(_NUMBER, match[0])
        return match.span(), "/".join(f"{value}%" for value in values)
    numbers = "/".join(re.findall(_NUMBER, match["numbers"]))
    strength = f"{numbers} {match['unit'].lower()}"
    if match["per_unit"]:
        per = f"{match['per']} " if match["per"] else ""
        strength += f"/{per}{match['per_unit'].lower()}"
    return match.span(), strength


_BARE_STRENGTH = re.compile(
    r"(?:\s*(?:ER|XR|XL|SR|CR|IR|CD|LA|DS|HCL|sodium|oral|po|\(|\)))*\s*"
    rf"(?P<numbers>{_NUMBER}(?:\s*[-/]\s*{_NUMBER})*)(?![\d.])"
    r"(?!\s*(?:%|mcg|µg|g\b|gm|grams?|ml|mg|meq|iu|units?|hours?|hrs?|days?|weeks?|months?|"
    r"times|x\b|tabs?|tablets?|caps?|capsules?|pills?|patch|refills?|/\s*(?:day|week|hr|h)\b))",
    re.I,
)


def _strength_without_unit(
    text: str, mentions: list[Mention]
) -> tuple[tuple[int, int] | None, str | None]:
    """A tablet's strength written without its unit right after the drug's name ("Norco 10/325
    #90", "Tramadol 50 #60"): milligrams, the unit oral doses are written in."""
    end = mentions[0].end
    for previous, mention in itertools.pairwise(mentions):
        if not re.fullmatch(r"\s*(?:/|-|\+|&)\s*", text[previous.end : mention.start]):
            break
        end = mention.end  # "Hydrocodone/APAP 10/325"
    found = _BARE_STRENGTH.match(text, end)
    if found is None:
        return None, None
    numbers = "/".join(re.findall(_NUMBER, found["numbers"]))
    return found.span("numbers"), f"{numbers} mg"


def _quantity(text: str) -> tuple[int | float | None, str | None, str | None]:
    """The quantity ("#90", "#60 grams", "QTY: 2", "One container of", "240g") and the amount."""
    amount_match = _AMOUNT.search(text)
    amount = None
    if amount_match:
        amount = f"{_value(amount_match['n'])} {_unit(amount_match['unit'])}"
    for pattern in (_HASH, _QTY, _CONTAINERS):
        if found := pattern.search(text):
            unit = found.groupdict().get("unit")
            return _value(found["n"]), _unit(unit) if unit else None, amount
    if amount_match:
        return _value(amount_match["n"]), _unit(amount_match["unit"]), amount
    return None, None, None


def _value(written: str) -> int | float:
    if not re.fullmatch(_NUMBER, written):
        return number(written)
    value = float(written)
    return int(value) if value.is_integer() else value


def _unit(written: str) -> str:
    word = written.lower()
    if word in _UNITS:
        return _UNITS[word]
    return word[:-2] if word.endswith(("xes", "ches")) else word.rstrip("s")


def _refills(text: str) -> int | None:
    if _NO_REFILLS.search(text):
        return 0
    for pattern in _REFILLS:
        if found := pattern.search(text):
            return number(found["n"])
    return None


def _days_supply(text: str) -> int | None:
    for pattern, scale in _SUPPLY:
        if found := pattern.search(text):
            return number(found["n"]) * scale
    return None


def _sig(text: str) -> str | None:
    found = [match for pattern in _SIG if (match := pattern.search(text))]
    if not found:
        return None
    first = min(found, key=lambda match: match.start())
    sig = _SIG_TAIL.sub("", first[0]).strip()
    return sig or None
