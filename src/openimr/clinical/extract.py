"""``extract``: the facts of a clinical text, each with its assertion and evidence.

The pipeline (:mod:`openimr.clinical.pipeline`) finds the phrases and their ConText assertions;
the builders (:mod:`openimr.clinical.builders`) turn each phrase into facts; then a few facts are
derived from the whole document:

- ``sex`` is the first sex word ("male", "gentleman"); without one, the pronouns decide;
- ``time_since_injury_weeks`` from the date of injury and ``reference_date``;
- ``gi_risk_factor`` ``age_over_65`` from the age, and ``high_dose_or_multiple_nsaids`` when two
  or more different NSAIDs are taken;
- ``functional_improvement`` absent where the record says a treatment gave no (or no
  significant, lasting) improvement;
- a present radiculopathy is ``corroborated_by`` "exam" when the record has a positive nerve-root
  tension sign (straight leg raise, crossed, slump, Lasegue, Spurling's) or a neurologic deficit
  at a spinal level, "imaging" when a study shows nerve root compromise, "electrodiagnostic" when
  EMG/NCS shows radiculopathy.
"""

from __future__ import annotations

import datetime as dt
import re

from openimr.clinical.builders import BUILDERS, simple
from openimr.clinical.mentions import DocumentInfo, Mention, Sentences
from openimr.clinical.pipeline import build_pipeline
from openimr.domain import Assertion, Fact

__all__ = ["extract"]

# Two-digit years up to this one's last two digits are 20xx, later ones 19xx, when the caller gives
# no date (a fixed year, not today's: the same text must always give the same facts).
_DEFAULT_PIVOT_YEAR = 2035
_SKIPPED = frozenset({"_ignore", "sex_pronoun"})
_NERVE_ROOT_FINDING = re.compile(
    r"nerve root|foramina|stenosis|impinge|compress|herniat|protru|extru|displace|radicul",
    re.IGNORECASE,
)
# Nerve-root tension signs: a positive one corroborates radiculopathy on examination.
_NERVE_ROOT_SIGNS = frozenset(
    {"straight_leg_raise", "crossed_straight_leg_raise", "slump", "lasegue", "spurling"}
)
_CORROBORATION_ORDER = ("exam", "imaging", "electrodiagnostic")
_ASSERTED = (Assertion.PRESENT, Assertion.HISTORICAL)


def extract(
    text: str,
    *,
    document: str | None = None,
    document_date: dt.date | None = None,
    reference_date: dt.date | None = None,
) -> list[Fact]:
    """The clinical facts of ``text``, in the order they appear.

    Args:
        text: clinical narrative: medical records, or the clinical case summary of an IMR letter.
        document: a name for the source, copied into each fact's evidence.
        document_date: the date of the document, copied into each fact's evidence, and the pivot
            for two-digit years ("10-26-16" is 2016 when the document is from 2017; without
            any date, years up to '35 are 20xx).
        reference_date: the date to measure from (the review date): gives
            ``time_since_injury_weeks``.

    Returns:
        Facts sorted by position (start, end, kind, value); the same text always gives the same
        list. ``text[fact.evidence.start:fact.evidence.end]`` is the phrase (with any number read
        next to it), inside ``fact.evidence.sentence``.

    Example: "The injured worker is a 66-year-old gentleman with a date of injury of 03/30/2000."
    gives age 66.0, sex male and date_of_injury "2000-03-30".
    """
    anchor = reference_date or document_date
    pivot = anchor.year if anchor is not None else _DEFAULT_PIVOT_YEAR
    text = _join_wrapped_lines(text)
    doc = build_pipeline()(text)
    ents = doc.ents  # made once: each read of doc.ents makes every span again
    info = DocumentInfo(
        text=text,
        document=document,
        document_date=document_date,
        pivot_year=pivot,
        ents=ents,
        sentences=Sentences.of(doc),
    )
    mentions = [Mention(span, info) for span in ents]
    facts: list[Fact] = []
    for mention in mentions:
        if mention.category in _SKIPPED:
            continue
        facts.extend(BUILDERS.get(mention.category, simple)(mention))
    facts = _first_only(_one_sex(facts, mentions), "age")
    facts = _unique_dates_of_injury(facts)
    facts.extend(_time_since_injury(facts, reference_date))
    facts.extend(_gi_risk_from_age_and_nsaids(facts))
    facts = _corroborate_radiculopathy(facts)
    facts.extend(_no_improvement_is_no_functional_improvement(facts))
    facts = _planned_in_plan_sections(facts, text)
    return _sorted_unique(facts)


# A line break inside a sentence, before a line that goes on in lower case ("With medication
# she\nwalks 30 minutes"): the tokenizer would make the break a token and split the phrase.
_WRAPPED_LINE = re.compile(r"(?<=[^\s])\n(?=[a-z])")


def _join_wrapped_lines(text: str) -> str:
    """The text with each line break inside a sentence made a space (same length, so the
    offsets of the evidence stay those of the record)."""
    return _WRAPPED_LINE.sub(" ", text)


def _one_sex(facts: list[Fact], mentions: list[Mention]) -> list[Fact]:
    sexes = [fact for fact in facts if fact.kind == "sex"]
    others = [fact for fact in facts if fact.kind != "sex"]
    if sexes:
        return [*others, sexes[0]]
    pronouns = [mention for mention in mentions if mention.category == "sex_pronoun"]
    if not pronouns:
        return others
    counts = {"male": 0, "female": 0}
    for mention in pronouns:
        counts[str(mention.rule_value)] += 1
    if counts["male"] == counts["female"]:
        return others
    winner = "male" if counts["male"] > counts["female"] else "female"
    first = next(mention for mention in pronouns if mention.rule_value == winner)
    return [
        *others,
        first.fact("sex", winner, attributes={"from_pronouns": True}, assertion=Assertion.PRESENT),
    ]


def _first_only(facts: list[Fact], kind: str) -> list[Fact]:
    """Keep the first fact of ``kind`` (the worker's age comes first; later ones are others')."""
    first = next((fact for fact in facts if fact.kind == kind), None)
    return [fact for fact in facts if fact.kind != kind or fact is first]


def _unique_dates_of_injury(facts: list[Fact]) -> list[Fact]:
    seen: set[object] = set()
    kept = []
    for fact in facts:
        if fact.kind == "date_of_injury":
            if fact.value in seen:
                continue
            seen.add(fact.value)
        kept.append(fact)
    return kept


def _time_since_injury(facts: list[Fact], reference_date: dt.date | None) -> list[Fact]:
    injury = next((fact for fact in facts if fact.kind == "date_of_injury"), None)
    if reference_date is None or injury is None or not isinstance(injury.value, str):
        return []
    weeks = (reference_date - dt.date.fromisoformat(injury.value)).days / 7
    if weeks < 0:
        return []
    return [
        Fact(
            kind="time_since_injury_weeks",
            value=round(weeks, 1),
            unit="weeks",
            attributes={
                "date_of_injury": injury.value,
                "reference_date": reference_date.isoformat(),
            },
            evidence=injury.evidence,
        )
    ]


def _gi_risk_from_age_and_nsaids(facts: list[Fact]) -> list[Fact]:
    derived = []
    age = next((fact for fact in facts if fact.kind == "age"), None)
    if age is not None and isinstance(age.value, float) and age.value > 65:
        derived.append(
            Fact(
                kind="gi_risk_factor",
                value="age_over_65",
                attributes={"age": age.value},
                evidence=age.evidence,
            )
        )
    nsaids: dict[str, Fact] = {}
    for fact in facts:
        if (
            fact.kind == "current_medication"
            and fact.attributes.get("drug_class") == "nsaid"
            and fact.assertion in _ASSERTED
            and isinstance(fact.value, str)
        ):
            nsaids.setdefault(fact.value, fact)
    if len(nsaids) >= 2:
        second = list(nsaids.values())[1]
        derived.append(
            Fact(
                kind="gi_risk_factor",
                value="high_dose_or_multiple_nsaids",
                attributes={"drugs": ", ".join(nsaids)},
                assertion=second.assertion,
                evidence=second.evidence,
            )
        )
    return derived


def _corroborate_radiculopathy(facts: list[Fact]) -> list[Fact]:
    found: set[str] = set()
    for fact in facts:
        if fact.assertion is not Assertion.PRESENT:
            continue
        if (
            fact.kind == "positive_exam_sign"
            and fact.value in _NERVE_ROOT_SIGNS
            or fact.kind == "neurologic_deficit"
            and fact.attributes.get("dermatome")
        ):
            found.add("exam")
        elif fact.kind == "imaging_result" and _NERVE_ROOT_FINDING.search(
            str(fact.attributes.get("finding") or "")
        ):
            found.add("imaging")
        elif (
            fact.kind == "electrodiagnostic_result"
            and fact.attributes.get("result") == "abnormal"
            and re.search(r"radicul", str(fact.attributes.get("finding") or ""), re.IGNORECASE)
        ):
            found.add("electrodiagnostic")
    if not found:
        return facts
    updated = []
    for fact in facts:
        if fact.kind == "radiculopathy" and fact.assertion is Assertion.PRESENT:
            own = str(fact.attributes.get("corroborated_by") or "")
            sources = found | {part.strip() for part in own.split(",") if part.strip()}
            joined = ", ".join(source for source in _CORROBORATION_ORDER if source in sources)
            fact = fact.model_copy(
                update={"attributes": {**fact.attributes, "corroborated_by": joined}}
            )
        updated.append(fact)
    return updated


def _no_improvement_is_no_functional_improvement(facts: list[Fact]) -> list[Fact]:
    """ "without significant improvement", "did not improve", "minimal benefit", "failed to
    progress": no improvement at all is no functional improvement either (8 CCR 9792.20(e) asks
    for a clinically significant improvement), unless the same sentence states one. ``said_of``
    names the treatments of the sentence (generic names, as their facts give them)."""
    improved = {
        (fact.evidence.document, fact.evidence.sentence)
        for fact in facts
        if fact.kind == "functional_improvement" and fact.assertion is Assertion.PRESENT
    }
    # the treatments the sentence names: what gave no improvement
    treated: dict[tuple[str | None, str], list[str]] = {}
    for fact in facts:
        if fact.kind in ("treatment_tried", "current_medication") and isinstance(fact.value, str):
            named = treated.setdefault((fact.evidence.document, fact.evidence.sentence), [])
            if fact.value not in named:
                named.append(fact.value)
    derived = []
    for fact in facts:
        where = (fact.evidence.document, fact.evidence.sentence)
        if (
            fact.kind == "condition"
            and fact.value == "treatment_failed"
            and fact.assertion is Assertion.PRESENT
            and where not in improved
        ):
            said_of = ", ".join(treated.get(where, [])) or None
            derived.append(
                Fact(
                    kind="functional_improvement",
                    value=None,
                    attributes={"from": "no improvement"}
                    | ({"said_of": said_of} if said_of else {}),
                    assertion=Assertion.ABSENT,
                    evidence=fact.evidence,
                )
            )
    return derived


# A record's plan section ("PLAN:", "RECOMMENDATIONS:") lists what is to be done: what it names
# has not happened, whatever the sentence's own wording, until the next heading.
_HEADING = re.compile(r"^[ \t]*([A-Z][A-Za-z /&'-]{1,40}):", re.MULTILINE)
_PLAN_HEADING = re.compile(
    r"^(?:treatment )?(?:plan|plans|recommendations?|requests?|disposition|orders?)$", re.IGNORECASE
)
_NOT_PLANNED = frozenset({"age", "sex", "date_of_injury", "time_since_injury_weeks"})


def _planned_in_plan_sections(facts: list[Fact], text: str) -> list[Fact]:
    headings = list(_HEADING.finditer(text))
    sections = [
        (heading.end(), headings[i + 1].start() if i + 1 < len(headings) else len(text))
        for i, heading in enumerate(headings)
        if _PLAN_HEADING.match(heading.group(1).strip())
    ]
    if not sections:
        return facts
    planned = []
    for fact in facts:
        if (
            fact.assertion is Assertion.PRESENT
            and fact.kind not in _NOT_PLANNED
            and any(start <= fact.evidence.start < end for start, end in sections)
        ):
            # a procedure in the plan is a surgical plan, as the builders write one
            fact = (
                fact.model_copy(update={"kind": "surgical_plan"})
                if fact.kind == "surgery_done" and fact.value
                else fact.model_copy(update={"assertion": Assertion.HYPOTHETICAL})
            )
        planned.append(fact)
    return planned


def _sorted_unique(facts: list[Fact]) -> list[Fact]:
    unique: dict[tuple[object, ...], Fact] = {}
    for fact in facts:
        key = (fact.evidence.start, fact.evidence.end, fact.kind, str(fact.value))
        unique.setdefault(key, fact)
    return [unique[key] for key in sorted(unique, key=lambda key: (key[0], key[1], key[2], key[3]))]
