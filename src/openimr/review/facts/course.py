"""The course of care: time since injury, conservative treatment and its failure, prior sessions,
functional improvement (8 CCR 9792.20), goals and home exercise."""

from __future__ import annotations

import re

from openimr.domain import Assertion, Fact
from openimr.review.context import ItemContext, is_request_record
from openimr.review.facts.common import (
    TRIED,
    facts,
    in_region,
    present_or_absent,
    show,
    treatments_of,
    weeks_since_injury,
)
from openimr.review.facts.registry import UNKNOWN, Resolution, resolver

_CONSERVATIVE = {
    "physical_therapy",
    "occupational_therapy",
    "chiropractic",
    "acupuncture",
    "medication",
    "home_exercise",
    "injection",
    "epidural_steroid_injection",
    "activity_modification",
    "massage",
    "tens",
    "trigger_point_injection",
}
_NO_BENEFIT = {
    "no improvement",
    "worse",
    "no benefit",
    "no relief",
    "minimal improvement",
    "failed",
    "temporary",
    "not tolerated",
}


@resolver("failed_conservative_care")
def failed_conservative_care(context: ItemContext) -> Resolution:
    """Conservative care was tried and the symptoms it was meant to relieve are still there; the
    value is the weeks since the injury, which the guidelines compare with the period of
    conservative care they ask for (about a month for spinal imaging).

    A treatment that helped (improved) does not count; any other conservative treatment tried,
    with the worker still symptomatic enough to be asking for more care, does.
    """
    weeks, _ = weeks_since_injury(context)
    stated = facts(context, "failed_conservative_care")
    if stated:
        return show(*stated, value=weeks)
    tried = [
        f
        for f in facts(context, "treatment_tried", assertions=TRIED)
        if str(f.value) in _CONSERVATIVE and in_region(context, f.evidence.sentence)
    ]
    # Medicines taken for the injury are conservative care too (an NSAID, a muscle relaxant).
    tried += [
        f
        for f in facts(context, "current_medication", assertions=TRIED)
        if str(f.attributes.get("drug_class", ""))
        in ("nsaid", "muscle_relaxant", "analgesic", "opioid")
    ]
    # "with temporary relief only", "which helped briefly": no lasting benefit, so it failed
    passing = _no_lasting_benefit(context)
    helped = [
        f
        for f in tried
        if str(f.attributes.get("response", "")) == "improved"
        and (f.evidence.document, f.evidence.sentence) not in passing
    ] + [
        f
        for f in facts(context, "condition", values={"treatment_helped"})
        if in_region(context, f.evidence.sentence)
        and (f.evidence.document, f.evidence.sentence) not in passing
    ]
    failed = [
        f
        for f in tried
        if str(f.attributes.get("response", "")) in _NO_BENEFIT
        or (f.evidence.document, f.evidence.sentence) in passing
    ]
    if helped and not failed:
        return Resolution(
            "absent",
            weeks,
            tuple(h.evidence if isinstance(h, Fact) else h for h in helped[:2]),
            "conservative care has helped",
        )
    if failed or tried:
        return show(*(failed or tried)[:2], value=weeks)
    denied = facts(context, "failed_conservative_care", assertions=(Assertion.ABSENT,))
    untried = [
        f
        for f in facts(context, "treatment_tried", assertions=(Assertion.ABSENT,))
        if str(f.value) in _CONSERVATIVE
    ]
    return present_or_absent([], denied or untried)


@resolver("failed_exercise_program", "failed_strengthening_program")
def failed_exercise_program(context: ItemContext) -> Resolution:
    """Failure to progress in a strengthening (therapy or exercise) program: therapy was tried and
    gave no lasting benefit, or symptoms and deficits persist despite it."""
    therapy = [
        f
        for f in facts(context, "treatment_tried", assertions=TRIED)
        if str(f.value) in ("physical_therapy", "occupational_therapy", "home_exercise")
        and in_region(context, f.evidence.sentence)
    ]
    failed = [f for f in therapy if str(f.attributes.get("response", "")) in _NO_BENEFIT]
    # "failed to progress", "plateaued", "without lasting improvement" said of the therapy
    therapy_sentences = {
        (f.evidence.document, f.evidence.sentence)
        for f in context.facts.of("treatment_tried")
        if str(f.value) in ("physical_therapy", "occupational_therapy", "home_exercise")
    }
    stated = [
        f
        for f in facts(context, "condition", values={"treatment_failed"})
        if (f.evidence.document, f.evidence.sentence) in therapy_sentences
        and in_region(context, f.evidence.sentence)
    ]
    weeks, _ = weeks_since_injury(context)
    if failed or stated:
        return show(*(failed or stated)[:2], value=weeks)
    # The other half of the definition: the therapy was given (and is not said to have helped),
    # and the region's symptoms persist with a deficit the examination still finds (limited
    # motion, weakness): the program has not restored what it was meant to (ACOEM chapters 8
    # and 9, Special Studies: "failure to progress in a strengthening program").
    helped = [f for f in therapy if str(f.attributes.get("response", "")) == "improved"]
    if therapy and not helped:
        persisting = [
            f
            for f in facts(context, "condition", values={"persistent_symptoms"})
            if in_region(context, f.evidence.sentence)
        ]
        deficits = [
            f
            for f in facts(context, "exam_finding", values=_LASTING_DEFICITS)
            if in_region(context, f.evidence.sentence)
        ] + [
            f
            for f in facts(context, "neurologic_deficit")
            if in_region(context, f.evidence.sentence)
        ]
        if persisting and deficits:
            return show(
                therapy[0],
                persisting[0],
                *deficits[:1],
                value=weeks,
                note="symptoms and deficits persist despite the therapy",
            )
    return UNKNOWN


# Deficits a strengthening program is meant to restore (not tenderness or spasm alone).
_LASTING_DEFICITS = frozenset({"limited_motion", "antalgic_gait", "weight_bearing_inability"})


@resolver("conservative_care_history")
def conservative_care_history(context: ItemContext) -> Resolution:
    """Some conservative treatment is documented (tried, or explicitly not tried)."""
    tried = [
        f
        for f in facts(context, "treatment_tried", assertions=TRIED)
        if str(f.value) in _CONSERVATIVE
    ]
    untried = facts(context, "treatment_tried", assertions=(Assertion.ABSENT,))
    return present_or_absent(tried or untried)


@resolver("symptom_duration_weeks")
def symptom_duration_weeks(context: ItemContext) -> Resolution:
    """How long symptoms have lasted: as stated, else the time since the injury."""
    stated = [f for f in facts(context, "symptom_duration_weeks") if isinstance(f.value, float)]
    if stated:
        return show(stated[0], value=max(float(f.value or 0) for f in stated))
    weeks, fact = weeks_since_injury(context)
    if weeks is None:
        return UNKNOWN
    return Resolution(
        "present", weeks, (fact.evidence,) if fact else (), "counted from the date of injury"
    )


@resolver("activity_limitation_months")
def activity_limitation_months(context: ItemContext) -> Resolution:
    """Months of activity limitation: the time since injury while work or activity is restricted."""
    weeks, fact = weeks_since_injury(context)
    limited = facts(
        context, "work_status", values={"off_work", "temporarily_totally_disabled", "modified_duty"}
    ) or facts(context, "condition", values={"activity_limitation", "mobility_need"})
    if weeks is None or not limited:
        return UNKNOWN
    return show(limited[0], value=weeks / 4.345, note="counted from the date of injury")


# A sentence about a request or its review says what was asked for, or what was authorized
# (approved, certified, modified to allow), not what was given: authorized care may not have
# started, and a partial authorization is not treatment already tried.
_REQUEST_SENTENCE = re.compile(
    r"request|utilization review|certif|authoriz|approv|modified|\bRFA\b|denied|appeal", re.I
)


def _restates_request(context: ItemContext, fact: Fact) -> bool:
    """Whether a fact's sentence restates a request of the case (a plan or an RFA line), which
    shows a service was asked for, not that it was given."""
    if is_request_record(_record_type(context, fact.evidence.document)):
        return True
    said = set(re.findall(r"[a-z0-9]+", fact.evidence.sentence.lower()))
    for request in (context.request, *context.others):
        words = {
            w for w in re.findall(r"[a-z0-9]+", request.text.lower()) if len(w) > 2
        } - _COMMON_WORDS
        # A request of one or two words ("Acupuncture x 6") is too short to recognise in a sentence.
        if len(words) < 3 or len(words & said) / len(words) < 0.7:
            continue
        # "12 sessions of physical therapy for the right knee" is not "Physical therapy x 6 for
        # the right knee": a request's own numbers must be there too.
        numbers = set(re.findall(r"\d+", request.text))
        if not numbers or numbers & said:
            return True
    return False


_COMMON_WORDS = {"the", "for", "and", "with", "per", "times", "week", "weeks", "sessions", "visits"}


def _record_type(context: ItemContext, record_id: str | None) -> str | None:
    return next((r.type for r in context.case.records if r.id == record_id), None)


def _prior(context: ItemContext) -> Resolution:
    names = treatments_of(context.request.family)
    if not names:
        return UNKNOWN
    tried = [
        f
        for f in facts(context, "treatment_tried", assertions=TRIED)
        if str(f.value) in names
        and not _REQUEST_SENTENCE.search(f.evidence.sentence)
        and not _restates_request(context, f)
        # sessions given to another region (or the other side) are another course
        and in_region(context, f.evidence.sentence)
    ]
    untried = [
        f
        for f in facts(context, "treatment_tried", assertions=(Assertion.ABSENT,))
        if str(f.value) in names
    ]
    count = sum(
        float(count) for f in tried if isinstance(count := f.attributes.get("count"), (int, float))
    )
    return present_or_absent(tried, untried, value=count or None)


@resolver(
    "prior_sessions",
    "prior_physical_therapy",
    "prior_occupational_therapy",
    "prior_chiropractic",
    "prior_acupuncture",
    "prior_massage",
    "prior_tens",
    "prior_psychotherapy",
    "prior_injections",
    "prior_epidural_steroid_injection",
    "prior_trigger_point_injection",
    "prior_facet_injection",
)
def prior_sessions(context: ItemContext) -> Resolution:
    """The same treatment was given before (for continuation rules and course limits)."""
    return _prior(context)


@resolver(
    "functional_improvement",
    "medication_efficacy",
    "response_to_trial_documented",
)
def functional_improvement(context: ItemContext) -> Resolution:
    """Functional improvement (8 CCR 9792.20): better activities of daily living or fewer work
    restrictions, with less dependence on treatment. A worker kept off work shows none.

    A denial read from "no improvement with <treatment>" names what gave none (``said_of``): one
    said of the requested service comes first, and one said only of other treatments (acupuncture
    that failed) says nothing of this one (an opioid's benefit). A denial naming nothing counts.
    """
    stated = facts(context, "functional_improvement")
    denied = _denials_of_request(context)
    latest = max((f.evidence.date for f in stated if f.evidence.date), default=None)
    latest_denial = max((f.evidence.date for f in denied if f.evidence.date), default=None)
    if stated and denied and latest and latest_denial and latest_denial > latest:
        return present_or_absent(denied[:0], denied)  # the latest record says there is none
    if stated or denied:
        return present_or_absent(stated, denied)
    back_to_work = facts(context, "work_status", values={"full_duty", "working"})
    back_to_work += _working_modified_duty(context)
    if back_to_work:
        return show(*back_to_work, note="returned to work")
    off_work = facts(context, "work_status", values={"off_work", "temporarily_totally_disabled"})
    if off_work:
        return Resolution("absent", None, (off_work[0].evidence,), "the worker remains off work")
    return UNKNOWN


def _requested_names(context: ItemContext) -> set[str]:
    """The names a fact may give the requested service: its treatment names, and for a drug its
    generic name, each ingredient, and medication in general."""
    request = context.request
    names = set(treatments_of(request.family)) | {request.family}
    drug = (request.drug or "").lower()
    if drug or request.drug_class:
        names |= {drug, *(part.strip() for part in drug.split("/")), "medication"}
        names |= {name.lower() for name, _ in request.ingredients}
    return {name for name in names if name}


def _denials_of_request(context: ItemContext) -> list[Fact]:
    """Denials of functional improvement that may concern the requested service: those said of it
    first, then those that name no treatment; those said only of other treatments are left out."""
    names = _requested_names(context)
    own: list[Fact] = []
    unsaid: list[Fact] = []
    for fact in facts(context, "functional_improvement", assertions=(Assertion.ABSENT,)):
        said = [t.strip().lower() for t in str(fact.attributes.get("said_of") or "").split(",")]
        said = [t for t in said if t]
        if not said:
            unsaid.append(fact)
        elif any(t in names or set(t.split("/")) & names for t in said):
            own.append(fact)
    return own + unsaid


@resolver("pain_relief_percent")
def pain_relief_percent(context: ItemContext) -> Resolution:
    """The percent relief a treatment gave, as the record states it."""
    found = [f for f in facts(context, "pain_relief_percent") if isinstance(f.value, float)]
    return show(found[0], value=found[0].value) if found else UNKNOWN  # type: ignore[arg-type]


@resolver(
    "concurrent_rehabilitation",
    "concurrent_active_therapy",
    "concurrent_treatment_documented",
    "functional_restoration_program",
)
def concurrent_rehabilitation(context: ItemContext) -> Resolution:
    """The treatment is an adjunct to active rehabilitation (therapy or exercise, current or requested)."""
    current = facts(
        context,
        "treatment_tried",
        values={
            "physical_therapy",
            "occupational_therapy",
            "home_exercise",
            "chiropractic",
            "functional_restoration",
        },
    )
    requested = [
        r
        for r in context.others
        if r.family in ("physical_therapy", "occupational_therapy", "chiropractic")
    ]
    if current:
        return show(*_ongoing_first(current))
    if requested:
        return Resolution("present", None, (), f"requested with this item: {requested[0].text}")
    return UNKNOWN


@resolver("body_region_supported", "manipulation_in_plan_of_care")
def manipulation_region(context: ItemContext) -> Resolution:
    """Manipulation is asked for a region the guideline covers (the spine), not a distal joint."""
    parts = " ".join(context.request.body_parts).lower()
    if any(part in parts for part in ("wrist", "hand", "knee", "ankle", "foot", "carpal")):
        return Resolution("absent", note=f"requested for {parts}")
    return Resolution(
        "present", note="requested for the spine" if parts else "no excluded region named"
    )


@resolver("not_maintenance_care")
def not_maintenance_care(context: ItemContext) -> Resolution:
    """The care aims at functional gains, not maintenance (elective/maintenance care is not necessary)."""
    maintenance = facts(context, "condition", values={"maintenance_care"})
    if maintenance:
        return Resolution("absent", None, (maintenance[0].evidence,))
    return Resolution("present")


@resolver("acute_exacerbation")
def acute_exacerbation(context: ItemContext) -> Resolution:
    """Acute pain a muscle relaxant may treat (CPMTG Muscle relaxants and Cyclobenzaprine: a short
    course for acute low back pain or an acute exacerbation of chronic pain): a documented flare,
    the acute weeks, or the subacute weeks with spasm found on examination. ACOEM (after AHCPR) counts low back problems as acute for up
    to three months, and 8 CCR 9792.20 calls pain chronic once it lasts beyond that, so a first
    course six weeks after a strain treats acute pain, not a chronic condition."""
    from openimr.review.phase import CHRONIC_AFTER_WEEKS

    acute = acute_phase(context)  # a flare, the acute weeks, or no date to count from
    if acute.state != "absent":
        return acute
    weeks, fact = weeks_since_injury(context)
    if weeks is None:
        return UNKNOWN
    evidence = (fact.evidence,) if fact else ()
    spasm = [
        f
        for f in facts(context, "exam_finding", values={"muscle_spasm"})
        if in_region(context, f.evidence.sentence)
    ]
    if weeks <= CHRONIC_AFTER_WEEKS and spasm:
        # subacute: the spasm the course treats must be found on examination
        return show(
            spasm[-1],
            value=weeks,
            note=f"{weeks:.0f} weeks after the injury, before pain is chronic, with spasm on examination",
        )
    return Resolution(
        "absent",
        weeks,
        evidence,
        f"{weeks:.0f} weeks after the injury, with no acute flare"
        + (" or spasm on examination" if weeks <= CHRONIC_AFTER_WEEKS else "")
        + " documented",
    )


@resolver("acute_phase")
def acute_phase(context: ItemContext) -> Resolution:
    """Acute symptoms: within about four weeks of injury, or a documented flare or acute spasm."""
    from openimr.review.phase import ACUTE_WEEKS

    flare = facts(context, "condition", values={"acute_flare"})
    if flare:
        return show(flare[0])
    weeks, fact = weeks_since_injury(context)
    if weeks is None:
        return UNKNOWN
    evidence = (fact.evidence,) if fact else ()
    return Resolution(
        "present" if weeks <= ACUTE_WEEKS else "absent",
        weeks,
        evidence,
        f"{weeks:.0f} weeks after the injury",
    )


@resolver("quantity_specified", "requested_visits", "services_frequency_duration")
def quantity_specified(context: ItemContext) -> Resolution:
    """The request states how much (sessions, quantity, duration)."""
    request = context.request
    amount = (
        request.sessions
        or (request.sessions_range[1] if request.sessions_range else None)
        or request.quantity
        or request.duration_days
        or request.duration_weeks
        or request.units
    )
    if amount:
        return Resolution("present", float(amount), (), "stated in the request")
    return Resolution("absent", None, (), "the request states no quantity or duration")


@resolver("rental_requested")
def rental_requested(context: ItemContext) -> Resolution:
    """The device is asked for as a rental (or for a stated period of use), not a purchase."""
    request = context.request
    if request.purchase:
        return Resolution("absent", note="requested for purchase")
    if request.rental or request.duration_days or request.duration_weeks:
        return Resolution("present", note="for a period of use, not for purchase")
    return UNKNOWN


@resolver("rental_or_purchase", "duration_of_use")
def rental_or_purchase(context: ItemContext) -> Resolution:
    """Whether rental or purchase, and for how long, is stated."""
    request = context.request
    if request.rental or request.purchase or request.duration_days or request.duration_weeks:
        return Resolution("present", float(request.duration_days or 0) or None)
    return UNKNOWN


def _no_lasting_benefit(context: ItemContext) -> set[tuple[str | None, str]]:
    """The sentences that say a treatment gave no lasting benefit ("with temporary relief only",
    "which helped briefly", "without lasting improvement"): condition treatment_failed."""
    return {
        (f.evidence.document, f.evidence.sentence)
        for f in facts(context, "condition", values={"treatment_failed"})
    }


# Working on modified duty is working: 8 CCR 9792.20(e) counts a reduction in work restrictions
# as functional improvement, and the CPMTG (Opioids, p. 80) continues opioids when the patient
# "has returned to work". Modified duty the employer does not offer is not work.
_AT_WORK = re.compile(
    r"\b(?:works|working|worked|employed|returned|back to|continues|continued|performing)\b", re.I
)
_NOT_AT_WORK = re.compile(
    r"\bnot (?:been )?(?:accommodated|available|offered|working)|\bunavailable\b|\boff (?:of )?work"
    r"|\b(?:unable to|cannot|can't|not able to) (?:work|return|accommodate)"
    r"|\bif (?:not )?(?:available|accommodated)",
    re.I,
)


def _working_modified_duty(context: ItemContext) -> list[Fact]:
    """Modified-duty work status in a sentence that says the worker is at work on it ("works
    modified duty four hours a day", "continues modified work"), not merely restrictions given,
    and no record of the same date or later keeping the worker off work."""
    off = [
        f.evidence.date
        for f in facts(context, "work_status", values={"off_work", "temporarily_totally_disabled"})
    ]
    return [
        f
        for f in facts(context, "work_status", values={"modified_duty"})
        if _AT_WORK.search(f.evidence.sentence)
        and not _NOT_AT_WORK.search(f.evidence.sentence)
        and not any(d is None or f.evidence.date is None or d >= f.evidence.date for d in off)
    ]


_ONGOING_CARE = re.compile(
    r"\b(?:continues?|continuing|currently|ongoing|is (?:doing|performing|attending|in)|remains? "
    r"(?:in|on)|daily|performs?)\b",
    re.I,
)
_FINISHED_CARE = re.compile(
    r"\b(?:completed|finished|had|underwent|received|previous|prior|past)\b", re.I
)


def _ongoing_first(found: list[Fact]) -> list[Fact]:
    """Rehabilitation facts with the care still going on first ("he continues a home exercise
    program"), a course finished in the past last: an adjunct goes alongside current care."""

    def rank(fact: Fact) -> int:
        sentence = fact.evidence.sentence
        if _ONGOING_CARE.search(sentence):
            return 0
        return 2 if _FINISHED_CARE.search(sentence) else 1

    return sorted(found, key=rank)


@resolver("successful_device_trial")
def successful_device_trial(context: ItemContext) -> Resolution:
    """A trial of the device (a TENS unit, a stimulator) documented as successful: use, pain
    relief and function. A trial of the item's own device that gave no lasting benefit ("a TENS
    unit in therapy, which helped briefly") shows it was not; otherwise functional improvement
    decides."""
    names = treatments_of(context.request.family)
    passing = _no_lasting_benefit(context)
    failed = [
        f
        for f in facts(context, "treatment_tried", assertions=TRIED)
        if str(f.value) in names
        and (
            str(f.attributes.get("response", "")) in _NO_BENEFIT
            or (f.evidence.document, f.evidence.sentence) in passing
        )
    ]
    if failed:
        return Resolution(
            "absent", None, (failed[0].evidence,), "the trial gave no lasting benefit"
        )
    return functional_improvement(context)
