"""Builders for the injury, the diagnoses and the examination findings."""

from __future__ import annotations

import datetime as dt
import re

from openimr.clinical.builders.places import body_part_in, dermatome_in, side_in
from openimr.clinical.mentions import Mention
from openimr.clinical.readers import duration_weeks, find_date_after, first_integer
from openimr.domain import Assertion, Fact

# --- demographics -------------------------------------------------------------------------


def _iso(value: object) -> str:
    """A date read from the text, as ISO 8601."""
    return value.isoformat() if isinstance(value, dt.date) else str(value)


_AGE_BEFORE = re.compile(
    r"(?:\b(?:a|an|now|is|was|aged?|age:?|currently)\s*|^\s*|:\s*)$", re.IGNORECASE
)
_AGE_AFTER = re.compile(
    r"^[\s,]*(?:male|female|man|woman|gentleman|lady|patient|worker|applicant|employee"
    r"|individual|person|right|left|injured|claimant)\b",
    re.IGNORECASE,
)


def age(mention: Mention) -> list[Fact]:
    """The worker's age: "a 66-year-old gentleman", "age 66"; not "migraines since 13 years old"."""
    years = first_integer(mention.span.text)
    if years is None or not 0 < years < 120:
        return []
    if not mention.lower.startswith("age") and not (
        _AGE_BEFORE.search(mention.before(12, clause=False))
        or _AGE_AFTER.match(mention.after(20, clause=False))
    ):
        return []
    return [mention.fact("age", float(years), unit="years", assertion=Assertion.PRESENT)]


_BMI_NUMBER = re.compile(
    r"^\s*(?:\(\s*BMI\s*\)\s*)?(?:of|is|was|:|=|measured at|calculated at|\s)*\s*(\d{2}(?:\.\d+)?)\b",
    re.IGNORECASE,
)
#: WHO adult classification: a body mass index of 30 or more is obesity.
OBESITY_BMI = 30.0


def body_mass_index(mention: Mention) -> list[Fact]:
    """The body mass index the record states ("BMI of 42", "body mass index: 31.5"), and
    obesity when it is 30 or more (WHO); a "body" without "mass index" is not one."""
    words = mention.lower.split()
    if words[0] == "body" and words[-1] != "index":
        return []
    found = _BMI_NUMBER.match(mention.after(25, clause=False))
    if found is None:
        return []
    value = float(found.group(1))
    if not 10 <= value <= 90:
        return []
    end = mention.end + found.end(1)
    facts = [mention.fact("body_mass_index", value, unit="kg/m2", end=end)]
    if value >= OBESITY_BMI:
        facts.append(mention.fact("condition", "obesity", attributes={"bmi": value}, end=end))
    return facts


def sex(mention: Mention) -> list[Fact]:
    return [mention.fact("sex", mention.rule_value, assertion=Assertion.PRESENT)]


def date_of_injury(mention: Mention) -> list[Fact]:
    found = find_date_after(mention.info.text, mention.end, pivot_year=mention.info.pivot_year)
    if found is None or found.end > mention.sentence_end:
        return []
    return [
        mention.fact(
            "date_of_injury", _iso(found.value), assertion=Assertion.PRESENT, end=found.end
        )
    ]


_MECHANISM_LEAD = re.compile(
    r"^\s*(?:(?:is|was|were|has been|had been)\s+)?(?:(?:detailed|described|documented|noted"
    r"|reported|listed|stated|given)\s+as\s*|occurred\s+(?:when|while|as)\s*|:\s*|was\s+|is\s+"
    r"|from\s+|due\s+to\s+)*",
    re.IGNORECASE,
)
_MECHANISM_UNKNOWN = re.compile(
    r"\bnot\b|\bunclear\b|\bunknown\b|\bundocumented\b|\bunspecified\b|\bnone\b", re.IGNORECASE
)


def mechanism_of_injury(mention: Mention) -> list[Fact]:
    tail = mention.info.text[mention.end : mention.sentence_end]
    lead = _MECHANISM_LEAD.match(tail)
    described = tail[lead.end() if lead else 0 :].split(";")[0].strip().rstrip(".").strip()
    if (
        mention.assertion is Assertion.ABSENT
        or not described
        or _MECHANISM_UNKNOWN.search(described[:40])
    ):
        return [mention.fact("mechanism_of_injury", None, assertion=Assertion.ABSENT)]
    value = described[:120]
    return [
        mention.fact(
            "mechanism_of_injury",
            value,
            assertion=Assertion.PRESENT,
            end=mention.end + (lead.end() if lead else 0) + len(described),
        )
    ]


# --- diagnoses and findings ---------------------------------------------------------------

_EMG_WORDS = re.compile(r"\b(?:emg|ncv|ncs|electro\w*|nerve conduction)\b", re.IGNORECASE)
_IMAGING_WORDS = re.compile(
    r"\b(?:mri|ct|x-?rays?|imaging|radiograph\w*|magnetic resonance|tomography)\b", re.IGNORECASE
)
_RESULT_WORDS = re.compile(
    r"\b(?:show\w*|reveal\w*|demonstrat\w*|confirm\w*|consistent|indicat\w*|document\w*"
    r"|describ\w*|find\w*|evidence)\b",
    re.IGNORECASE,
)


def diagnosis(mention: Mention) -> list[Fact]:
    attributes: dict[str, str | None] = {
        "side": side_in(mention.before(25) + " " + mention.after(25)),
    }
    sentence = mention.sentence
    if mention.category == "radiculopathy" and "corroborated_by" not in mention.rule_attributes:
        if _EMG_WORDS.search(sentence) and _RESULT_WORDS.search(sentence):
            attributes["corroborated_by"] = "electrodiagnostic"
        elif _IMAGING_WORDS.search(sentence) and _RESULT_WORDS.search(sentence):
            attributes["corroborated_by"] = "imaging"
    if mention.category in (
        "radiculopathy",
        "stenosis",
        "spondylosis",
        "fracture",
        "osteoarthritis",
    ):
        attributes["body_part"] = body_part_in(mention.before(40) + " " + mention.after(40))
    if mention.category == "stenosis" and _IMAGING_WORDS.search(sentence):
        attributes["corroborated_by"] = "imaging"
        attributes["level"] = dermatome_in(mention.before(30))
    return [mention.fact(mention.category, mention.rule_value, attributes=attributes)]


def tear(mention: Mention) -> list[Fact]:
    structure = mention.rule_value or body_part_in(mention.before(40) + " " + mention.after(40))
    attributes: dict[str, str | float | bool | None] = {"side": side_in(mention.before(40))}
    if _FULL_THICKNESS.search(mention.before(30) + " " + mention.span.text):
        attributes["thickness"] = "full"
    elif _PARTIAL_THICKNESS.search(mention.before(30) + " " + mention.span.text):
        attributes["thickness"] = "partial"
    return [mention.fact("tear", structure, attributes=attributes)]


# "full-thickness", "complete" or "massive" tear; "partial-thickness" or "partial" tear
_FULL_THICKNESS = re.compile(r"\b(full[- ]thickness|complete|massive|through-and-through)\b", re.I)
_PARTIAL_THICKNESS = re.compile(r"\b(partial[- ]thickness|partial|incomplete)\b", re.I)


_LIMB = re.compile(
    r"\b(?:legs?|arms?|extremit\w+|feet|foot|hands?|fingers?|toes?|thighs?|calf|calves"
    r"|buttocks?|dermatom\w*|[CLS][1-8])\b",
    re.IGNORECASE,
)


def radicular_symptoms(mention: Mention) -> list[Fact]:
    if mention.lower.split()[0] in {
        "numbness",
        "tingling",
        "paresthesia",
        "paresthesias",
        "paraesthesia",
        "paraesthesias",
        "pins",
    } and not _LIMB.search(mention.clause()):
        return []
    distribution = body_part_in(mention.span.text) or body_part_in(mention.after(60))
    return [
        mention.fact(
            "radicular_symptoms",
            mention.rule_value,  # "paresthesia" for numbness and tingling, else None
            attributes={
                "side": side_in(mention.clause()),
                "distribution": distribution,
                "dermatome": dermatome_in(mention.clause()),
            },
        )
    ]


def trigger_points(mention: Mention) -> list[Fact]:
    clause = mention.clause().lower()
    attributes = {
        "twitch_response": True if "twitch" in clause else None,
        "referred_pain": True
        if "referred pain" in clause or "referral of pain" in clause
        else None,
    }
    return [mention.fact("trigger_points", None, attributes=attributes)]


# A grade on the 0-5 scale is a strength grade only where the clause speaks of strength or a
# muscle ("4/5 in the left deltoid", "motor strength is 4 out of 5"); "Waddell signs 3/5" counts
# non-organic signs.
_GRADE = re.compile(r"/\s*5$|out of 5$", re.IGNORECASE)
_MOTOR_CONTEXT = re.compile(
    r"\b(?:strength|motor|power|muscles?|weak\w*|myotom\w*|grip|grasp|flexion|extension"
    r"|abduction|adduction|rotation|dorsiflex\w*|plantar\s*flex\w*|\w*flexors?|\w*extensors?"
    r"|deltoids?|biceps|triceps|quadriceps|quads|hamstrings?|ehl|gastrocs?\w*|tibialis"
    r"|iliopsoas|hip flexors?|supraspinatus|infraspinatus|rotator cuff|intrinsics?|[CLS][1-8])\b",
    re.IGNORECASE,
)
_NOT_MOTOR = re.compile(r"\bwaddell", re.IGNORECASE)


def neurologic_deficit(mention: Mention) -> list[Fact]:
    if _GRADE.search(mention.span.text):
        clause = mention.clause()
        if _NOT_MOTOR.search(clause) or not _MOTOR_CONTEXT.search(clause):
            return []
    around = mention.before(40) + " " + mention.span.text + " " + mention.after(70)
    return [
        mention.fact(
            "neurologic_deficit",
            mention.rule_value,
            attributes={"side": side_in(around), "dermatome": dermatome_in(around)},
        )
    ]


_POSITIVE = re.compile(r"\bpositive\b|\(\+\)|\bpos\b", re.IGNORECASE)


def positive_exam_sign(mention: Mention) -> list[Fact]:
    if mention.assertion is Assertion.ABSENT:
        return [mention.fact("positive_exam_sign", mention.rule_value)]
    if not (_POSITIVE.search(mention.before(60)) or _POSITIVE.search(mention.after(40))):
        return []  # named but not said to be positive ("difficult to assess")
    around = mention.before(20) + " " + mention.after(40)
    return [
        mention.fact("positive_exam_sign", mention.rule_value, attributes={"side": side_in(around)})
    ]


_SYMPTOM = re.compile(
    r"\b(?:pain|symptoms?|complaints?|numbness|tingling|ache|aching|discomfort|hearing loss"
    r"|stiffness|weakness)\b",
    re.IGNORECASE,
)
_NOT_SYMPTOM = re.compile(
    r"\b(?:times|per|week for|therapy|sessions?|visits?|treatment|follow|in\s+\d+)\b", re.IGNORECASE
)


def symptom_duration(mention: Mention) -> list[Fact]:
    lead = mention.before(60)
    if not _SYMPTOM.search(lead) or _NOT_SYMPTOM.search(lead[-25:]):
        return []
    weeks = duration_weeks(mention.span.text)
    if weeks is None:
        return []
    return [mention.fact("symptom_duration_weeks", weeks, unit="weeks")]
