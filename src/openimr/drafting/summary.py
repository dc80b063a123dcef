"""Writing the clinical case summary from the records, every sentence traceable to its source.

The register is the letters': who the worker is and when the injury happened, then the course
documented by date (examination findings, imaging and tests, diagnoses, treatments and their
results, work status), then the request and the utilization review decision. Findings are the
records' own sentences, chosen where the clinical extractor found a fact the criteria use, and
each summary sentence keeps the ids of the records it came from.
"""

from __future__ import annotations

import datetime as dt

from openimr.clinical.rules import DIAGNOSES
from openimr.domain import Assertion, Case, Fact
from openimr.drafting.format import us_date
from openimr.drafting.sentences import SummarySentence

__all__ = ["SummarySentence", "write_summary", "summary_text"]

# Fact kinds worth a place in the summary, most telling first.
_TELLING = (
    "radiculopathy",
    "red_flag",
    "neurologic_deficit",
    "positive_exam_sign",
    "trigger_points",
    "tear",
    "fracture",
    "stenosis",
    "imaging_result",
    "electrodiagnostic_result",
    "treatment_tried",
    "functional_improvement",
    "pain_score",
    "pain_relief_percent",
    "work_status",
    "surgical_plan",
    "surgery_authorized",
    "current_medication",
    "urine_drug_screen",
    "gi_risk_factor",
    "myofascial_pain",
    "radicular_symptoms",
    "carpal_tunnel_syndrome",
    "neuropathy",
    "crps",
    "instability",
)
_RANK = {kind: rank for rank, kind in reversed(list(enumerate(_TELLING)))}
_DIAGNOSES = (*DIAGNOSES, "tear")
_PER_RECORD = 3


def _opening(case: Case, facts: list[Fact]) -> SummarySentence:
    sources = ["case file"]
    age = case.worker.age
    sex = case.worker.sex
    if age is None:
        found = next(
            (f for f in facts if f.kind == "age" and isinstance(f.value, (int, float))), None
        )
        if found and isinstance(found.value, (int, float)):
            age, sources = int(found.value), sources + [found.evidence.document or "record"]
    if sex is None:
        found = next((f for f in facts if f.kind == "sex" and f.value), None)
        if found:
            sex, sources = str(found.value), sources + [found.evidence.document or "record"]
    who = "The injured worker is " + (
        f"a {age}-year-old {sex or 'individual'}" if age else f"a {sex or 'worker'}"
    )
    injury = (
        f" with a date of injury of {us_date(case.date_of_injury)}."
        if case.date_of_injury
        else "; the date of injury is not given."
    )
    return SummarySentence(who + injury, tuple(dict.fromkeys(sources)))


def _diagnosis_name(fact: Fact) -> str:
    """A diagnosis as words: "rotator cuff tear", "degenerative disc disease", "radiculopathy"."""
    value = fact.value.replace("_", " ") if isinstance(fact.value, str) and fact.value else ""
    kind = fact.kind.replace("_", " ")
    if fact.kind in ("tear", "fracture", "instability") and value:
        return f"{value} {kind}"
    return value or kind


def write_summary(case: Case, facts: list[Fact]) -> list[SummarySentence]:
    """The summary's sentences, in order, each with its sources."""
    present = [f for f in facts if f.assertion in (Assertion.PRESENT, Assertion.ABSENT)]
    sentences = [_opening(case, present)]
    mechanism = next((f for f in present if f.kind == "mechanism_of_injury" and f.value), None)
    if mechanism:
        sentences.append(
            SummarySentence(
                f"The mechanism of injury was described as {str(mechanism.value).rstrip('.')}.",
                (mechanism.evidence.document or "record",),
            )
        )
    by_record: dict[str, list[Fact]] = {}
    for fact in present:
        if fact.kind in _TELLING and fact.evidence.document:
            by_record.setdefault(fact.evidence.document, []).append(fact)
    records = sorted(case.records, key=lambda r: (r.date or dt.date.max, r.id))
    # Many facts share a sentence: each distinct sentence's whitespace is normalized once.
    normalized: dict[str, str] = {}
    for record in records:
        ranked: dict[str, tuple[int, int]] = {}
        for f in by_record.get(record.id, []):
            raw = f.evidence.sentence
            key = normalized.get(raw)
            if key is None:
                key = normalized[raw] = " ".join(raw.split())
            ranked[key] = (_RANK[f.kind], f.evidence.start)
        chosen = sorted(
            ranked.items(),
            key=lambda kv: kv[1],
        )[:_PER_RECORD]
        if not chosen:
            continue
        quoted = " ".join(
            s if s.endswith((".", "!", "?")) else s + "."
            for s, _ in sorted(chosen, key=lambda kv: kv[1][1])
        )
        kind = record.type or "record"
        when = f"The {kind} dated {us_date(record.date)}" if record.date else f"An undated {kind}"
        sentences.append(SummarySentence(f"{when} documented: {quoted}", (record.id,)))
    diagnoses: dict[str, set[str]] = {}
    for fact in present:
        if fact.kind in _DIAGNOSES and fact.assertion is Assertion.PRESENT:
            name = _diagnosis_name(fact)
            diagnoses.setdefault(name, set()).add(fact.evidence.document or "record")
    if diagnoses:
        names = list(diagnoses)
        listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + f" and {names[-1]}"
        sentences.append(
            SummarySentence(
                f"The documented diagnoses included {listed}.",
                tuple(sorted(set().union(*diagnoses.values()))),
            )
        )
    items = [item.request for item in case.items]
    if not items:
        return sentences
    listed = items[0] if len(items) == 1 else "; ".join(items[:-1]) + f"; and {items[-1]}"
    if case.ur_decision_date:
        sentences.append(
            SummarySentence(
                f"A Utilization Review decision dated {us_date(case.ur_decision_date)} did not certify the requests "
                f"now disputed: {listed}.",
                ("utilization review",),
            )
        )
    else:
        sentences.append(
            SummarySentence(f"The requests now disputed are: {listed}.", ("case file",))
        )
    return sentences


def summary_text(sentences: list[SummarySentence]) -> str:
    """The summary as one paragraph."""
    return " ".join(sentence.text for sentence in sentences)
