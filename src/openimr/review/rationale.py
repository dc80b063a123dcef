"""Writing the decision rationale a physician reviewer reads and signs.

It says what the governing guideline requires, what the records show or fail to show (quoting
the sentence, with its record and date), and concludes "is / is not medically necessary", in
the register of the published letters.
"""

from __future__ import annotations

from collections.abc import Callable

from openimr.domain import CriterionFinding, CriterionResult, Decision, Evidence
from openimr.guidelines.schema import Recommendation

#: The start of a resolver's note saying a criterion does not concern this request (a
#: decompression's impingement rule for a rotator cuff repair): met, and left out of the rationale.
NOT_APPLICABLE = "not applicable"

__all__ = ["EXCLUDED", "conclusion", "lower_first", "write_rationale"]

_MAX_QUOTE = 220
#: The note of an exclusion the records show.
EXCLUDED = "the records show what the guideline excludes"


def conclusion(request: str, decision: Decision) -> str:
    """The closing sentence: "Therefore, the request for X is (not) medically necessary." """
    verb = "is" if decision is Decision.OVERTURNED else "is not"
    return f"Therefore, the request for {request} {verb} medically necessary."


Describe = Callable[[Evidence], str]


def _plain_place(evidence: Evidence) -> str:
    return f"the record of {evidence.date:%m/%d/%Y}" if evidence.date else "the records"


def _quote(evidence: Evidence, describe: Describe) -> str:
    """'the progress note of 04/22/2016 states: "..."' (a record by its type and date)."""
    sentence = " ".join(evidence.sentence.split()).rstrip(".")
    text = (
        sentence if len(sentence) <= _MAX_QUOTE else sentence[:_MAX_QUOTE].rsplit(" ", 1)[0] + "..."
    )
    return f'{describe(evidence)} states: "{text}"'


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "?", "!")) else text + "."


def lower_first(text: str) -> str:
    """ "A red flag" -> "a red flag", but "MRI and CT" and "TENS" keep their capitals."""
    return text[:1].lower() + text[1:] if len(text) > 1 and text[1].islower() else text


def _finding(finding: CriterionFinding, describe: Describe, *, exclusion: bool = False) -> str:
    """One criterion as a reviewer writes it."""
    statement = _sentence(finding.statement)
    if finding.result is CriterionResult.MET:
        if finding.note == "not found in the record":  # an exclusion the record does not trigger
            return f"{statement} The records do not show this."
        shown = (
            f" This is met: {_quote(finding.evidence[0], describe)}." if finding.evidence else ""
        )
        detail = f" ({finding.note})" if finding.note and not finding.evidence else ""
        return f"{statement}{shown or ' This is met' + detail + '.'}"
    if finding.result is CriterionResult.NOT_MET:
        if exclusion or finding.note == EXCLUDED:
            # "Examination ... show no radiculopathy. The records show what this excludes: ...
            # 'radiculopathy'" read as if the records showed none: say the exclusion applies.
            shown = (
                " The records show that this exclusion applies: "
                f"{_quote(finding.evidence[0], describe)}."
                if finding.evidence
                else " The records show that this exclusion applies."
            )
            return f"{statement}{shown}"
        if finding.note and finding.evidence:
            # a measure short of the guideline's: the quotation is what it rests on, not a
            # contrary finding
            return (
                f"{statement} This is not met: {finding.note} "
                f"({_quote(finding.evidence[0], describe)})."
            )
        detail = f": {finding.note}" if finding.note else ""
        shown = (
            f" The records show otherwise: {_quote(finding.evidence[0], describe)}."
            if finding.evidence
            else ""
        )
        return f"{statement} This is not met{detail}.{shown}"
    return f"{statement} The submitted records do not document this."


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
    describe: Describe | None = None,
) -> str:
    """The rationale for one item. ``describe`` names the record a quotation comes from ("the
    progress note of 04/22/2016")."""
    describe = describe or _plain_place
    parts = [_sentence(preface)] if preface else []
    if recommendation is Recommendation.NOT_RECOMMENDED:
        plural = guideline_name.endswith(("Guidelines", "(ODG)"))
        parts.append(f"The {guideline_name} {'do' if plural else 'does'} not recommend {service}.")
        excluded = [f for f in findings if f.result is CriterionResult.NOT_MET]
        parts.extend(_finding(f, describe, exclusion=True) for f in excluded[:3])
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
            else [
                f
                for f in findings
                if f.result is CriterionResult.MET and not (f.note or "").startswith(NOT_APPLICABLE)
            ]
        )
        parts.extend(_finding(f, describe) for f in shown[:6])
        if decision is Decision.OVERTURNED and not shown:
            parts.append("The request is within the guideline's limits.")
    parts.append(conclusion(request, decision))
    return " ".join(parts)
