"""Where in the body an item is for, and whether a sentence concerns that place.

A left knee MRI is never supported by a sentence about the right knee, nor a neck criterion by a
sentence about the low back. The item's body region and side come from the case file when it
gives them (``DisputedItem.body_region`` and ``side``), else from the request ("MRI of the left
knee"), else from the plan that asks for the service ("Start naproxen ... for the acute neck
strain").
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from openimr.domain import DisputedItem, Evidence, Record
from openimr.requests.model import Request

__all__ = ["concerns", "item_place", "regions_named", "side_named"]

_SIDE_WORD = {"left": "left", "right": "right", "lt": "left", "rt": "right"}


@functools.cache
def _region_words() -> dict[str, str]:
    """For each body region of the vocabulary, one pattern: the region's own words (the one
    vocabulary, ``openimr.vocab``) and the words that place a finding there
    (``clinical/data/region_words.yaml``)."""
    from importlib import resources

    import yaml

    from openimr.vocab.load import load_vocabulary

    extra = yaml.safe_load(
        resources.files("openimr.clinical").joinpath("data/region_words.yaml").read_text("utf-8")
    )["regions"]
    vocabulary = {r.region: r.words for r in load_vocabulary().anatomy.regions}
    unknown = set(extra) - set(vocabulary)
    if unknown:
        from openimr.errors import ClinicalRuleError

        raise ClinicalRuleError(
            f"region_words.yaml: {', '.join(sorted(unknown))} is not a body region of the vocabulary"
        )
    words = {}
    for region, own in vocabulary.items():
        if region == "spine":  # "spine" alone places nothing in one of its regions
            continue
        names = [r"\b" + re.escape(w) + r"\b" for w in (region, *own) if w != "back"]
        names += [r"\blow(?:er)? back\b"] if region == "lumbar spine" else []
        words[region] = "|".join(names + list(extra.get(region, [])))
    return words


@functools.cache
def _side_pattern() -> re.Pattern[str]:
    from openimr.vocab.load import load_vocabulary

    sides = load_vocabulary().anatomy.sides
    words = [w for ws in sides.values() for w in ws if w.isalpha()]
    for word in words:
        _SIDE_WORD.setdefault(word, "bilateral" if word not in ("left", "right") else word)
    return re.compile(r"\b(" + "|".join(map(re.escape, words)) + r"|(?:l|r)t\.?)\b", re.I)


@functools.cache
def _region_pattern(region: str) -> re.Pattern[str]:
    return re.compile(_region_words()[region], re.I)


@functools.cache
def _other_regions_pattern(regions: frozenset[str]) -> re.Pattern[str]:
    """One pattern for every body region but these: it finds something in a sentence exactly
    when one of their own patterns does (an alternation is searched at each position for any of
    its branches; the patterns hold no back-references), in one search instead of one a region.
    Cached per set of regions, a pure function of the vocabulary."""
    others = [words for region, words in _region_words().items() if region not in regions]
    return re.compile("|".join(f"(?:{words})" for words in others) or "(?!)", re.I)


def regions_named(text: str) -> set[str]:
    """The body regions a text names."""
    return {region for region in _region_words() if _region_pattern(region).search(text)}


def side_named(text: str) -> str | None:
    """left, right or bilateral, as a request or a body region is written ("L knee" is not read)."""
    found = _side_pattern().search(text)
    if not found:
        return None
    word = found.group(1).lower().rstrip(".")
    return _SIDE_WORD.get(word, "bilateral")


def _sides_before(sentence: str, region: str) -> list[str | None]:
    """For each mention of the region in the sentence, the side written in the few words before
    it ("left knee", "right shoulder and knee"), or None."""
    sides: list[str | None] = []
    for mention in _region_pattern(region).finditer(sentence):
        before = re.split(r"[.;]|\bthe (?:other|opposite)\b", sentence[: mention.start()])[-1]
        words = [w.group(1).lower().rstrip(".") for w in _side_pattern().finditer(before)]
        sides.append(_SIDE_WORD.get(words[-1], "bilateral") if words else None)
    return sides


def concerns(sentence: str, regions: Iterable[str], side: str | None = None) -> bool:
    """Whether a sentence may concern this place: it names the region (on this side, on both
    sides, or on no stated side), or names no other region and not only the other side.

    >>> concerns("MRI of the right knee showed a meniscal tear.", {"knee"}, "left")
    False
    >>> concerns("Left knee: positive McMurray test.", {"knee"}, "left")
    True
    """
    regions = set(regions) & set(_region_words())
    if not regions:
        return True
    sentence = " ".join(sentence.split())
    other_side = {"left": "right", "right": "left"}.get(side or "")
    named = [s for region in regions for s in _sides_before(sentence, region)]
    if named:
        return other_side is None or any(s != other_side for s in named)
    if _other_regions_pattern(frozenset(regions)).search(sentence):
        return False
    if other_side is not None:
        said = {
            _SIDE_WORD.get(w.group(1).lower().rstrip("."), "bilateral")
            for w in _side_pattern().finditer(sentence)
        }
        return not said or said != {other_side}
    return True


# "Start naproxen 550 mg ... for the acute neck strain": what a service is for, in the plan.
_FOR = re.compile(r"\bfor (?:the |his |her |their )?(?:\w+ ){0,3}?(?=\w)", re.I)


def _plan_region(
    request: Request, records: Iterable[Record], sentences: Iterable[Evidence]
) -> tuple[set[str], str | None]:
    names = {n.lower() for n in (request.drug, request.brand) if n}
    names |= {part.strip().lower() for n in list(names) for part in n.split("/") if part.strip()}
    if not names:
        return set(), None
    dated = {record.id: record.date for record in records}
    latest: tuple[object, set[str], str | None] | None = None
    for sentence in sentences:
        text = sentence.sentence
        lowered = text.lower()
        at = min((lowered.find(n) for n in names if n in lowered), default=-1)
        if at < 0:
            continue
        after = text[at:]
        purpose = _FOR.search(after)
        if purpose is None:
            continue
        tail = re.split(r"[.;]", after[purpose.start() :])[0]
        found = regions_named(tail) - {"upper extremity", "lower extremity"}
        if not found:
            continue
        key = (dated.get(sentence.document or "") or sentence.date, sentence.start)
        if latest is None or str(key) >= str(latest[0]):
            latest = (key, found, side_named(tail))
    return (latest[1], latest[2]) if latest else (set(), None)


def item_place(
    item: DisputedItem | None,
    request: Request,
    records: Iterable[Record] = (),
    sentences: Iterable[Evidence] = (),
) -> tuple[frozenset[str], str | None]:
    """The body regions and side an item is for: as the case file gives them, else as the
    request names them, else as the plan that asks for it says ("for the neck")."""
    from openimr.guidelines.matching import body_regions_of

    if item is not None and item.body_region:
        regions = {r.value for r in body_regions_of([item.body_region])} or regions_named(
            item.body_region
        )
        side = item.side or side_named(item.body_region) or request.laterality or None
        return frozenset(regions), _normal_side(side)
    regions = {r.value for r in body_regions_of(list(request.body_parts), list(request.levels))}
    side = (item.side if item is not None else None) or request.laterality
    if not regions:
        regions, planned_side = _plan_region(request, records, sentences)
        side = side or planned_side
    return frozenset(regions), _normal_side(side)


def _normal_side(side: str | None) -> str | None:
    if side is None:
        return None
    word = side.strip().lower()
    return _SIDE_WORD.get(word, "bilateral" if word.startswith(("bilat", "both")) else None)
