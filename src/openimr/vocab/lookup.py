"""The typed questions the rest of OpenIMR asks of the vocabulary.

>>> from openimr import vocab
>>> vocab.body_region_of("low back"), vocab.limb_of("knee"), vocab.region_of_level("C5-6")
('lumbar spine', 'lower extremity', 'cervical spine')
>>> vocab.generic_name("Norco"), vocab.drug_class_of("Flexeril")
('hydrocodone/acetaminophen', 'muscle_relaxant')
>>> vocab.family("physical_therapy").category.value
'physical medicine'
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from openimr.vocab.load import load_vocabulary
from openimr.vocab.phrases import PhraseIndex
from openimr.vocab.schema import Family, Side, SurgeryKind

__all__ = [
    "body_region_of",
    "body_regions_in",
    "drug_class_of",
    "families",
    "family",
    "family_ids",
    "generic_name",
    "limb_of",
    "region_of_level",
    "regions",
    "regions_of",
    "side_of",
    "surgery_kind",
    "surgery_kinds",
]


# --- service families and kinds of surgery


def families() -> list[Family]:
    """Every service family, in the order of service_families.yaml."""
    return list(load_vocabulary().services.families)


@functools.cache
def _families_by_id() -> dict[str, Family]:
    return {family.id: family for family in load_vocabulary().services.families}


def family_ids() -> frozenset[str]:
    """The id of every service family (the values a request's ``family`` can take)."""
    return frozenset(_families_by_id())


def family(family_id: str) -> Family:
    """The service family with this id.

    Raises:
        KeyError: no family has this id.
    """
    try:
        return _families_by_id()[family_id]
    except KeyError:
        raise KeyError(f"unknown service family {family_id!r}") from None


def surgery_kinds() -> list[SurgeryKind]:
    """Every kind of surgery, the most specific first (the values of ``surgery_kind``)."""
    return list(load_vocabulary().surgery.kinds)


def surgery_kind(kind_id: str) -> SurgeryKind:
    """The kind of surgery with this id.

    Raises:
        KeyError: no kind has this id.
    """
    for kind in load_vocabulary().surgery.kinds:
        if kind.id == kind_id:
            return kind
    raise KeyError(f"unknown kind of surgery {kind_id!r}")


# --- body regions and sides


def regions() -> list[str]:
    """Every normalised body region ("lumbar spine", "knee", "upper extremity", ...)."""
    return [region.region for region in load_vocabulary().anatomy.regions]


@functools.cache
def _region_index() -> PhraseIndex:
    entries = [
        (word, region.region, 0)
        for region in load_vocabulary().anatomy.regions
        for word in [region.region, *region.words]
    ]
    return PhraseIndex(list(dict.fromkeys(entries)))


_VERTEBRA = re.compile(r"(?<![A-Za-z0-9])([CTLS])\s?(\d{1,2})(?![0-9])")


def body_regions_in(text: str, *, levels: bool = False) -> list[str]:
    """The body regions named in ``text``, in the order written, each once.

    "Chiropractic treatment for cervical and lumbar spine, left wrist/hand" names the cervical
    spine, the lumbar spine, the wrist and the hand; the longest words win where two overlap
    ("lumbar spine" is one mention). With ``levels``, vertebrae and spinal levels name their
    region too ("disc protrusion at L4-5" names the lumbar spine; vertebra letters are read in
    capitals only, so that "s1" in a word is not one).
    """
    found = [(mention.start, mention.key) for mention in _region_index().scan(text)]
    if levels:
        found += [
            (match.start(), region)
            for match in _VERTEBRA.finditer(text)
            if (region := _level_regions().get(match[1]))
        ]
    return list(dict.fromkeys(region for _, region in sorted(found)))


def regions_of(body_parts: Iterable[str], levels: Iterable[str] = ()) -> set[str]:
    """The body regions a request is for: those its body parts name ("left knee" → knee), or,
    when they name none, those of its spinal levels ("L4-5, L5-S1" → lumbar spine)."""
    found = {region for part in body_parts for region in body_regions_in(part)}
    if found:
        return found
    return {region for level in levels if (region := region_of_level(level))}


def body_region_of(words: str) -> str | None:
    """The body region a word or phrase names ("low back" → "lumbar spine", "left knee" →
    "knee", "upper extremities" → "upper extremity", "L4-5" → "lumbar spine"); None for none."""
    found = body_regions_in(words)
    if found:
        return found[0]
    return region_of_level(words)


_LEVEL = re.compile(r"^\s*([CTLS])\s*\d", re.I)


@functools.cache
def _level_regions() -> dict[str, str]:
    return {
        letter: region.region
        for region in load_vocabulary().anatomy.regions
        for letter in region.levels
    }


def region_of_level(level: str) -> str | None:
    """The region a spinal level is in, by its upper vertebra ("C5-6" → "cervical spine",
    "L5-S1" → "lumbar spine", "T12-L1" → "thoracic spine"); None when it is no level."""
    found = _LEVEL.match(level)
    return _level_regions().get(found[1].upper()) if found else None


@functools.cache
def _limbs() -> dict[str, str]:
    return {
        region.region: region.limb
        for region in load_vocabulary().anatomy.regions
        if region.limb is not None
    }


def limb_of(region: str) -> str | None:
    """The limb region a region belongs to ("knee" → "lower extremity", "cervical spine" →
    "upper extremity"), for criteria written per limb; None when it belongs to none."""
    return _limbs().get(region)


@functools.cache
def _side_index() -> PhraseIndex:
    sides = load_vocabulary().anatomy.sides
    return PhraseIndex([(word, side, 0) for side, words in sides.items() for word in words])


def side_of(text: str) -> Side | None:
    """The side ``text`` names in full words: "bilateral" for "bilateral", "both" or both
    "left" and "right"; None when it names none. (Abbreviations such as "Lt" count only before a
    body part; the request parser reads those.)"""
    named = {mention.key for mention in _side_index().scan(text)}
    if "bilateral" in named or {"left", "right"} <= named:
        return "bilateral"
    if named == {"left"}:
        return "left"
    if named == {"right"}:
        return "right"
    return None


# --- drugs


@functools.cache
def _drug_names() -> dict[str, tuple[str, str | None]]:
    """Every generic name, other name and brand, in lower case → (generic, class)."""
    drugs = load_vocabulary().drugs
    names: dict[str, tuple[str, str | None]] = {}
    for drug in drugs.drugs:
        for name in [drug.name, *drug.synonyms]:
            names[name.lower()] = (drug.name, drug.drug_class)
    classes = {drug.name: drug.drug_class for drug in drugs.drugs}
    for brand in drugs.brands:
        drug_class = brand.drug_class or classes.get(brand.generic.split("/")[0])
        names[brand.brand.lower()] = (brand.generic, drug_class)
    return names


def _name_key(name: str) -> str:
    return " ".join(name.lower().split())


def generic_name(name: str) -> str | None:
    """The generic name of a drug written by its brand, abbreviation or generic name ("Norco" →
    "hydrocodone/acetaminophen", "APAP" → "acetaminophen", "Flexeril" → "cyclobenzaprine"), or
    of a combination written with "/" ("Hydrocodone/APAP"); None when a name is no drug of
    drugs.yaml."""
    found = _drug_names().get(_name_key(name))
    if found:
        return found[0]
    parts = [_drug_names().get(_name_key(part)) for part in name.split("/")]
    if len(parts) < 2 or any(part is None for part in parts):
        return None
    generics = [generic for part in parts if part for generic in part[0].split("/")]
    return "/".join(dict.fromkeys(generics))


def drug_class_of(name: str) -> str | None:
    """The class of a drug written by any of its names ("Norco" → "opioid"); None if unknown."""
    found = _drug_names().get(_name_key(name))
    return found[1] if found else None
