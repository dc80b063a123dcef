"""Builders for imaging and electrodiagnostic studies and for surgery."""

from __future__ import annotations

import datetime as dt
import re

from openimr.clinical.builders.places import body_part_in
from openimr.clinical.mentions import Mention
from openimr.clinical.readers import find_date_near
from openimr.domain import Assertion, Fact

# --- studies ------------------------------------------------------------------------------

_FINDING = re.compile(
    r"\b(?:showed|shows|showing|show|revealed|reveals|revealing|demonstrated|demonstrates"
    r"|demonstrating|described|describes|"
    r"indicated|indicates|indicative of|noted|notes|documented(?: as showing)?"
    r"|was significant for|with findings of|"
    r"found|confirmed|consistent with|was read as|reported|impression(?: of|:)?"
    r"|positive for)\b[:\s]*(?P<finding>[^;]*)",
    re.IGNORECASE,
)
_NEGATIVE_RESULT = re.compile(
    r"\b(?:was|were|is|are)\s+(?P<finding>(?:negative|normal|unremarkable"
    r"|within normal limits)[^;.]*)",
    re.IGNORECASE,
)
_NORMAL = re.compile(
    r"^\s*(?:an?\s+)?(?:negative|normal|unremarkable|no\s+(?:acute|significant|abnormal"
    r"|evidence|fracture|electro|instability|dislocation|stenosis|herniation|tears?|mass"
    r"|lesions?|compression|impingement|nerve root)|within normal)",
    re.IGNORECASE,
)
_NOT_DONE = re.compile(
    r"\b(?:not|never)\s+(?:been\s+)?(?:done|performed|provided|available|submitted|documented"
    r"|described|obtained|reviewed|included)\b|\bno\s+(?:prior\s+|previous\s+"
    r"|recent\s+)?(?:imaging|studies|diagnostic)",
    re.IGNORECASE,
)


def _iso(value: object) -> str:
    """A date read from the text, as ISO 8601."""
    return value.isoformat() if isinstance(value, dt.date) else str(value)


_FINDING_LEAD = re.compile(
    r'^\s*(?:(?:for|as|that|to reveal|to show|to be|of|a finding of)\s+|["\s])*', re.IGNORECASE
)
_RESULT_NEGATED = re.compile(
    r"\b(?:indicators?|findings?|evidence)\b|\b(?:not seen|negative|normal|unremarkable)\b",
    re.IGNORECASE,
)


def _finding_after(mention: Mention) -> str | None:
    tail = mention.info.text[mention.end : mention.sentence_end]
    found = _FINDING.search(tail) or _NEGATIVE_RESULT.search(tail)
    if not found:
        return None
    finding = _FINDING_LEAD.sub("", found.group("finding")).strip().strip('".').strip()
    return finding[:160] or None


def study(mention: Mention) -> list[Fact]:
    """An imaging or electrodiagnostic study: with a stated finding, or a study done without one."""
    assertion = mention.assertion
    finding = _finding_after(mention) if assertion is not Assertion.HYPOTHETICAL else None
    if (
        assertion is Assertion.ABSENT
        and not _NOT_DONE.search(mention.sentence)
        and _RESULT_NEGATED.search(mention.after(60, clause=False))
    ):
        # "Electromyographic indicators of radiculopathy were not seen": a normal study.
        assertion = Assertion.PRESENT
        finding = finding or "negative"
    attributes = {
        "body_part": body_part_in(mention.after(60) or "") or body_part_in(mention.before(30)),
        "date": None,
        "finding": finding,
        "result": None if finding is None else ("normal" if _NORMAL.match(finding) else "abnormal"),
    }
    found_date = find_date_near(
        mention.info.text, mention.start, mention.end, window=50, pivot_year=mention.info.pivot_year
    )
    if found_date and mention.sentence_start <= found_date.start < mention.sentence_end:
        attributes["date"] = _iso(found_date.value)
    if mention.category == "electrodiagnostic_result":
        return [
            mention.fact(
                "electrodiagnostic_result",
                mention.rule_value,
                attributes=attributes,
                assertion=assertion,
            )
        ]
    kind = "imaging_result" if finding is not None else "prior_imaging"
    return [mention.fact(kind, mention.rule_value, attributes=attributes, assertion=assertion)]


# --- surgery ------------------------------------------------------------------------------

_PLAN = re.compile(
    r"\b(?:plan\w*|request\w*|recommend\w*|candidate|scheduled|propos\w*|authoriz\w*|certif\w*"
    r"|consult\w*|referr\w*|pending|would|will)\b",
    re.IGNORECASE,
)


def surgical_procedure(mention: Mention) -> list[Fact]:
    body_part = body_part_in(mention.before(40) + " " + mention.span.text + " " + mention.after(40))
    procedure = mention.span.text.lower()
    if mention.assertion is Assertion.HYPOTHETICAL or (
        mention.assertion is Assertion.PRESENT and _PLAN.search(mention.before(80))
    ):
        return [
            mention.fact(
                "surgical_plan",
                procedure,
                attributes={"body_part": body_part},
                assertion=Assertion.PRESENT,
            )
        ]
    if mention.assertion is Assertion.POSSIBLE:
        return [mention.fact("surgical_plan", procedure, attributes={"body_part": body_part})]
    found_date = find_date_near(
        mention.info.text, mention.start, mention.end, window=40, pivot_year=mention.info.pivot_year
    )
    date = (
        _iso(found_date.value)
        if found_date and mention.sentence_start <= found_date.start < mention.sentence_end
        else None
    )
    facts = [
        mention.fact("surgery_done", procedure, attributes={"body_part": body_part, "date": date})
    ]
    if mention.assertion in (Assertion.PRESENT, Assertion.HISTORICAL):
        facts.append(
            mention.fact(
                "treatment_tried", "surgery", attributes={"procedure": procedure, "date": date}
            )
        )
    return facts


def surgery_done(mention: Mention) -> list[Fact]:
    return [mention.fact("surgery_done", None, attributes={"status": "post-operative"})]


def surgery_authorized(mention: Mention) -> list[Fact]:
    if re.search(r"(?:\bnon|\bnot|\bun)[\s-]*$", mention.before(6, clause=False), re.IGNORECASE):
        return []
    procedures = [other for other in mention.span.sent.ents if other.label_ == "surgical_procedure"]
    if not procedures or mention.assertion is Assertion.ABSENT:
        return []
    closest = min(procedures, key=lambda other: abs(other.start_char - mention.start))
    return [mention.fact("surgery_authorized", closest.text.lower(), assertion=Assertion.PRESENT)]
