"""The schema of the guideline knowledge base: what one ``data/*.yaml`` file may hold.

A file is a list of **criteria sets**. A criteria set says which requests it covers (service
families, body regions, drugs) and, for each period and each step of the strength-of-evidence
hierarchy, which **guideline** governs: its recommendation, its criteria (each with the clinical
fact it needs and a citation), how the criteria count (all of, one of, at least N), quantity
limits, rules for continuing a treatment and the documentation a request needs.

Example (abridged)::

    criteria_sets:
      - id: trigger_point_injection
        title: Trigger point injections
        families: [trigger_point_injection]
        guidelines:
          - id: mtus_cpmtg
            step: mtus
            effective_from: 2009-07-18
            effective_to: 2017-11-30
            recommendation: conditionally_recommended
            citation: {document: MTUS Chronic Pain Medical Treatment Guidelines, ...}
            criteria:
              - id: trigger_points_on_exam
                statement: Circumscribed trigger points with twitch response and referred pain.
                fact: trigger_points_documented
                citation: {..., pages: ["122"], confirmed: false, source_note: ...}

Criterion statements are paraphrases, never guideline text. ``confirmed`` says whether the cited
statement and page were seen quoted in real Final Determination letters or come from research
notes only; ``source_note`` cites the guideline itself, never one letter.
"""

from __future__ import annotations

import datetime as dt
import re
from enum import Enum
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from openimr.domain import PhaseOfCare

__all__ = [
    "Step",
    "Recommendation",
    "Comparison",
    "Unit",
    "CriterionKind",
    "CountingRule",
    "LimitScope",
    "Family",
    "BodyRegion",
    "Citation",
    "Threshold",
    "Criterion",
    "CriteriaGroup",
    "QuantityLimit",
    "ContinuationRule",
    "Guideline",
    "CriteriaSet",
    "GuidelineFile",
]

_SNAKE = re.compile(r"^[a-z][a-z0-9_]*$")


def _snake_case(value: str) -> str:
    if not _SNAKE.match(value):
        raise ValueError(f"'{value}' is not a snake_case id (lower-case letters, digits, _)")
    return value


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be blank")
    return value


SnakeId = Annotated[str, AfterValidator(_snake_case)]
Text = Annotated[str, AfterValidator(_not_blank)]


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Step(str, Enum):
    """A step of the strength-of-evidence hierarchy (Labor Code 4610.5(c)(2)), highest first.

    MTUS: the Medical Treatment Utilization Schedule. NON_MTUS: a guideline outside the MTUS,
    used only where the MTUS does not address the condition (in the letters mostly ODG).
    """

    MTUS = "mtus"
    NON_MTUS = "non_mtus"

    @property
    def rank(self) -> int:
        """0 for the highest step."""
        return list(Step).index(self)


class Recommendation(str, Enum):
    """What a guideline says of the service as a whole."""

    RECOMMENDED = "recommended"
    CONDITIONALLY_RECOMMENDED = "conditionally_recommended"
    NOT_RECOMMENDED = "not_recommended"
    NOT_ADDRESSED = "not_addressed"


class Comparison(str, Enum):
    """How a documented value is compared with a threshold: ``value <op> threshold``."""

    GTE = ">="
    GT = ">"
    LTE = "<="
    LT = "<"
    EQ = "=="


class Unit(str, Enum):
    """Units of thresholds and quantity limits."""

    VISITS = "visits"
    SESSIONS = "sessions"
    TREATMENTS = "treatments"
    INJECTIONS = "injections"
    LEVELS = "levels"
    DAYS = "days"
    WEEKS = "weeks"
    MONTHS = "months"
    YEARS = "years"
    PERCENT = "percent"
    MG_MORPHINE_EQUIVALENT_PER_DAY = "mg_morphine_equivalent_per_day"
    TIMES_PER_WEEK = "times_per_week"
    TIMES_PER_YEAR = "times_per_year"
    HOURS_PER_WEEK = "hours_per_week"
    GRAMS_PER_DAY = "grams_per_day"
    STUDIES = "studies"
    KG_PER_M2 = "kg_per_m2"  # body mass index


class CriterionKind(str, Enum):
    """Whether a criterion must be met (requirement) or must be absent (exclusion)."""

    REQUIREMENT = "requirement"
    EXCLUSION = "exclusion"


class CountingRule(str, Enum):
    """How many criteria of a group must be met (InterQual / MCG style)."""

    ALL_OF = "all_of"
    ONE_OF = "one_of"
    AT_LEAST_N = "at_least_n"


class LimitScope(str, Enum):
    """What a quantity limit counts over."""

    PER_SESSION = "per_session"
    INITIAL_TRIAL = "initial_trial"
    TOTAL_COURSE = "total_course"
    PER_YEAR = "per_year"
    PER_INJURY = "per_injury"
    PER_EPISODE = "per_episode"
    #: what one request may ask for at once (a visit at a time: each is authorized on its own need)
    PER_REQUEST = "per_request"


class Family(str, Enum):
    """Service families: what kind of service a disputed item is (its request's ``family``).

    The values are the ids ``openimr.requests`` gives a request's ``family``.
    """

    # diagnostics
    MRI = "mri"
    CT = "ct"
    X_RAY = "x_ray"
    BONE_SCAN = "bone_scan"
    DIAGNOSTIC_ULTRASOUND = "diagnostic_ultrasound"
    BONE_DENSITY_SCAN = "bone_density_scan"
    DISCOGRAM = "discogram"
    SLEEP_STUDY = "sleep_study"
    GENETIC_TESTING = "genetic_testing"
    EMG_NCS = "emg_ncs"
    EEG = "eeg"
    # physical medicine
    PHYSICAL_THERAPY = "physical_therapy"
    OCCUPATIONAL_THERAPY = "occupational_therapy"
    POST_OP_PHYSICAL_THERAPY = "post_op_physical_therapy"
    CHIROPRACTIC = "chiropractic"
    ACUPUNCTURE = "acupuncture"
    MASSAGE = "massage"
    TENS = "tens"
    H_WAVE = "h_wave"
    ELECTRICAL_STIMULATION = "electrical_stimulation"
    ULTRASOUND_THERAPY = "ultrasound_therapy"
    INFRARED_HEAT = "infrared_heat"
    MYOFASCIAL_RELEASE = "myofascial_release"
    TRACTION = "traction"
    HEAT_COLD_THERAPY = "heat_cold_therapy"
    SHOCKWAVE = "shockwave"
    AQUATIC_THERAPY = "aquatic_therapy"
    LASER_THERAPY = "laser_therapy"
    SPEECH_THERAPY = "speech_therapy"
    YOGA = "yoga"
    # injections
    EPIDURAL_STEROID_INJECTION = "epidural_steroid_injection"
    FACET_INJECTION = "facet_injection"
    MEDIAL_BRANCH_BLOCK = "medial_branch_block"
    RADIOFREQUENCY_ABLATION = "radiofrequency_ablation"
    TRIGGER_POINT_INJECTION = "trigger_point_injection"
    PRP_INJECTION = "prp_injection"
    JOINT_INJECTION = "joint_injection"
    NERVE_BLOCK = "nerve_block"
    BOTOX_INJECTION = "botox_injection"
    SPINAL_CORD_STIMULATOR = "spinal_cord_stimulator"
    INTRATHECAL_PUMP = "intrathecal_pump"
    # surgery and associated surgical services
    SURGERY = "surgery"
    KNEE_ARTHROSCOPY = "knee_arthroscopy"
    MENISCECTOMY = "meniscectomy"
    KNEE_ARTHROPLASTY = "knee_arthroplasty"
    HIP_ARTHROPLASTY = "hip_arthroplasty"
    CARPAL_TUNNEL_RELEASE = "carpal_tunnel_release"
    SPINAL_DECOMPRESSION = "spinal_decompression"
    SPINAL_FUSION = "spinal_fusion"
    SHOULDER_ARTHROSCOPY = "shoulder_arthroscopy"
    SUBACROMIAL_DECOMPRESSION = "subacromial_decompression"
    ROTATOR_CUFF_REPAIR = "rotator_cuff_repair"
    ASSISTANT_SURGEON = "assistant_surgeon"
    PREOPERATIVE_CLEARANCE = "preoperative_clearance"
    PREOPERATIVE_LABS = "preoperative_labs"
    EKG = "ekg"
    CHEST_X_RAY = "chest_x_ray"
    COLD_THERAPY_UNIT = "cold_therapy_unit"
    SLING = "sling"
    INPATIENT_STAY = "inpatient_stay"
    ANESTHESIA = "anesthesia"
    NEUROMONITORING = "neuromonitoring"
    DVT_PROPHYLAXIS = "dvt_prophylaxis"
    CONTINUOUS_PASSIVE_MOTION = "continuous_passive_motion"
    CRUTCHES_WALKER = "crutches_walker"
    # medications
    OPIOID = "opioid"
    NSAID = "nsaid"
    MUSCLE_RELAXANT = "muscle_relaxant"
    PROTON_PUMP_INHIBITOR = "proton_pump_inhibitor"
    H2_BLOCKER = "h2_blocker"
    ANTICONVULSANT = "anticonvulsant"
    ANTIDEPRESSANT = "antidepressant"
    SLEEP_AID = "sleep_aid"
    ANTIEMETIC = "antiemetic"
    BARBITURATE_ANALGESIC = "barbiturate_analgesic"
    TOPICAL_ANALGESIC = "topical_analgesic"
    COMPOUNDED_TOPICAL = "compounded_topical"
    COMPOUNDED_ORAL = "compounded_oral"
    LIDOCAINE_PATCH = "lidocaine_patch"
    URINE_DRUG_TESTING = "urine_drug_testing"
    BENZODIAZEPINE = "benzodiazepine"
    MEDICAL_FOOD = "medical_food"
    OTHER_MEDICATION = "other_medication"
    ANTIBIOTIC = "antibiotic"
    ANTICOAGULANT = "anticoagulant"
    # psychological and programs
    PSYCHOLOGICAL_EVALUATION = "psychological_evaluation"
    PSYCHOTHERAPY = "psychotherapy"
    BIOFEEDBACK = "biofeedback"
    FUNCTIONAL_RESTORATION_PROGRAM = "functional_restoration_program"
    PARTIAL_HOSPITALIZATION = "partial_hospitalization"
    FUNCTIONAL_CAPACITY_EVALUATION = "functional_capacity_evaluation"
    GRIP_STRENGTH_TESTING = "grip_strength_testing"
    RANGE_OF_MOTION_TESTING = "range_of_motion_testing"
    ERGONOMIC_EVALUATION = "ergonomic_evaluation"
    IMPAIRMENT_RATING = "impairment_rating"
    DETOXIFICATION = "detoxification"
    WEIGHT_LOSS_PROGRAM = "weight_loss_program"
    # care at home, visits, equipment, other
    HOME_HEALTH = "home_health"
    CONSULTATION_REFERRAL = "consultation_referral"
    OFFICE_VISIT = "office_visit"
    FOLLOW_UP_VISIT = "follow_up_visit"
    INPATIENT_REHABILITATION = "inpatient_rehabilitation"
    SKILLED_NURSING_FACILITY = "skilled_nursing_facility"
    BRACE = "brace"
    LUMBAR_SUPPORT = "lumbar_support"
    PILLOW = "pillow"
    DME_OTHER = "dme_other"
    GYM_MEMBERSHIP = "gym_membership"
    HEARING_AIDS = "hearing_aids"
    TRANSPORTATION = "transportation"


class BodyRegion(str, Enum):
    """Body regions a criteria set may be limited to."""

    LUMBAR_SPINE = "lumbar spine"
    THORACIC_SPINE = "thoracic spine"
    CERVICAL_SPINE = "cervical spine"
    SHOULDER = "shoulder"
    ELBOW = "elbow"
    WRIST = "wrist"
    HAND = "hand"
    HIP = "hip"
    PELVIS = "pelvis"
    KNEE = "knee"
    ANKLE = "ankle"
    FOOT = "foot"
    HEAD = "head"
    ABDOMEN = "abdomen"
    UPPER_EXTREMITY = "upper extremity"
    LOWER_EXTREMITY = "lower extremity"


class Citation(_Model):
    """Where a criterion (or a guideline as a whole) comes from.

    ``document`` uses the canonical titles of ``openimr.letters.citations`` ("MTUS ACOEM Low Back
    Complaints", "MTUS Chronic Pain Medical Treatment Guidelines", "Official Disability Guidelines
    (ODG)"), so that a criterion's citation compares with a letter's guideline line.

    ``confirmed`` is true only where real Final Determination letters quote or paraphrase this
    statement and name this document (and the page, where pages are given). ``source_note`` cites
    the guideline (document, section or table, page) and says whether the statement is taken
    "as letters quote it" or from the research notes; it never names a letter's case number.
    """

    document: Text
    edition: str | None = None
    chapter: str | None = None
    section: str | None = None
    pages: list[str] = Field(default_factory=list)
    confirmed: bool
    source_note: Text

    @property
    def title(self) -> str:
        """Document and edition as ``openimr.letters`` writes a cited document
        ("MTUS ACOEM Low Back Complaints 2004")."""
        return f"{self.document} {self.edition}" if self.edition else self.document


class Threshold(_Model):
    """A number a documented value is compared with, e.g. pain relief ``>= 50 percent``."""

    value: float
    unit: Unit
    comparison: Comparison


class Criterion(_Model):
    """One criterion point: a paraphrased requirement and the clinical fact that shows it.

    ``fact`` names the fact the clinical extractor must find (``radiculopathy_corroborated``,
    ``red_flags``, ``failed_conservative_care``, ``functional_improvement`` ...). ``threshold``,
    where given, is what the fact's value must satisfy. An ``exclusion`` is met when its fact is
    absent (facet injections: ``radicular_pain``). ``applies_to`` limits the criterion to some of
    the set's families (a shoulder set's "no plain films in the first weeks" is for ``x_ray``
    only); empty means every family of the set.
    """

    id: SnakeId
    statement: Text
    fact: SnakeId
    kind: CriterionKind = CriterionKind.REQUIREMENT
    threshold: Threshold | None = None
    applies_to: list[Family] = Field(default_factory=list)
    citation: Citation


class CriteriaGroup(_Model):
    """A counting rule over some of a guideline's criteria (by id).

    Example: imaging is indicated with **one of** red flags, neurologic dysfunction, failure to
    progress, or planning of an invasive procedure. ``applies_when`` names a criterion that
    switches the group on (the conservative-care group applies only on the nerve-compromise
    pathway, not when a red flag is present); without it the group always applies.
    ``applies_unless`` names criteria any one of which, when met, switches the group off (opioid
    initiation rules do not apply to a worker already on opioids). A criterion used only as such
    a switch is not required on its own.
    """

    id: SnakeId
    rule: CountingRule
    n: int | None = Field(default=None, ge=1)
    criteria: list[SnakeId] = Field(min_length=1)
    applies_when: SnakeId | None = None
    applies_unless: list[SnakeId] = Field(default_factory=list)

    @model_validator(mode="after")
    def _n_matches_rule(self) -> CriteriaGroup:
        if self.rule is CountingRule.AT_LEAST_N:
            if self.n is None:
                raise ValueError("at_least_n needs n")
            if self.n > len(self.criteria):
                raise ValueError(
                    f"n={self.n} is more than the {len(self.criteria)} criteria listed"
                )
        elif self.n is not None:
            raise ValueError(f"n is only for at_least_n, not {self.rule.value}")
        return self


class QuantityLimit(_Model):
    """A cap on what may be requested, e.g. at most 3 injections per session.

    ``surgery_kinds`` limits the cap to services after those operations (ids of
    ``openimr.requests`` kinds of surgery): the Postsurgical guidelines give each operation its
    own course of therapy.
    """

    id: SnakeId
    statement: Text
    max: float = Field(gt=0)
    unit: Unit
    scope: LimitScope
    surgery_kinds: list[SnakeId] = Field(default_factory=list)
    citation: Citation


class ContinuationRule(_Model):
    """What must be documented to continue or repeat a treatment.

    Example: repeat injection only after relief ``>= 50 percent`` lasting ``>= 6 weeks``.
    ``applies_unless`` names criteria that, when met, set the rule aside (limited-time opioids
    after a severe acute injury are not chronic maintenance).
    """

    id: SnakeId
    statement: Text
    fact: SnakeId
    threshold: Threshold | None = None
    duration: Threshold | None = None
    applies_unless: list[SnakeId] = Field(default_factory=list)
    citation: Citation


class Guideline(_Model):
    """The guideline that governs a criteria set during one period, at one hierarchy step.

    ``effective_to`` is the last day in force (inclusive); None means still in force as far as this
    knowledge base knows. ``dates_confirmed`` and ``dates_note`` say where the dates come from.

    ``phases``, when given, makes the guideline the document for those phases of care only: where
    the MTUS has two documents for a service (a body-region ACOEM chapter for acute and subacute
    care, the Chronic Pain guidelines for chronic pain), the phase-limited one replaces the
    guideline of its step without phases when the request's phase is one of its phases.
    ``phase_note`` says why (which MTUS section assigns the phase to the document).

    How the criteria combine: criteria whose ``applies_to`` excludes the request's family are
    set aside; each group then counts the criteria it names (a group left empty is skipped, a
    group with ``applies_when`` counts only when that criterion is met); every criterion named
    in no group must hold on its own (all of).
    """

    id: SnakeId
    step: Step
    name: Text
    effective_from: dt.date
    effective_to: dt.date | None = None
    dates_confirmed: bool
    dates_note: Text
    recommendation: Recommendation
    citation: Citation
    criteria: list[Criterion] = Field(default_factory=list)
    groups: list[CriteriaGroup] = Field(default_factory=list)
    quantity_limits: list[QuantityLimit] = Field(default_factory=list)
    continuation: list[ContinuationRule] = Field(default_factory=list)
    documentation_required: list[SnakeId] = Field(default_factory=list)
    phases: list[PhaseOfCare] = Field(default_factory=list)
    phase_note: str | None = None
    #: the regulation that assigns the phase, short, for a determination's one-sentence reason
    #: ("8 CCR 9792.23.5(c), 9792.24.2"); ``phase_note`` keeps the full justification
    phase_rule: str | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Guideline:
        if self.phases and not (self.phase_note or "").strip():
            raise ValueError("a guideline limited to phases of care needs a phase_note saying why")
        if self.effective_to is not None and self.effective_to < self.effective_from:
            raise ValueError(
                f"effective_to {self.effective_to} is before effective_from {self.effective_from}"
            )
        ids = [c.id for c in self.criteria]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise ValueError(f"duplicate criterion id(s): {', '.join(duplicates)}")
        for group in self.groups:
            unknown = [i for i in group.criteria if i not in ids]
            if group.applies_when is not None and group.applies_when not in ids:
                unknown.append(group.applies_when)
            unknown.extend(i for i in group.applies_unless if i not in ids)
            if unknown:
                raise ValueError(f"group '{group.id}' names unknown criteria: {', '.join(unknown)}")
        for rule in self.continuation:
            unknown_switches = [i for i in rule.applies_unless if i not in ids]
            if unknown_switches:
                raise ValueError(
                    f"continuation '{rule.id}' names unknown criteria: {', '.join(unknown_switches)}"
                )
        supports = self.recommendation in (
            Recommendation.RECOMMENDED,
            Recommendation.CONDITIONALLY_RECOMMENDED,
        )
        if supports and not (self.criteria or self.quantity_limits or self.continuation):
            raise ValueError(
                f"a '{self.recommendation.value}' guideline needs criteria, quantity limits "
                "or continuation rules"
            )
        return self

    def in_force(self, on: dt.date) -> bool:
        """Whether this guideline governs requests made on ``on``."""
        return self.effective_from <= on and (self.effective_to is None or on <= self.effective_to)

    def overlaps(self, other: Guideline) -> bool:
        """Whether the two guidelines' date ranges share a day."""
        return (self.effective_to is None or other.effective_from <= self.effective_to) and (
            other.effective_to is None or self.effective_from <= other.effective_to
        )


class CriteriaSet(_Model):
    """The criteria for one kind of service, with the guidelines that govern it over time.

    ``families`` (and, when given, ``body_regions`` and ``drugs``) say which requests it covers.
    ``follows_primary`` marks associated surgical services: they stand or fall with the primary
    surgery. ``surgery_kinds`` (ids of ``openimr.requests`` kinds of surgery, e.g.
    ``total_knee_arthroplasty``) limits a surgery set to those operations. Within one hierarchy
    step the guidelines without phases must neither overlap nor leave gaps; phase-limited
    guidelines of one step must not overlap for a phase they share.
    """

    id: SnakeId
    title: Text
    families: list[Family] = Field(min_length=1)
    body_regions: list[BodyRegion] = Field(default_factory=list)
    drugs: list[str] = Field(default_factory=list)
    surgery_kinds: list[SnakeId] = Field(default_factory=list)
    synonyms: list[str] = Field(default_factory=list)
    follows_primary: bool = False
    guidelines: list[Guideline] = Field(min_length=1)

    @model_validator(mode="after")
    def _dated_without_overlaps_or_gaps(self) -> CriteriaSet:
        ids = [g.id for g in self.guidelines]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise ValueError(f"duplicate guideline id(s): {', '.join(duplicates)}")
        families = set(self.families)
        for g_index, guideline in enumerate(self.guidelines):
            for criterion in guideline.criteria:
                stray = [f.value for f in criterion.applies_to if f not in families]
                if stray:
                    raise ValueError(
                        f"guidelines[{g_index}] criterion '{criterion.id}' applies_to "
                        f"{', '.join(stray)}, which the set does not cover"
                    )
        for step in Step:
            limited = [g for g in self.guidelines if g.step is step and g.phases]
            for index, first in enumerate(limited):
                for second in limited[index + 1 :]:
                    shared = set(first.phases) & set(second.phases)
                    if shared and first.overlaps(second):
                        raise ValueError(
                            f"{step.value} guidelines '{first.id}' and '{second.id}' overlap "
                            f"for the {', '.join(sorted(p.value for p in shared))} phase"
                        )
            entries = sorted(
                (g for g in self.guidelines if g.step is step and not g.phases),
                key=lambda g: g.effective_from,
            )
            for before, after in zip(entries, entries[1:], strict=False):
                if before.effective_to is None or before.effective_to >= after.effective_from:
                    raise ValueError(
                        f"{step.value} guidelines '{before.id}' and '{after.id}' overlap"
                    )
                if after.effective_from - before.effective_to > dt.timedelta(days=1):
                    raise ValueError(
                        f"{step.value} guidelines '{before.id}' and '{after.id}' leave a gap "
                        f"from {before.effective_to + dt.timedelta(days=1)} to "
                        f"{after.effective_from - dt.timedelta(days=1)}"
                    )
        return self

    def criteria(self) -> list[Criterion]:
        """Every criterion of every guideline of this set."""
        return [c for g in self.guidelines for c in g.criteria]


class GuidelineFile(_Model):
    """One ``data/*.yaml`` file."""

    criteria_sets: list[CriteriaSet] = Field(min_length=1)
