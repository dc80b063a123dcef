"""Writing the decision rationale a physician reviewer reads and signs.

It says what the governing guideline requires, what the records show or fail to show (quoting
the sentence, with its record and date), and concludes "is / is not medically necessary", in
the register of the published letters.
"""

from __future__ import annotations

from openimr.domain import CriterionFinding, CriterionResult, Decision, Evidence
from openimr.guidelines.schema import Recommendation

__all__ = ["conclusion", "lower_first", "write_rationale"]

_MAX_QUOTE = 220


def conclusion(request: str, decision: Decision) -> str:
    """The closing sentence: "Therefore, the request for X is (not) medically necessary." """
    verb = "is" if decision is Decision.OVERTURNED else "is not"
    return f"Therefore, the request for {request} {verb} medically necessary."


def _quote(evidence: Evidence) -> str:
    sentence = " ".join(evidence.sentence.split())
    text = (
        sentence if len(sentence) <= _MAX_QUOTE else sentence[:_MAX_QUOTE].rsplit(" ", 1)[0] + "..."
    )
    where = ", ".join(str(part) for part in (evidence.document, evidence.date) if part)
    return f'"{text}"' + (f" ({where})" if where else "")


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "?", "!")) else text + "."


def lower_first(text: str) -> str:
    """ "A red flag" -> "a red flag", but "MRI and CT" and "TENS" keep their capitals."""
    return text[:1].lower() + text[1:] if len(text) > 1 and text[1].islower() else text


def _finding(finding: CriterionFinding) -> str:
    statement = lower_first(finding.statement.rstrip("."))
    if finding.result is CriterionResult.MET:
        if finding.note == "not found in the record":  # an exclusion the record does not trigger
            return f"No exclusion applies: {statement} (not found in the record)."
        shown = f" The records show it: {_quote(finding.evidence[0])}." if finding.evidence else ""
        return f"Met: {statement}.{shown}"
    if finding.result is CriterionResult.NOT_MET:
        detail = f" ({finding.note})" if finding.note else ""
        shown = (
            f" The records show otherwise: {_quote(finding.evidence[0])}."
            if finding.evidence
            else ""
        )
        return f"Not met: {statement}{detail}.{shown}"
    return f"Not documented: {statement}; the submitted records do not document it."


def write_rationale(
    *,
    guideline_name: str,
    recommendation: Recommendation,
    service: str,
    request: str,
    decision: Decision,
    findings: list[CriterionFinding],
    unmet: list[CriterionFinding],
    preface: str | None = None,
) -> str:
    """The rationale for one item."""
    parts = [_sentence(preface)] if preface else []
    if recommendation is Recommendation.NOT_RECOMMENDED:
        plural = guideline_name.endswith(("Guidelines", "(ODG)"))
        parts.append(f"The {guideline_name} {'do' if plural else 'does'} not recommend {service}.")
        excluded = [f for f in findings if f.result is CriterionResult.NOT_MET]
        parts.extend(_finding(f) for f in excluded[:3])
        parts.append(
            "The records do not describe extenuating circumstances that would support the request "
            "despite the guideline."
        )
    elif recommendation is Recommendation.NOT_ADDRESSED:
        parts.append(
            f"The {guideline_name} does not address {service}, and no lower step of the evidence "
            "hierarchy provides criteria that the records meet."
        )
    else:
        plural = guideline_name.split()[-1] in ("Guidelines", "(ODG)") or guideline_name.endswith(
            "Guidelines"
        )
        verb = ("recommend" if recommendation is Recommendation.RECOMMENDED else "support") + (
            "" if plural else "s"
        )
        parts.append(
            f"The {guideline_name} {verb} {service} when {'their' if plural else 'its'} criteria are met."
        )
        shown = (
            unmet
            if decision is Decision.UPHELD
            else [f for f in findings if f.result is CriterionResult.MET]
        )
        parts.extend(_finding(f) for f in shown[:6])
        if decision is Decision.OVERTURNED and not shown:
            parts.append("The request is within the guideline's limits.")
    parts.append(conclusion(request, decision))
    return " ".join(parts)
