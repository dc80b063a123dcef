"""Medications: what the worker takes and has tried, opioid monitoring, GI risk for NSAIDs, and
what a compounded product contains."""

from __future__ import annotations

import re

from openimr.domain import Assertion, Fact
from openimr.guidelines.ingredients import topical_ingredient_groups
from openimr.review.context import ItemContext
from openimr.review.facts.common import TRIED, age, facts, present_or_absent, show
from openimr.review.facts.registry import UNKNOWN, Resolution, resolve, resolver


def _medications(context: ItemContext, *classes: str) -> list[Fact]:
    return [
        f
        for f in facts(context, "current_medication", assertions=TRIED)
        if not classes or str(f.attributes.get("drug_class", "")) in classes
    ]


# "Naprosyn was prescribed" on the visit at issue writes the prescription under review; it does
# not show the worker already taking the drug ("continued", "refilled", "taking" do).
_WRITTEN = re.compile(
    r"\b(was|were|is|are) (prescribed|dispensed|ordered|requested|endorsed|sought|recommended)\b",
    re.I,
)
_ONGOING = re.compile(
    r"continu|renew|refill|taking|using|previous|prior|since|again|ongoing|chronic", re.I
)


def _same_drug(context: ItemContext) -> list[Fact]:
    drug = (context.request.drug or "").lower()
    if not drug:
        return []
    names = {part.strip() for part in drug.split("/")}
    return [
        f
        for f in _medications(context)
        if (str(f.value or "").lower() in names or str(f.value or "").lower() == drug)
        and f.attributes.get("response") != "not tolerated"  # stopped: not taking it now
        and not (_WRITTEN.search(f.evidence.sentence) and not _ONGOING.search(f.evidence.sentence))
    ]


def _first_prescriptions(context: ItemContext) -> list[Fact]:
    """Statements that a drug is new: "first prescription", "newly prescribed", "has never
    taken" (target rules, condition first_prescription)."""
    return facts(context, "condition", values={"first_prescription"})


def _names(sentence: str, names: set[str]) -> bool:
    lowered = sentence.lower()
    return any(name in lowered for name in names)


def _names_of_requested_drug(context: ItemContext) -> set[str]:
    request = context.request
    names = {part.strip() for part in (request.drug or "").lower().split("/") if part.strip()}
    if request.brand:
        names.add(request.brand.lower())
    return names or {"this drug"}


def _class_words(context: ItemContext) -> set[str]:
    """The words for the requested drug's class (vocab service families: "anti-inflammatory",
    "muscle relaxant"), so that a statement about the class names the drug."""
    from openimr.vocab import lookup

    drug_class = context.request.drug_class
    if not drug_class or drug_class not in lookup.family_ids():
        return set()
    return {word.lower() for word in lookup.family(drug_class).synonyms if len(word) > 3}


@resolver("taking_requested_drug")
def taking_requested_drug(context: ItemContext) -> Resolution:
    """The worker already takes the requested drug (a refill or renewal, not a first
    prescription). Absent when the records say it is new ("first prescription", "has never taken
    ibuprofen"); unknown when they do not say, never guessed from the age of the injury."""
    names = _names_of_requested_drug(context)
    # "She has never taken an anti-inflammatory": a first prescription of any drug of the class
    first = [
        f
        for f in _first_prescriptions(context)
        if _names(f.evidence.sentence, names | _class_words(context))
    ]
    if first:
        return Resolution("absent", None, (first[0].evidence,), "a first prescription")
    never = [
        f
        for f in facts(context, "current_medication", assertions=(Assertion.ABSENT,))
        if str(f.value or "").lower() in names
    ]
    current = _same_drug(context)
    if current:
        return show(*current[:1])
    if never:
        return Resolution("absent", None, (never[0].evidence,), "a first prescription")
    return UNKNOWN


@resolver("severe_acute_injury")
def severe_acute_injury(context: ItemContext) -> Resolution:
    """A severe acute injury (fractures, crush injury, burns, major trauma) within about three
    months, when limited-time opioids are supported."""
    from openimr.review.facts.common import weeks_since_injury

    weeks, _ = weeks_since_injury(context)
    severe = facts(context, "fracture") + facts(context, "surgery_done")
    severe_text = facts(context, "condition", values={"severe_injury"})
    if weeks is None or weeks > 13:
        return (
            Resolution(
                "absent", weeks, (), "more than three months after the injury" if weeks else None
            )
            if weeks is not None
            else UNKNOWN
        )
    if severe or severe_text:
        return show(*(severe or severe_text)[:2], value=weeks)
    return UNKNOWN


@resolver("on_opioid_therapy")
def on_opioid_therapy(context: ItemContext) -> Resolution:
    """The worker already takes an opioid (so monitoring, not initiation, rules apply); an opioid
    newly prescribed at the visit does not count."""
    new = {(f.evidence.document, f.evidence.sentence) for f in _first_prescriptions(context)}
    return present_or_absent(
        [
            f
            for f in _medications(context, "opioid")
            if (f.evidence.document, f.evidence.sentence) not in new
        ]
    )


@resolver("treatment_duration_weeks", "medication_start_date")
def treatment_duration_weeks(context: ItemContext) -> Resolution:
    """How long the worker has taken the requested drug: zero for a first prescription; for a drug
    already in use, at least the weeks since the injury when the record gives no start date."""
    current = _same_drug(context)
    if not current:
        first = _first_prescriptions(context)
        return Resolution(
            "present", 0.0, (first[0].evidence,) if first else (), "a first prescription"
        )
    weeks = [
        f.value for f in facts(context, "time_since_injury_weeks") if isinstance(f.value, float)
    ]
    return show(current[0], value=max(weeks) if weeks else None, note="already taking it")


@resolver(
    "failed_first_line_non_opioid",
    "failed_first_line_therapy",
    "nsaid_insufficient",
    "prior_first_line_trials",
)
def failed_first_line(context: ItemContext) -> Resolution:
    """First-line non-opioid medication (NSAIDs, acetaminophen, adjuvants) was tried."""
    first_line = _medications(context, "nsaid", "analgesic", "anticonvulsant", "antidepressant")
    tried = [
        f
        for f in facts(context, "treatment_tried", assertions=TRIED)
        if str(f.value) == "medication"
    ]
    return present_or_absent(first_line or tried)


@resolver(
    "four_as_documented",
    "side_effects",
    "aberrant_behavior",
    "pain_scores",
    "follow_up_visits_documented",
)
def four_as(context: ItemContext) -> Resolution:
    """The four A's of opioid monitoring: analgesia (pain scores with and without the drug),
    activity (function), adverse effects and aberrant behavior, documented."""
    scores = facts(context, "pain_score")
    function = facts(
        context, "functional_improvement", assertions=(Assertion.PRESENT, Assertion.ABSENT)
    )
    either = (Assertion.PRESENT, Assertion.ABSENT)
    # "No side effects." is read as an intolerance denied as often as an opioid side effect
    adverse = facts(context, "opioid_side_effects", assertions=either) + facts(
        context, "condition", values={"intolerance"}, assertions=either
    )
    # a urine drug screen or a CURES report is how aberrant behavior is monitored (CPMTG
    # Opioids, On-going management, p. 78: the fourth A, with drug screens as its tool)
    aberrant = (
        facts(context, "aberrant_behavior", assertions=either)
        + facts(context, "urine_drug_screen")
        + facts(context, "cures_check")
    )
    if scores and function and (adverse or aberrant):
        return show(scores[0], function[0])
    return UNKNOWN


@resolver("morphine_equivalent_daily_dose")
def morphine_equivalents(context: ItemContext) -> Resolution:
    """Morphine milligram equivalents a day of the opioids taken."""
    found = [
        f for f in facts(context, "morphine_equivalent_daily_dose") if isinstance(f.value, float)
    ]
    if not found:
        return UNKNOWN
    # The opioids of one record add up; the same regimen repeated in several records does not.
    by_record: dict[str | None, float] = {}
    for fact in found:
        by_record[fact.evidence.document] = by_record.get(fact.evidence.document, 0.0) + float(
            fact.value or 0
        )
    record, dose = max(by_record.items(), key=lambda kv: kv[1])
    return show(*[f for f in found if f.evidence.document == record][:2], value=dose)


@resolver("concurrent_nsaid")
def concurrent_nsaid(context: ItemContext) -> Resolution:
    """The worker takes (or is prescribed in this request) an NSAID."""
    requested = [r for r in context.others if r.family == "nsaid" or r.drug_class == "nsaid"]
    if requested:
        return Resolution("present", note=f"requested with this item: {requested[0].text}")
    return present_or_absent(_medications(context, "nsaid"))


@resolver("age_years")
def age_years(context: ItemContext) -> Resolution:
    """The worker's age in years."""
    years, fact = age(context)
    return (
        Resolution("present", years, (fact.evidence,) if fact else ())
        if years is not None
        else UNKNOWN
    )


@resolver("duplicate_nsaid", "other_muscle_relaxant_or_agent_added")
def duplicate_in_class(context: ItemContext) -> Resolution:
    """Another drug of the same class is already taken (one NSAID, one muscle relaxant, at a time)."""
    drug_class = context.request.drug_class
    if not drug_class:
        return UNKNOWN
    same = _names_of_requested_drug(context) | {(context.request.drug or "").lower()}
    others = [f for f in _medications(context, drug_class) if str(f.value).lower() not in same]
    return present_or_absent(others)


def _ingredients(context: ItemContext) -> str:
    request = context.request
    names = [name for name, _ in request.ingredients] + [request.drug or "", request.text]
    return " ".join(names).lower()


def _contains(context: ItemContext, *names: str) -> Resolution:
    text = _ingredients(context)
    found = [n for n in names if n in text]
    if found:
        return Resolution("present", note=f"the product contains {', '.join(found)}")
    return Resolution("absent", note="not among the ingredients")


@resolver("contains_not_recommended_ingredient")
def contains_not_recommended(context: ItemContext) -> Resolution:
    """The compound contains an ingredient the guideline does not recommend topically."""
    return _contains(
        context, *(name for group in topical_ingredient_groups().values() for name in group.names)
    )


@resolver("contains_gabapentin")
def contains_gabapentin(context: ItemContext) -> Resolution:
    """The compound contains gabapentin (not recommended topically)."""
    return _contains(context, *topical_ingredient_groups()["gabapentin"].names)


@resolver("contains_muscle_relaxant")
def contains_muscle_relaxant(context: ItemContext) -> Resolution:
    """The compound contains a muscle relaxant (not recommended topically)."""
    return _contains(context, *topical_ingredient_groups()["muscle_relaxant"].names)


@resolver("contains_non_patch_lidocaine")
def contains_non_patch_lidocaine(context: ItemContext) -> Resolution:
    """Lidocaine in a form other than the patch (cream, lotion, gel, ointment)."""
    text = _ingredients(context)
    if "lidocaine" in text and "patch" not in text and "lidoderm" not in text:
        return Resolution("present", note="lidocaine in a non-patch form")
    return Resolution("absent")


@resolver("contains_non_diclofenac_topical_nsaid")
def contains_other_topical_nsaid(context: ItemContext) -> Resolution:
    """A topical NSAID other than diclofenac."""
    return _contains(context, *topical_ingredient_groups()["other_topical_nsaid"].names)


@resolver("failed_other_treatments_for_capsaicin")
def capsaicin_after_other_treatment(context: ItemContext) -> Resolution:
    """Capsaicin only after other treatments failed (or no capsaicin in the product)."""
    if "capsaicin" not in _ingredients(context):
        return Resolution("present", note="no capsaicin in the product")
    return failed_first_line(context)


@resolver("ingredients", "rationale_for_compound")
def ingredients_listed(context: ItemContext) -> Resolution:
    """The ingredients of the compound are stated."""
    return Resolution("present") if context.request.ingredients else UNKNOWN


@resolver("osteoarthritis_of_treatable_joint")
def osteoarthritis(context: ItemContext) -> Resolution:
    """Osteoarthritis of a joint topical NSAIDs treat (knee, hand, elbow, ankle), not the spine or hip."""
    found = [
        f for f in facts(context, "osteoarthritis") if "spine" not in f.evidence.sentence.lower()
    ]
    return present_or_absent(found)


@resolver("neuropathic_pain_or_depression")
def neuropathic_or_depression(context: ItemContext) -> Resolution:
    """Neuropathic pain or depression (what antidepressants treat here)."""
    depressed = (
        facts(context, "depression") + facts(context, "anxiety") + facts(context, "insomnia")
    )
    return show(*depressed) if depressed else resolve("neuropathic_pain", context)


# Words that say what a drug named in the sentence is for: "Colace for constipation", "prednisone
# to treat the radicular flare". Not a time ("for 2 weeks", "for the past month") or a quantity.
_AIM = re.compile(
    r"\bfor (?!(?:the )?(?:past|last|next|previous|several|a few|about|approximately|over|up to)\b"
    r"|\d|one|two|three|four|five|six|a (?:day|week|month)|each|every|refill|use|review|"
    r"authorization|dispensing)\w+"
    r"|\bto (?:treat|help|control|manage|relieve|reduce|improve|prevent|address|counter)\b",
    re.I,
)
_DIAGNOSIS_KINDS = (
    "radiculopathy",
    "neuropathy",
    "crps",
    "headache",
    "depression",
    "anxiety",
    "insomnia",
    "opioid_side_effects",
)


@resolver("medication_aim_stated")
def medication_aim_stated(context: ItemContext) -> Resolution:
    """What this drug is for is stated (CPMTG, Medications for chronic pain: determine the aim of
    use before prescribing): a sentence of the records names the requested drug together with a
    condition it treats or the purpose it is given for. A diagnosis stated elsewhere in the
    records does not say why this drug is given."""
    names = {n for n in _names_of_requested_drug(context) if n != "this drug"}
    if not names:
        return UNKNOWN
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(n) for n in sorted(names)) + r")\b", re.I)
    conditions = {
        (f.evidence.document, f.evidence.sentence)
        for kind in _DIAGNOSIS_KINDS
        for f in facts(context, kind, assertions=(Assertion.PRESENT, Assertion.POSSIBLE))
    }
    for sentence in context.facts.sentences:
        found = pattern.search(sentence.sentence)
        if found is None:
            continue
        after = sentence.sentence[found.end() :]
        if _AIM.search(after) or (sentence.document, sentence.sentence) in conditions:
            return show(sentence, note="the records say what this drug is for")
    return UNKNOWN


@resolver("opioid_constipation_prophylaxis")
def opioid_constipation_prophylaxis(context: ItemContext) -> Resolution:
    """A laxative has its reason: the worker takes an opioid (prophylactic treatment of
    constipation is started with opioid therapy) or has constipation."""
    constipation = facts(
        context,
        "opioid_side_effects",
        values={"constipation"},
        assertions=(Assertion.PRESENT, Assertion.HISTORICAL),
    )
    if constipation:
        return show(constipation[0], note="constipation is documented")
    on_opioids = on_opioid_therapy(context)
    if on_opioids.state == "present":
        return on_opioids
    return UNKNOWN


@resolver("symptom_control")
def symptom_control(context: ItemContext) -> Resolution:
    """The symptom the requested drug is for is controlled on it: a sentence naming the drug
    says so ("dyspepsia controlled with omeprazole", "reflux improved on omeprazole"), or says
    it is not ("dyspepsia is not controlled with omeprazole"). The efficacy of a drug given for
    symptom control (CPMTG NSAIDs, GI symptoms & cardiovascular risk, pp. 68-69)."""
    names = _names_of_requested_drug(context)
    drug_sentences = {
        (f.evidence.document, f.evidence.sentence)
        for f in context.facts.of("current_medication")
        if str(f.value or "").lower() in names
        or str(f.attributes.get("brand") or "").lower() in names
    }
    said = [
        f
        for f in context.facts.of("condition")
        if f.value == "symptom_controlled"
        and (f.evidence.document, f.evidence.sentence) in drug_sentences
    ]
    controlled = [f for f in said if f.assertion is Assertion.PRESENT]
    uncontrolled = [f for f in said if f.assertion is Assertion.ABSENT]
    latest = max((f.evidence.date for f in controlled if f.evidence.date), default=None)
    latest_denial = max((f.evidence.date for f in uncontrolled if f.evidence.date), default=None)
    if controlled and uncontrolled and latest and latest_denial and latest_denial > latest:
        controlled = []  # the latest record says it is not controlled
    return present_or_absent(controlled, uncontrolled)
