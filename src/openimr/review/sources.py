"""Where a sentence of the record comes from, so that evidence knows its source.

An objective finding (a sensory deficit, a positive provocative test, spasm on palpation) counts
only when an examination, a study or an operation found it: never when the worker complains of
it, in a review of systems, in a utilization review's reasons or in a request for authorization.

The record's ``kind`` says what it is when the case file gives it; otherwise its title does. Inside
a record, the section heading before the sentence ("SUBJECTIVE:", "REVIEW OF SYSTEMS:",
"OBJECTIVE:") decides; a summary without headings is read sentence by sentence, by the words
that introduce the finding ("complains of", "examination revealed").
"""

from __future__ import annotations

import re
from enum import Enum

from openimr.domain import Evidence, Record, RecordKind

__all__ = [
    "Source",
    "is_clinical_record",
    "is_request_record",
    "sentence_source",
]


class Source(str, Enum):
    """What kind of statement a sentence is."""

    OBJECTIVE = "objective"  # examination, study, operative findings
    COMPLAINT = "complaint"  # history, complaints, review of systems
    REVIEW = "review"  # a utilization review's decision or its reasons
    REQUEST = "request"  # a request for authorization
    OTHER = "other"  # nothing says (assessment, plan, a summary's narrative)


# The utilization review decision is what is disputed, not evidence about the worker; its
# reasons are not clinical findings.
_REVIEW_RECORD = re.compile(
    r"utilization review|\bUR\b|non-?certification|denial of (authori[sz]ation|treatment)", re.I
)
_REQUEST_RECORD = re.compile(r"request for authori[sz]ation|\bRFA\b", re.I)
_STUDY_KINDS = {
    RecordKind.IMAGING,
    RecordKind.ELECTRODIAGNOSTIC_STUDY,
    RecordKind.OPERATIVE_REPORT,
}


def is_clinical_record(record: Record) -> bool:
    """Whether a record is clinical evidence (not the utilization review decision under dispute)."""
    if record.kind is not None:
        return record.kind is not RecordKind.UTILIZATION_REVIEW
    return not _REVIEW_RECORD.search(record.type or "")


def is_request_record(record: Record | str | None) -> bool:
    """Whether a record (or a record's title) is a request for authorization: it says what is
    asked, not what was done."""
    if isinstance(record, Record):
        if record.kind is not None:
            return record.kind is RecordKind.REQUEST_FOR_AUTHORIZATION
        record = record.type
    return bool(_REQUEST_RECORD.search(record or ""))


# Section headings at the start of a line (or after a sentence end), up to their colon.
_HEADING = re.compile(r"(?:^|\n|\.\s)\s*([A-Z][A-Za-z /&'-]{1,40}):", re.M)
_OBJECTIVE_HEADINGS = re.compile(
    r"objective|exam|physical|findings|impression|x-?rays?|mri|ct scan|emg|ncs|nerve conduction|"
    r"imaging|radiograph|operative|procedure|vital",
    re.I,
)
_COMPLAINT_HEADINGS = re.compile(
    r"subjective|complaint|history|review of systems|\bros\b|\bhpi\b|symptoms", re.I
)
# Headings that end an examination or a history without being either ("PLAN:", "DIAGNOSES:").
_OTHER_HEADINGS = re.compile(
    r"plan|assessment|diagnos|medication|work status|allerg|recommend|request|disability|"
    r"discussion|treatment",
    re.I,
)
# Words that introduce what the worker says, or what a review decided.
_COMPLAINT_CUE = re.compile(
    r"\b(complain\w*|c/o|report(s|ed|ing)?|stat(es|ed|ing)|describ(es|ed)|endorse[sd]?|"
    r"notes? (that )?(he|she)|feels?|felt|subjective\w*|review of systems|\bROS\b|"
    r"symptoms? (of|include))\b",
    re.I,
)
_OBJECTIVE_CUE = re.compile(
    r"\b(exam\w*|physical(ly)?|on palpation|palpat\w*|objective\w*|reveal\w*|demonstrat\w*|"
    r"showed|shows|findings?|noted on|positive|negative|test(ing)?|MRI|CT|EMG|NCS|"
    r"electrodiagnostic|x-?rays?|radiograph\w*|imaging|intraoperative\w*|range of motion)\b",
    re.I,
)
# A review of systems lists symptoms as "positive for" and "negative for": those words are no
# examination there.
_ROS_CUE = re.compile(r"\breview of systems\b|\bROS\b", re.I)
_ROS_WORDS = frozenset({"positive", "negative"})
_REVIEW_CUE = re.compile(
    r"utilization review|\bUR\b|non-?certif\w*|claims administrator|(was|were) denied|"
    r"denied (the|this) request|peer review",
    re.I,
)
_REQUEST_CUE = re.compile(r"request for authori[sz]ation|\bRFA\b", re.I)


def _section(record: Record, start: int) -> Source | None:
    """The source the section heading before ``start`` gives, if any."""
    found: Source | None = None
    for heading in _HEADING.finditer(record.text[: max(0, start)]):
        name = heading.group(1)
        # A sub-heading naming a body part ("Neck:") stays in the section it is in.
        if _COMPLAINT_HEADINGS.search(name):
            found = Source.COMPLAINT
        elif _OBJECTIVE_HEADINGS.search(name):
            found = Source.OBJECTIVE
        elif _OTHER_HEADINGS.search(name):
            found = None
    return found


def sentence_source(evidence: Evidence, record: Record | None) -> Source:
    """What kind of statement the sentence holding a phrase is.

    ``evidence.start`` is where the phrase starts in the record's text; the words of the sentence
    before the phrase decide over those after it ("Examination revealed weakness; he complains
    of pain" is an examination finding).
    """
    if record is not None:
        if not is_clinical_record(record):
            return Source.REVIEW
        if is_request_record(record):
            return Source.REQUEST
        if record.kind in _STUDY_KINDS:
            return Source.OBJECTIVE
    sentence = evidence.sentence
    if _REVIEW_CUE.search(sentence):
        return Source.REVIEW
    if _REQUEST_CUE.search(sentence):
        return Source.REQUEST
    if record is not None:
        section = _section(record, evidence.start)
        if section is not None:
            return section
    before = sentence
    if record is not None:
        phrase = " ".join(record.text[evidence.start : evidence.end].split())
        at = sentence.find(phrase) if phrase else -1
        if at >= 0:
            before = sentence[:at]
    if _ROS_CUE.search(before) or (_ROS_CUE.search(sentence) and not _examined(before)):
        return Source.COMPLAINT
    if _OBJECTIVE_CUE.search(before):
        return Source.OBJECTIVE
    if _COMPLAINT_CUE.search(before):
        return Source.COMPLAINT
    if _COMPLAINT_CUE.search(sentence) and not _OBJECTIVE_CUE.search(sentence):
        return Source.COMPLAINT
    return Source.OTHER


def _examined(words: str) -> bool:
    """Whether words name an examination, a study or a test, not only a review of systems'
    "positive" or "negative"."""
    return any(m.group(0).lower() not in _ROS_WORDS for m in _OBJECTIVE_CUE.finditer(words))
