"""What the engine knows while it decides one disputed item: the case, the request, the facts."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property

from openimr.domain import (
    Assertion,
    AttentionFlag,
    Case,
    Evidence,
    Fact,
    FlagKind,
    ItemDetermination,
    Record,
    RecordKind,
)
from openimr.requests.model import Request
from openimr.review.phase import OnsetCandidate
from openimr.review.sources import Source, is_clinical_record, is_request_record, sentence_source

__all__ = ["FactIndex", "ItemContext", "Surgery", "is_clinical_record", "is_request_record"]


class FactIndex:
    """The facts of a case by kind, and the records' sentences for the few rules that read text."""

    def __init__(self, facts: Iterable[Fact], case: Case) -> None:
        self._facts: dict[str, list[Fact]] = defaultdict(list)
        for fact in facts:
            self._facts[fact.kind].append(fact)
        self._case = case
        self._records = {record.id: record for record in case.records}
        self._sources: dict[tuple[str | None, int, str], Source] = {}
        self._by_assertion: dict[tuple[str, Assertion], list[Fact]] = {}
        self._add_report_findings()

    def _add_report_findings(self) -> None:
        """Every finding sentence of a study report is a study result, though it does not name the
        study: "L5-S1: left paracentral disc extrusion compressing the left S1 nerve root." in an
        MRI report is what the MRI showed. Each becomes an ``imaging_result`` (or
        ``electrodiagnostic_result``) with the sentence as its finding, unless the extractor
        already made one of that sentence; ``report_place`` keeps the report's title and first
        line, which name the region and side the whole report is about."""
        reports = {
            record.id: kind
            for record in self._case.records
            if (kind := _report_kind(record)) is not None
        }
        if not reports:
            return
        done = {
            (f.evidence.document, f.evidence.sentence)
            for kind in ("imaging_result", "electrodiagnostic_result")
            for f in self._facts.get(kind, [])
            if f.attributes.get("finding")
        }
        for evidence in self.sentences:
            kind = reports.get(evidence.document or "")
            if kind is None or (evidence.document, evidence.sentence) in done:
                continue
            finding = _LABELS.sub("", evidence.sentence).strip(" .")
            if len(finding) < 8 or (_TITLE.match(finding) and not _lesion_named(finding)):
                continue  # a heading or the report's title ("MRI RIGHT KNEE WITHOUT CONTRAST")
            record = self._records[evidence.document or ""]
            normal = bool(_NORMAL_FINDING.search(finding)) and not _lesion_named(finding)
            self._facts[kind].append(
                Fact(
                    kind=kind,
                    value=_modality(record, kind),
                    attributes={
                        "finding": finding[:160],
                        "result": "normal" if normal else "abnormal",
                        "date": record.date.isoformat() if record.date else None,
                        "report_place": f"{record.type or ''}. {record.text.lstrip()[:80]}",
                    },
                    evidence=evidence,
                )
            )

    def record(self, document: str | None) -> Record | None:
        """The record a piece of evidence comes from."""
        return self._records.get(document) if document is not None else None

    def source(self, evidence: Evidence) -> Source:
        """What kind of statement a piece of evidence is (``review.sources``)."""
        key = (evidence.document, evidence.start, evidence.sentence)
        found = self._sources.get(key)
        if found is None:
            found = sentence_source(evidence, self.record(evidence.document))
            self._sources[key] = found
        return found

    def describe(self, evidence: Evidence) -> str:
        """A record as a reviewer names it: "the progress note of 04/22/2016"."""
        record = self.record(evidence.document)
        title = (record.type if record else None) or (
            record.kind.value if record and record.kind else None
        )
        date = evidence.date or (record.date if record else None)
        if title is None:
            return f"the record of {date:%m/%d/%Y}" if date else "the records"
        title = " ".join(title.split())
        # "Progress note" -> "progress note", but "MRI report" and "PR-2" keep their capitals
        title = title[:1].lower() + title[1:] if title[1:2].islower() else title
        return f"the {title} of {date:%m/%d/%Y}" if date else f"the {title}"

    def of(self, kind: str, *, assertion: Assertion | None = None) -> list[Fact]:
        """Facts of a kind, optionally only those with one assertion."""
        if assertion is None:
            return list(self._facts.get(kind, ()))
        key = (kind, assertion)
        found = self._by_assertion.get(key)
        if (
            found is None
        ):  # each (kind, assertion) filtered once per case; rules ask thousands of times
            found = [f for f in self._facts.get(kind, ()) if f.assertion is assertion]
            self._by_assertion[key] = found
        return list(found)

    def present(self, *kinds: str) -> list[Fact]:
        """Facts of these kinds that the record asserts as present."""
        return [f for kind in kinds for f in self.of(kind, assertion=Assertion.PRESENT)]

    def absent(self, *kinds: str) -> list[Fact]:
        """Facts of these kinds that the record explicitly negates."""
        return [f for kind in kinds for f in self.of(kind, assertion=Assertion.ABSENT)]

    @cached_property
    def sentences(self) -> list[Evidence]:
        """Every sentence of every clinical record, as evidence (for rules that read a phrase
        directly), split as the clinical pipeline splits them ("Dr. Smith" is not two sentences)."""
        from openimr.clinical.rules import sentence_abbreviations
        from openimr.clinical.sentences import sentence_starts

        abbreviations = sentence_abbreviations()
        found = []
        for record in self._case.records:
            if not is_clinical_record(record):
                continue
            starts = sorted({0, *sentence_starts(record.text, abbreviations)})
            for start, end in zip(starts, [*starts[1:], len(record.text)], strict=True):
                raw = record.text[start:end]
                text = " ".join(raw.split())
                if text:
                    lead = len(raw) - len(raw.lstrip())
                    found.append(
                        Evidence(
                            sentence=text,
                            start=start + lead,
                            end=start + len(raw.rstrip()),
                            document=record.id,
                            date=record.date,
                        )
                    )
        return found

    @cached_property
    def onset_candidates(self) -> list[OnsetCandidate]:
        """The sentences that date an onset, with their dates and regions, found once per case
        for every item's phase of care (``review.phase.item_phase``)."""
        from openimr.review.phase import onset_candidates

        return onset_candidates(self.sentences)


def _report_kind(record: Record) -> str | None:
    """The fact kind a study report's findings are, or None for a record that is not one."""
    if record.kind is RecordKind.IMAGING:
        return "imaging_result"
    if record.kind is RecordKind.ELECTRODIAGNOSTIC_STUDY:
        return "electrodiagnostic_result"
    if record.kind is None and record.type:
        if _EDX_TITLE.search(record.type):
            return "electrodiagnostic_result"
        if _IMAGING_TITLE.search(record.type):
            return "imaging_result"
    return None


def _modality(record: Record, kind: str) -> str:
    title = f"{record.type or ''} {record.text[:60]}"
    if kind == "electrodiagnostic_result":
        return "EMG" if re.search(r"\bEMG|electromyog", title, re.I) else "NCS"
    for name, pattern in (("MRI", r"\bMRI?\b|magnetic"), ("CT", r"\bCT\b|tomograph")):
        if re.search(pattern, title, re.I):
            return name
    return "x-ray" if re.search(r"x-?ray|radiograph|views?\b", title, re.I) else "imaging"


_IMAGING_TITLE = re.compile(
    r"\b(?:MRI|MRA|CT|x-?rays?|radiograph\w*|imaging|ultrasound|bone scan)\b.*\breport\b", re.I
)
_EDX_TITLE = re.compile(r"\b(?:EMG|NCS|NCV|electrodiagnostic|nerve conduction)\b", re.I)
# Headings and labels before a finding: "MRI LUMBAR SPINE WITHOUT CONTRAST:", "L5-S1:", "IMPRESSION:".
_LABELS = re.compile(r"^(?:\s*[A-Z0-9][A-Za-z0-9 ,/&()'-]{0,60}:\s*)+")
_TITLE = re.compile(r"^(?:MRI|MRA|CT|EMG|NCS|X-?RAYS?|RADIOGRAPHS?)\b[A-Z0-9 ,/&()'-]*$")
_NORMAL_FINDING = re.compile(
    r"^(?:an?\s+)?(?:negative|normal|unremarkable|no\b|within normal)|"
    r"\b(?:normal|unremarkable|negative|intact)$",
    re.I,
)
_LESION = re.compile(
    r"\b(?:tear|herniat\w*|extrusion|protrusion|stenosis|compress\w*|fracture|narrowing"
    r"|spondylolisthesis|anterolisthesis|instability|denervation|prolonged|radiculopathy"
    r"|neuropathy|osteoarthritis|effusion)\b",
    re.I,
)
_DENIED = re.compile(r"\b(?:no|without|negative for)\b", re.I)


def _lesion_named(finding: str) -> bool:
    """Whether a finding names a lesion it does not deny ("no stenosis" denies it; a clause of
    its own per comma or semicolon)."""
    for clause in re.split(r"[,;]", finding):
        for lesion in _LESION.finditer(clause):
            if not _DENIED.search(clause[: lesion.start()]):
                return True
    return False


@dataclass(frozen=True)
class ItemContext:
    """One disputed item under review.

    ``on`` is the date whose guidelines apply (the UR decision date, else the date the
    application was received; None when the case gives neither). ``primary`` is the decision
    on the primary procedure, for an associated surgical service.
    """

    case: Case
    request: Request
    facts: FactIndex
    on: dt.date | None
    primary: ItemDetermination | None = None
    others: tuple[Request, ...] = field(default_factory=tuple)
    regions: frozenset[str] = frozenset()
    side: str | None = None
    surgery: Surgery | None = None
    assumptions: list[AttentionFlag] = field(default_factory=list, compare=False)

    def __post_init__(self) -> None:
        if not self.regions:  # a context built without its place: the request's own
            from openimr.review.place import item_place

            regions, side = item_place(None, self.request)
            object.__setattr__(self, "regions", regions)
            object.__setattr__(self, "side", self.side or side)

    def assume(self, detail: str) -> None:
        """Record an assumption the decision rests on (it becomes a flag on the item)."""
        if not any(flag.detail == detail for flag in self.assumptions):
            self.assumptions.append(AttentionFlag(kind=FlagKind.ASSUMPTION, detail=detail))


@dataclass(frozen=True)
class Surgery:
    """The surgery a pre-, peri- or post-operative service belongs to, and how the case knows
    of it: disputed in this review (``decision`` set), certified by utilization review, or
    planned in the records."""

    name: str
    how: str  # "disputed", "certified", "planned"
    decision: ItemDetermination | None = None
    evidence: Evidence | None = None
    regions: frozenset[str] = frozenset()
    side: str | None = None
    kind: str | None = None  # the kind of surgery (openimr.vocab), when its name says it
