"""Builders for treatments tried, function, work status and pain."""

from __future__ import annotations

import datetime as dt
import re

from openimr.clinical.mentions import Mention
from openimr.clinical.readers import (
    count_after,
    count_before,
    duration_weeks,
    find_date_near,
    percent_near,
)
from openimr.domain import Assertion, Fact

# --- treatments, function, pain -----------------------------------------------------------

_NO_IMPROVEMENT = re.compile(
    r"\b(?:no|without|minimal|little|not any|limited|not much|not improved much"
    r"|nor)\s+(?:(?:documentation|documented|evidence|signs?|report)\s+of\s+)?(?:(?:significant"
    r"|functional|objective|lasting|sustained|any)\s+)*(?:improvements?|benefits?|relief|change"
    r"|gains?|help)"
    r"|\bdid not (?:help|improve|provide|give|benefit)|\bnot help(?:ful|ed)?\b|\bunhelpful\b"
    r"|\bineffective\b|\bfailed\b|\bno better\b|\bnot improved\b"
    r"|\bnot (?:\w+ ){0,3}?(?:improve|help|benefit)",
    re.IGNORECASE,
)
_WORSE = re.compile(
    r"\bworse(?:ned|ning)?\b|\baggravat\w*|\bexacerbat\w*|\bincreased pain\b|\bflare", re.IGNORECASE
)
_IMPROVED = re.compile(
    r"\bhelp(?:ed|ful|s|ing)?\b|\bimprov\w*|\bbenefi\w*|\brelie(?:f|ved)\b|\bbetter\b"
    r"|\beffective\b|\b(?:decreased|reduced|reduction in|less)\s+pain\b",
    re.IGNORECASE,
)
_RELIEF_WORDS = re.compile(r"relie|improve|reduc|decreas|better|benefit", re.IGNORECASE)
_RELIEF_WEEKS = re.compile(
    r"\b(?:for|lasting)\s+(?:about\s+|approximately\s+|up to\s+)?(\w+\s*(?:days?|weeks?|months?))",
    re.IGNORECASE,
)


def _iso(value: object) -> str:
    """A date read from the text, as ISO 8601."""
    return value.isoformat() if isinstance(value, dt.date) else str(value)


# Relief that did not last ("with temporary relief only", "which helped briefly"): no lasting
# benefit, so not "improved" (8 CCR 9792.20(e) asks for functional improvement).
_TEMPORARY = re.compile(
    r"\b(?:temporar\w*|transient\w*|short-lived|brief\w*|momentar\w*|fleeting)\s+"
    r"(?:relief|benefit|improvement|help)"
    r"|\b(?:helped|relieved|improved|eased)\s+(?:only\s+)?(?:briefly|temporarily|transiently)\b"
    r"|\brelief\s+(?:was|is)\s+(?:only\s+)?(?:temporary|transient|short-lived|brief)\b",
    re.IGNORECASE,
)


def response_in(clause: str) -> str | None:
    """'no improvement', 'temporary', 'worse' or 'improved' as the clause states the
    treatment's effect."""
    if _NO_IMPROVEMENT.search(clause):
        return "no improvement"
    if _TEMPORARY.search(clause):
        return "temporary"
    if _WORSE.search(clause):
        return "worse"
    if _IMPROVED.search(clause):
        return "improved"
    return None


_NOT_IMPROVED = re.compile(
    r"(?:(?:has|have|had|does|did|do|is|was|were)\s+)?\b(?:not|n't"
    r"|never)\s+(?:\w+\s+){0,3}?(?:improv\w*|help\w*|benefit\w*|reliev\w*)\b",
    re.IGNORECASE,
)


def _negation_is_of_the_effect(mention: Mention) -> bool:
    """ "has not seemed to improve with physical therapy": the treatment was tried, it failed."""
    doc = mention.span.doc
    negations = [
        modifier
        for modifier in mention.span._.modifiers
        if modifier.category.upper() == "NEGATED_EXISTENCE"
    ]
    return bool(negations) and all(
        _NOT_IMPROVED.match(
            doc[modifier.modifier_span[0] : min(len(doc), modifier.modifier_span[1] + 5)].text
        )
        for modifier in negations
    )


def treatment_tried(mention: Mention) -> list[Fact]:
    text = mention.info.text
    found_count = count_before(text, mention.start) or count_after(text, mention.end)
    if found_count is not None and not (
        mention.sentence_start <= found_count.start < mention.sentence_end
    ):
        found_count = None
    clause = mention.clause()
    found_date = find_date_near(
        text, mention.start, mention.end, window=40, pivot_year=mention.info.pivot_year
    )
    percent = (
        percent_near(text, mention.start, mention.end) if _RELIEF_WORDS.search(clause) else None
    )
    relief_weeks = None
    if percent is not None and (
        lasting := _RELIEF_WEEKS.search(text, percent.end, min(len(text), percent.end + 50))
    ):
        relief_weeks = duration_weeks(lasting.group(1))
    attributes = {
        "count": found_count.value if found_count else None,
        "date": _iso(found_date.value)
        if found_date and mention.sentence_start <= found_date.start < mention.sentence_end
        else None,
        "response": response_in(clause),
        "percent_relief": percent.value if percent else None,
        "relief_weeks": relief_weeks,
    }
    start = min(mention.start, found_count.start) if found_count else None
    end = max(mention.end, found_count.end) if found_count else None
    assertion = None
    if mention.response is not None:
        attributes["response"] = mention.response
    elif mention.assertion is Assertion.ABSENT and _negation_is_of_the_effect(mention):
        assertion, attributes["response"] = Assertion.PRESENT, "no improvement"
    return [
        mention.fact(
            "treatment_tried",
            mention.rule_value,
            attributes=attributes,
            assertion=assertion,
            start=start,
            end=end,
        )
    ]


_TREATMENT_AFTER = re.compile(
    r"^\W*(?:\w+\W+){0,5}?(?:treatment|therapy|therapies|medications?|conservative|care"
    r"|injections?|chiropractic|acupuncture|surgery|rest|exercises?|modalities|management)\b",
    re.IGNORECASE,
)


def failed_conservative_care(mention: Mention) -> list[Fact]:
    if mention.lower in ("despite", "notwithstanding") and not _TREATMENT_AFTER.search(
        mention.after(60)
    ):
        return []
    return [mention.fact("failed_conservative_care", None)]


_DOMAINS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "adls",
        re.compile(
            r"\badls?\b|activities of daily living|daily activities|self[- ]care|household", re.I
        ),
    ),
    # "work", "working", but not the "injured worker" a sentence is about
    ("work", re.compile(r"\bwork(?!ers?\b)\w*|\bduty\b|\bjob\b", re.I)),
    ("walking", re.compile(r"\bwalk\w*|ambulat\w*", re.I)),
    ("sitting", re.compile(r"\bsit\w*", re.I)),
    ("standing", re.compile(r"\bstand\w*", re.I)),
    ("sleep", re.compile(r"\bsleep\w*", re.I)),
    ("lifting", re.compile(r"\blift\w*|\bcarry\w*", re.I)),
    ("grip", re.compile(r"\bgrip\w*|\bgrasp\w*", re.I)),
    ("mobility", re.compile(r"\bmobility\b|range of motion|flexib\w*", re.I)),
)


def functional_improvement(mention: Mention) -> list[Fact]:
    clause = mention.clause()
    domains = [name for name, pattern in _DOMAINS if pattern.search(clause)]
    attributes = {"domain": ", ".join(domains) if domains else None}
    return [mention.fact("functional_improvement", None, attributes=attributes)]


_SCORE = re.compile(
    r"(\d+(?:\.\d+)?)(?:\s*(?:-|to)\s*(\d+(?:\.\d+)?))?\s*(?:/|out\s+of)\s*10\b", re.IGNORECASE
)
_WITH_AFTER = re.compile(r"[\s,]*(with|without|w/o|w/)\b\W*(\w*)", re.IGNORECASE)
_WITH_BEFORE = re.compile(
    r"\b(with|without|w/o|w/)\s+(?:the\s+)?(?:use\s+of\s+)?(?:pain\s+)?(?:medications?|meds"
    r"|medicine|opioids?|analgesics?|narcotics?)\W*(?:\w+\W+){0,3}$",
    re.IGNORECASE,
)
_MEDICATION_WORD = re.compile(
    r"^(?:med\w*|opioid\w*|analgesic\w*|narcotic\w*|norco|the|pain|and|\d+)$", re.IGNORECASE
)


def _medication_state(mention: Mention) -> str | None:
    """'with' or 'without' medication, as written right after or just before the score."""
    after = _WITH_AFTER.match(mention.after(30))
    if after and _MEDICATION_WORD.match(after.group(2) or ""):
        return after.group(1).lower()
    before = _WITH_BEFORE.search(mention.before(45))
    return before.group(1).lower() if before else None


def pain_score(mention: Mention) -> list[Fact]:
    text = mention.info.text
    if (
        text[mention.end : mention.end + 1] in ("/", "-")
        and text[mention.end + 1 : mention.end + 2].isdigit()
    ):
        return []  # a date, 06/10/2014
    if (
        mention.start > 0
        and text[mention.start - 1] in "/-."
        and text[mention.start - 2 : mention.start - 1].isdigit()
    ):
        return []
    found = _SCORE.search(mention.span.text)
    if not found:
        return []
    low = float(found.group(1))
    high = float(found.group(2)) if found.group(2) else low
    if not (0 <= low <= 10 and 0 <= high <= 10):
        return []
    medication = _medication_state(mention)
    attributes: dict[str, str | float | None] = {
        "medication": None
        if medication is None
        else ("without_medication" if medication in ("without", "w/o") else "with_medication"),
        "low": low if high != low else None,
        "high": high if high != low else None,
    }
    return [mention.fact("pain_score", high, unit="/10", attributes=attributes)]


def pain_relief_percent(mention: Mention) -> list[Fact]:
    found = re.search(
        r"(\d+(?:\.\d+)?)(?:\s*-\s*(\d+(?:\.\d+)?))?\s*(?:%|percent)", mention.span.text, re.I
    )
    if not found:
        return []
    value = float(found.group(2) or found.group(1))
    if value > 100:
        return []
    return [mention.fact("pain_relief_percent", value, unit="%")]
