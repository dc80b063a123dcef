"""The determination engine: how a guideline's criteria, groups, limits and continuation rules
decide a disputed item, what the rationale and the citation say, and how the shipped knowledge
base's hierarchy, dates and associated surgical services shape a decision."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from conftest import SEED_LETTER

from openimr import letters
from openimr.corpus.evaluate import case_from_letter
from openimr.domain import (
    Assertion,
    Case,
    CriterionResult,
    Decision,
    DisputedItem,
    Evidence,
    Fact,
    FlagKind,
    ItemDetermination,
    Record,
)
from openimr.guidelines import KnowledgeBase
from openimr.review import decide
from openimr.review.facts import catalog as catalog_module

# -- builders ---------------------------------------------------------------------------------

UR_DATE = dt.date(2016, 6, 1)


def _citation(document: str, pages: list[str], edition: str | None = None) -> str:
    edition_line = f"edition: '{edition}', " if edition else ""
    return (
        f"{{document: '{document}', {edition_line}section: Therapeutic ultrasound, pages: {pages}, "
        "confirmed: false, source_note: written for the engine tests}"
    )


# Canonical document titles (``openimr.letters.citations``), as the schema asks.
# The edition in force on UR_DATE (2016-06-01), before the amended guidelines of July 28, 2016;
# the test citations give that edition's pages (pages of another edition are not cited).
GOVERNING = "MTUS Chronic Pain Medical Treatment Guidelines 2009"
OTHER = "ACOEM Practice Guidelines, 3rd ed."
TEST_GUIDE = _citation("MTUS Chronic Pain Medical Treatment Guidelines", ["8", "9"], edition="2009")
TEST_GUIDE_P12 = _citation("MTUS Chronic Pain Medical Treatment Guidelines", ["12"], edition="2009")
OTHER_GUIDE = _citation(OTHER, ["99"])


def _criterion(id: str, fact: str, *, kind: str = "requirement", citation: str = TEST_GUIDE) -> str:
    statement = fact.replace("_", " ").capitalize() + " on examination."
    return (
        f"          - {{id: {id}, statement: {statement}, fact: {fact}, kind: {kind}, "
        f"citation: {citation}}}\n"
    )


def _criteria_set(
    id: str,
    family: str,
    *,
    recommendation: str = "conditionally_recommended",
    criteria: str = "",
    groups: str = "",
    extra: str = "",
) -> str:
    return (
        f"  - id: {id}\n"
        f"    title: Test {family.replace('_', ' ')}\n"
        f"    families: [{family}]\n"
        "    guidelines:\n"
        f"      - id: {id}_guide\n"
        "        step: mtus\n"
        f"        name: Test {family.replace('_', ' ')} Guidelines\n"
        "        effective_from: 2010-01-01\n"
        "        dates_confirmed: false\n"
        "        dates_note: written for the engine tests\n"
        f"        recommendation: {recommendation}\n"
        f"        citation: {TEST_GUIDE}\n"
        + ("        criteria:\n" + criteria if criteria else "")
        + ("        groups:\n" + groups if groups else "")
        + extra
    )


# Acupuncture: two criteria that must each hold (one cited on another page, one from another
# document), an exclusion, a limit of 6 sessions for a first trial, and a continuation rule.
ACUPUNCTURE = _criteria_set(
    "test_acupuncture",
    "acupuncture",
    criteria=(
        _criterion("alpha", "alpha_sign", citation=TEST_GUIDE_P12)
        + _criterion("beta", "beta_sign", citation=OTHER_GUIDE)
        + _criterion("no_bleeding_disorder", "bleeding_disorder", kind="exclusion")
    ),
    extra=(
        "        quantity_limits:\n"
        "          - {id: initial_trial_sessions, statement: At most six sessions for a first trial., max: 6,\n"
        f"             unit: sessions, scope: initial_trial, citation: {TEST_GUIDE}}}\n"
        "        continuation:\n"
        "          - {id: gain_from_earlier_sessions, statement: Functional gain from the earlier sessions.,\n"
        f"             fact: functional_gain, citation: {TEST_GUIDE}}}\n"
    ),
)
SIGNS = ("sign_one", "sign_two", "sign_three")
_SIGN_CRITERIA = "".join(_criterion(sign.replace("sign_", "c_"), sign) for sign in SIGNS)
# One set per counting rule over the same three criteria.
COUNTING_SETS = {
    "one_of": (
        "TENS unit",
        _criteria_set(
            "test_one_of",
            "tens",
            criteria=_SIGN_CRITERIA,
            groups="          - {id: signs, rule: one_of, criteria: [c_one, c_two, c_three]}\n",
        ),
    ),
    "all_of": (
        "Massage therapy",
        _criteria_set(
            "test_all_of",
            "massage",
            criteria=_SIGN_CRITERIA,
            groups="          - {id: signs, rule: all_of, criteria: [c_one, c_two, c_three]}\n",
        ),
    ),
    "at_least_n": (
        "Shockwave therapy",
        _criteria_set(
            "test_at_least_two",
            "shockwave",
            criteria=_SIGN_CRITERIA,
            groups="          - {id: signs, rule: at_least_n, n: 2, criteria: [c_one, c_two, c_three]}\n",
        ),
    ),
}
NEEDED = {"one_of": 1, "all_of": 3, "at_least_n": 2}
# Biofeedback: a group that counts only on a pathway (applies_when).
GATED = _criteria_set(
    "test_gated",
    "biofeedback",
    criteria=_criterion("nerve_pathway", "switch_on") + _criterion("gated", "gated_sign"),
    groups="          - {id: pathway, rule: all_of, criteria: [gated], applies_when: nerve_pathway}\n",
)
# Psychotherapy: a group that a met criterion switches off (applies_unless).
UNLESS = _criteria_set(
    "test_unless",
    "psychotherapy",
    criteria=_criterion("already_treated", "switch_off")
    + _criterion("initiation", "initiation_sign"),
    groups="          - {id: starting, rule: all_of, criteria: [initiation], applies_unless: [already_treated]}\n",
)
# Infrared heat: not recommended, whatever the record shows.
NOT_RECOMMENDED = _criteria_set(
    "test_not_recommended",
    "infrared_heat",
    recommendation="not_recommended",
    criteria=_criterion("heat_sign", "heat_sign"),
)
# Ultrasound therapy: a criterion cited from ODG with a page.
ODG_PAGE = _criteria_set(
    "test_odg_page",
    "ultrasound_therapy",
    criteria=_criterion(
        "odg_sign", "odg_sign", citation=_citation("Official Disability Guidelines (ODG)", ["99"])
    ),
)


@pytest.fixture(scope="module")
def small_kb() -> KnowledgeBase:
    sets = [ACUPUNCTURE, GATED, UNLESS, NOT_RECOMMENDED, ODG_PAGE] + [
        text for _, text in COUNTING_SETS.values()
    ]
    return KnowledgeBase.from_texts({"engine_tests.yaml": "criteria_sets:\n" + "".join(sets)})


@pytest.fixture(autouse=True)
def _test_facts_declared(small_kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch) -> None:
    """The test criteria name made-up facts (alpha_sign ...): declared here as data, each shown
    by an extracted fact of the same kind, as the shipped catalog declares the real ones."""
    shipped = catalog_module.catalog()
    named = {
        name
        for criteria_set in small_kb.all()
        for guideline in criteria_set.guidelines
        for name in [c.fact for c in guideline.criteria] + [r.fact for r in guideline.continuation]
        if name not in shipped
    }
    declared = catalog_module.Catalog(
        [
            *shipped.specs,
            *(
                catalog_module.FactSpec(
                    id=name,
                    definition=f"{name} (a fact of the engine tests)",
                    derive=catalog_module.Derivation(kinds=[name]),
                    example=catalog_module.Example(request="x", positive="x", negative="x"),
                )
                for name in sorted(named)
            ),
        ]
    )
    monkeypatch.setattr(catalog_module, "catalog", lambda: declared)


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return KnowledgeBase.load()


def fact(
    kind: str,
    sentence: str | None = None,
    *,
    value: str | float | None = None,
    assertion: Assertion = Assertion.PRESENT,
) -> Fact:
    """A clinical fact as the extractor would give it, found in record r1."""
    sentence = sentence or f"The examination shows {kind.replace('_', ' ')}."
    return Fact(
        kind=kind,
        value=value,
        assertion=assertion,
        evidence=Evidence(
            sentence=sentence, start=0, end=len(sentence), document="r1", date=dt.date(2016, 5, 2)
        ),
    )


def make_case(
    *requests: str | DisputedItem, on: dt.date | None = UR_DATE, text: str = "Progress note."
) -> Case:
    items = [r if isinstance(r, DisputedItem) else DisputedItem(request=r) for r in requests]
    return Case(
        case_number="CM-TEST",
        date_of_injury=dt.date(2015, 1, 5),
        ur_decision_date=on,
        records=[Record(id="r1", date=dt.date(2016, 5, 2), type="progress note", text=text)],
        items=items,
    )


def decide_one(kb: KnowledgeBase, request: str, *facts: Fact) -> ItemDetermination:
    return decide(make_case(request), kb=kb, facts=list(facts)).items[0]


ALL_ACUPUNCTURE_CRITERIA = (fact("alpha_sign"), fact("beta_sign"))


def result_of(item: ItemDetermination, criterion: str) -> CriterionResult:
    return next(f.result for f in item.findings if f.criterion == criterion)


# -- criteria met and not documented -------------------------------------------------------------


class TestConditionallyRecommendedService:
    def test_is_overturned_when_every_criterion_is_met(self, small_kb: KnowledgeBase) -> None:
        item = decide_one(small_kb, "Acupuncture x 6", *ALL_ACUPUNCTURE_CRITERIA)
        assert item.decision is Decision.OVERTURNED
        assert item.criteria_set == "test_acupuncture"
        assert {
            f.criterion: f.result for f in item.findings if f.criterion in ("alpha", "beta")
        } == {"alpha": CriterionResult.MET, "beta": CriterionResult.MET}

    def test_is_upheld_when_one_criterion_is_not_documented(self, small_kb: KnowledgeBase) -> None:
        item = decide_one(small_kb, "Acupuncture x 6", fact("alpha_sign"))
        assert item.decision is Decision.UPHELD
        assert result_of(item, "beta") is CriterionResult.NOT_DOCUMENTED

    def test_is_upheld_when_the_record_denies_a_criterion(self, small_kb: KnowledgeBase) -> None:
        item = decide_one(
            small_kb,
            "Acupuncture x 6",
            fact("alpha_sign"),
            fact("beta_sign", "There is no beta sign.", assertion=Assertion.ABSENT),
        )
        assert item.decision is Decision.UPHELD
        assert result_of(item, "beta") is CriterionResult.NOT_MET

    def test_a_met_criterion_carries_the_sentence_that_shows_it(
        self, small_kb: KnowledgeBase
    ) -> None:
        shown = fact("alpha_sign", "Alpha sign is positive on the left.")
        item = decide_one(small_kb, "Acupuncture x 6", shown, fact("beta_sign"))
        alpha = next(f for f in item.findings if f.criterion == "alpha")
        assert [e.sentence for e in alpha.evidence] == ["Alpha sign is positive on the left."]
        assert alpha.evidence[0].document == "r1"


# -- counting rules ---------------------------------------------------------------------------------


@pytest.mark.parametrize("rule", list(COUNTING_SETS))
@pytest.mark.parametrize(
    "met",
    [set(c) for n in range(4) for c in itertools.combinations(SIGNS, n)],
    ids=lambda met: "+".join(sorted(met)) or "none",
)
def test_a_group_counts_its_met_criteria_as_its_rule_says(
    small_kb: KnowledgeBase, rule: str, met: set[str]
) -> None:
    request, _ = COUNTING_SETS[rule]
    item = decide_one(small_kb, request, *(fact(sign) for sign in sorted(met)))
    expected = Decision.OVERTURNED if len(met) >= NEEDED[rule] else Decision.UPHELD
    assert item.decision is expected


# -- switches: applies_when and applies_unless --------------------------------------------------------


class TestGroupSwitches:
    def test_a_group_with_applies_when_does_not_count_when_its_switch_is_not_met(
        self, small_kb: KnowledgeBase
    ) -> None:
        item = decide_one(small_kb, "Biofeedback x 6")
        assert result_of(item, "gated") is CriterionResult.NOT_DOCUMENTED
        assert item.decision is Decision.OVERTURNED, (
            "neither the switch nor the switched-off group is required"
        )

    def test_a_group_with_applies_when_counts_when_its_switch_is_met(
        self, small_kb: KnowledgeBase
    ) -> None:
        item = decide_one(small_kb, "Biofeedback x 6", fact("switch_on"))
        assert item.decision is Decision.UPHELD
        assert "gated sign on examination" in item.rationale.lower()

    def test_a_switched_on_group_is_satisfied_by_its_criteria(
        self, small_kb: KnowledgeBase
    ) -> None:
        item = decide_one(small_kb, "Biofeedback x 6", fact("switch_on"), fact("gated_sign"))
        assert item.decision is Decision.OVERTURNED

    def test_a_group_with_applies_unless_counts_while_no_switch_is_met(
        self, small_kb: KnowledgeBase
    ) -> None:
        item = decide_one(small_kb, "Psychotherapy x 6")
        assert item.decision is Decision.UPHELD
        assert "initiation sign on examination" in item.rationale.lower()

    def test_applies_unless_switches_a_group_off(self, small_kb: KnowledgeBase) -> None:
        item = decide_one(small_kb, "Psychotherapy x 6", fact("switch_off"))
        assert result_of(item, "initiation") is CriterionResult.NOT_DOCUMENTED
        assert item.decision is Decision.OVERTURNED


# -- exclusions, limits, continuation, not recommended ---------------------------------------------------


class TestExclusionCriterion:
    def test_is_not_met_when_its_fact_is_present(self, small_kb: KnowledgeBase) -> None:
        item = decide_one(
            small_kb,
            "Acupuncture x 6",
            *ALL_ACUPUNCTURE_CRITERIA,
            fact("bleeding_disorder", "She has a bleeding disorder."),
        )
        assert result_of(item, "no_bleeding_disorder") is CriterionResult.NOT_MET
        assert item.decision is Decision.UPHELD

    def test_is_met_when_its_fact_is_absent(self, small_kb: KnowledgeBase) -> None:
        item = decide_one(
            small_kb,
            "Acupuncture x 6",
            *ALL_ACUPUNCTURE_CRITERIA,
            fact("bleeding_disorder", "No bleeding disorder.", assertion=Assertion.ABSENT),
        )
        assert result_of(item, "no_bleeding_disorder") is CriterionResult.MET
        assert item.decision is Decision.OVERTURNED


class TestQuantityLimit:
    def test_a_request_within_the_limit_is_judged_on_its_criteria(
        self, small_kb: KnowledgeBase
    ) -> None:
        item = decide_one(small_kb, "Acupuncture x 6", *ALL_ACUPUNCTURE_CRITERIA)
        assert result_of(item, "initial_trial_sessions") is CriterionResult.MET

    def test_a_request_beyond_the_limit_is_upheld_not_modified(
        self, small_kb: KnowledgeBase
    ) -> None:
        item = decide_one(small_kb, "Acupuncture x 12", *ALL_ACUPUNCTURE_CRITERIA)
        assert result_of(item, "initial_trial_sessions") is CriterionResult.NOT_MET
        assert item.decision is Decision.UPHELD
        assert item.request == "Acupuncture x 12", "IMR decides the request as submitted"
        assert "at most 6" in item.rationale


class TestContinuationRules:
    def test_do_not_apply_to_a_treatment_not_tried_before(self, small_kb: KnowledgeBase) -> None:
        item = decide_one(small_kb, "Acupuncture 2x3 lumbar spine", *ALL_ACUPUNCTURE_CRITERIA)
        assert "gain_from_earlier_sessions" not in {f.criterion for f in item.findings}
        assert item.decision is Decision.OVERTURNED

    def test_apply_when_the_record_shows_the_treatment_was_given_before(
        self, small_kb: KnowledgeBase
    ) -> None:
        earlier = fact(
            "treatment_tried",
            "She completed six acupuncture sessions for the low back last year.",
            value="acupuncture",
        )
        item = decide_one(
            small_kb, "Acupuncture 2x3 lumbar spine", *ALL_ACUPUNCTURE_CRITERIA, earlier
        )
        assert result_of(item, "gain_from_earlier_sessions") is CriterionResult.NOT_DOCUMENTED
        assert item.decision is Decision.UPHELD

    def test_apply_when_the_request_asks_for_more_of_the_treatment(
        self, small_kb: KnowledgeBase
    ) -> None:
        item = decide_one(small_kb, "Additional acupuncture x 6", *ALL_ACUPUNCTURE_CRITERIA)
        assert result_of(item, "gain_from_earlier_sessions") is CriterionResult.NOT_DOCUMENTED
        assert item.decision is Decision.UPHELD

    def test_a_met_continuation_rule_lets_the_treatment_continue(
        self, small_kb: KnowledgeBase
    ) -> None:
        item = decide_one(
            small_kb,
            "Additional acupuncture x 6",
            *ALL_ACUPUNCTURE_CRITERIA,
            fact("functional_gain"),
        )
        assert result_of(item, "gain_from_earlier_sessions") is CriterionResult.MET
        assert item.decision is Decision.OVERTURNED


class TestNotRecommendedGuideline:
    def test_upholds_even_when_the_record_shows_its_criteria(self, small_kb: KnowledgeBase) -> None:
        item = decide_one(small_kb, "Infrared heat therapy", fact("heat_sign"))
        assert item.decision is Decision.UPHELD

    def test_rationale_says_the_guideline_does_not_recommend_the_service(
        self, small_kb: KnowledgeBase
    ) -> None:
        item = decide_one(small_kb, "Infrared heat therapy")
        assert (
            "Test infrared heat Guidelines do not recommend test infrared heat." in item.rationale
        )


# -- rationale and citation -----------------------------------------------------------------------------


class TestRationale:
    def test_names_the_unmet_criterion(self, small_kb: KnowledgeBase) -> None:
        item = decide_one(small_kb, "Acupuncture x 6", fact("alpha_sign"))
        assert (
            "Beta sign on examination. The submitted records do not document this."
            in item.rationale
        )
        assert "alpha sign on examination" not in item.rationale.lower()

    def test_of_an_upheld_item_ends_with_not_medically_necessary(
        self, small_kb: KnowledgeBase
    ) -> None:
        item = decide_one(small_kb, "Acupuncture x 6", fact("alpha_sign"))
        assert item.rationale.endswith(
            "the request for Acupuncture x 6 is not medically necessary."
        )

    def test_of_an_overturned_item_ends_with_medically_necessary(
        self, small_kb: KnowledgeBase
    ) -> None:
        item = decide_one(small_kb, "Acupuncture x 6", *ALL_ACUPUNCTURE_CRITERIA)
        assert item.rationale.endswith("the request for Acupuncture x 6 is medically necessary.")

    def test_of_an_overturned_item_quotes_the_evidence(self, small_kb: KnowledgeBase) -> None:
        item = decide_one(
            small_kb,
            "Acupuncture x 6",
            fact("alpha_sign", "Alpha sign is positive."),
            fact("beta_sign"),
        )
        # A record by its type and date, as a reviewer names it; never its internal id.
        assert 'of 05/02/2016 states: "Alpha sign is positive"' in item.rationale
        assert "r1" not in item.rationale and "2016-05-02" not in item.rationale


class TestCitation:
    def test_is_the_governing_guidelines_document_with_its_pages(
        self, small_kb: KnowledgeBase
    ) -> None:
        item = decide_one(small_kb, "Acupuncture x 6", *ALL_ACUPUNCTURE_CRITERIA)
        assert item.citations[0].document == GOVERNING
        assert item.citations[0].pages == ["8", "9", "12"]

    def test_adds_the_pages_of_an_unmet_criterion_from_the_same_document(
        self, small_kb: KnowledgeBase
    ) -> None:
        item = decide_one(small_kb, "Acupuncture x 6", fact("beta_sign"))
        assert item.citations[0].pages == ["8", "9", "12"]

    def test_leaves_out_pages_of_criteria_from_another_document(
        self, small_kb: KnowledgeBase
    ) -> None:
        item = decide_one(small_kb, "Acupuncture x 6", fact("alpha_sign"))
        assert item.citations[0].document == GOVERNING
        assert item.citations[0].pages == ["8", "9"]

    def test_lists_another_document_an_unmet_criterion_rests_on_after_the_governing_one(
        self, small_kb: KnowledgeBase
    ) -> None:
        item = decide_one(small_kb, "Acupuncture x 6", fact("alpha_sign"))
        assert [(c.document, c.pages) for c in item.citations] == [
            (GOVERNING, ["8", "9"]),
            (OTHER, ["99"]),
        ]

    def test_does_not_list_a_document_whose_criterion_did_not_decide_the_item(
        self, small_kb: KnowledgeBase
    ) -> None:
        item = decide_one(small_kb, "Acupuncture x 6", fact("beta_sign"))
        assert item.decision is Decision.UPHELD
        assert [c.document for c in item.citations] == [GOVERNING]


def test_a_page_of_a_criterion_from_another_document_stays_a_page(small_kb: KnowledgeBase) -> None:
    item = decide_one(small_kb, "Ultrasound therapy")
    odg = next(c for c in item.citations if c.document == "Official Disability Guidelines (ODG)")
    assert (odg.sections, odg.pages) == (["Therapeutic ultrasound"], ["99"])


# -- the shipped knowledge base ---------------------------------------------------------------------------


class TestHierarchyFallback:
    def test_an_item_with_no_criteria_set_is_upheld_and_says_why(self, kb: KnowledgeBase) -> None:
        item = decide(make_case("Hyperbaric oxygen chamber rental"), kb=kb, facts=[]).items[0]
        assert item.criteria_set is None
        assert item.decision is Decision.UPHELD
        assert item.hierarchy_step == "generally accepted standards of medical practice"
        assert item.citations == []
        assert "No criteria set in the knowledge base covers this service" in item.rationale
        # never Upheld in silence: the reviewer is told to decide it without criteria
        assert "must decide this item without criteria" in item.rationale
        assert [f.kind for f in item.flags] == [FlagKind.NO_CRITERIA_SET]
        assert item.rationale.endswith("is not medically necessary.")


SHOULDER_NOTE = (
    "The worker has recurrent anterior dislocation of the right shoulder. "
    "MRI of the right shoulder showed a Bankart lesion. "
    "Apprehension test of the right shoulder is positive."
)


class TestAssociatedSurgicalServices:
    def test_follow_an_upheld_primary_procedure(self, kb: KnowledgeBase) -> None:
        case = make_case("Right knee arthroscopic partial meniscectomy", "Assistant surgeon")
        primary, assistant = decide(case, kb=kb, facts=[]).items
        assert primary.decision is Decision.UPHELD
        assert assistant.decision is Decision.UPHELD
        assert assistant.hierarchy_step == "follows the primary procedure"
        assert "Right knee arthroscopic partial meniscectomy" in assistant.rationale

    def test_follow_the_primary_procedure_even_when_listed_first(self, kb: KnowledgeBase) -> None:
        case = make_case("Assistant surgeon", "Right knee arthroscopic partial meniscectomy")
        assistant, primary = decide(case, kb=kb, facts=[]).items
        assert primary.decision is Decision.UPHELD
        assert assistant.hierarchy_step == "follows the primary procedure"

    def test_are_judged_on_their_own_criteria_when_the_primary_is_overturned(
        self, kb: KnowledgeBase
    ) -> None:
        case = make_case(
            "Right shoulder arthroscopic Bankart repair", "Assistant surgeon", text=SHOULDER_NOTE
        )
        primary, assistant = decide(case, kb=kb).items
        assert primary.decision is Decision.OVERTURNED
        assert assistant.hierarchy_step != "follows the primary procedure"
        assert assistant.criteria_set == "assistant_surgeon"
        assert {f.criterion for f in assistant.findings} >= {
            "primary_surgery_certified",
            "complex_procedure",
        }
        assert "judged on its own criteria" in assistant.rationale


PARTIAL = DisputedItem(
    request="Physical therapy x 6",
    original_request="Physical therapy x 12",
    authorized="Physical therapy x 6",
)


class TestPartialAuthorization:
    def test_keeps_the_original_request_and_the_authorized_part_beside_the_decided_one(
        self, kb: KnowledgeBase
    ) -> None:
        decided = decide(make_case(PARTIAL), kb=kb, facts=[]).items[0]
        assert (decided.request, decided.original_request, decided.authorized) == (
            "Physical therapy x 6",
            "Physical therapy x 12",
            "Physical therapy x 6",
        )
        assert "the request for Physical therapy x 6 is" in decided.rationale

    def test_counts_the_authorized_part_toward_the_course_limit(self, kb: KnowledgeBase) -> None:
        # 6 remaining after 6 authorized is a course of 12, beyond the myalgia course.
        decided = decide(make_case(PARTIAL), kb=kb, facts=[]).items[0]
        course = next(f for f in decided.findings if f.criterion == "myalgia_neuralgia_course")
        assert course.note is not None
        assert course.note.startswith("6 visits requested, 6 of the same course already authorized")
        assert course.result is CriterionResult.NOT_MET
        alone = decide(make_case("Physical therapy x 6"), kb=kb, facts=[]).items[0]
        assert result_of(alone, "myalgia_neuralgia_course") is CriterionResult.MET

    def test_the_whole_original_request_would_exceed_the_course_limit(
        self, kb: KnowledgeBase
    ) -> None:
        decided = decide(make_case("Physical therapy x 12"), kb=kb, facts=[]).items[0]
        assert result_of(decided, "myalgia_neuralgia_course") is CriterionResult.NOT_MET

    def test_does_not_take_the_authorized_part_for_treatment_already_tried(
        self, kb: KnowledgeBase
    ) -> None:
        # What the claims administrator authorized may not have been given yet: the remaining
        # portion is judged as the records show the course, like the same request on its own.
        partial = decide(make_case(PARTIAL), kb=kb, facts=[]).items[0]
        whole = decide(make_case("Physical therapy x 6"), kb=kb, facts=[]).items[0]
        assert "functional_improvement_from_prior_visits" not in {
            f.criterion for f in partial.findings
        }
        assert {f.criterion for f in partial.findings} == {f.criterion for f in whole.findings}


class TestGuidelineByDate:
    def test_an_opioid_request_before_august_2016_is_governed_by_the_2009_chronic_pain_guideline(
        self, kb: KnowledgeBase
    ) -> None:
        item = decide(
            make_case("Norco 10/325mg #60", on=dt.date(2016, 6, 1)), kb=kb, facts=[]
        ).items[0]
        assert item.criteria_set == "opioid"
        assert item.citations[0].document == "MTUS Chronic Pain Medical Treatment Guidelines 2009"
        assert "2009" in item.hierarchy_reason

    def test_an_opioid_request_in_december_2016_is_governed_by_the_2016_opioids_guideline(
        self, kb: KnowledgeBase
    ) -> None:
        item = decide(
            make_case("Norco 10/325mg #60", on=dt.date(2016, 12, 1)), kb=kb, facts=[]
        ).items[0]
        assert item.citations[0].document == "MTUS Opioids Treatment Guidelines 2016"
        assert "MTUS Opioids Treatment Guidelines 2016 governs" in item.hierarchy_reason


def test_decide_gives_the_same_determination_twice(kb: KnowledgeBase) -> None:
    case = make_case(
        "Right shoulder arthroscopic Bankart repair",
        "Assistant surgeon",
        "Norco 10/325mg #60",
        "H-wave unit 30 day trial",
        text=SHOULDER_NOTE,
    )
    assert decide(case, kb=kb) == decide(case, kb=kb)


# -- the seed letter --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed(kb: KnowledgeBase) -> tuple[ItemDetermination, ItemDetermination]:
    facet, trigger_points = decide(case_from_letter(letters.read(SEED_LETTER)), kb=kb).items
    return facet, trigger_points


class TestSeedLetter:
    def test_both_items_are_upheld(self, seed: tuple[ItemDetermination, ItemDetermination]) -> None:
        assert [item.decision for item in seed] == [Decision.UPHELD, Decision.UPHELD]

    def test_the_facet_item_cites_acoem_low_back_2004_page_300(
        self, seed: tuple[ItemDetermination, ItemDetermination]
    ) -> None:
        facet, _ = seed
        assert facet.citations[0].document == "MTUS ACOEM Low Back Complaints 2004"
        assert "300" in facet.citations[0].pages

    def test_the_facet_rationale_says_facet_injections_are_not_recommended_with_radicular_pain(
        self, seed: tuple[ItemDetermination, ItemDetermination]
    ) -> None:
        facet, _ = seed
        rationale = facet.rationale.lower()
        assert "does not recommend lumbar facet joint injections" in rationale
        assert "radicular pain" in rationale and "radiculopathy" in rationale

    def test_the_trigger_point_item_cites_the_chronic_pain_guidelines_page_122(
        self, seed: tuple[ItemDetermination, ItemDetermination]
    ) -> None:
        _, trigger_points = seed
        document = trigger_points.citations[0].document or ""
        assert document.startswith("MTUS Chronic Pain Medical Treatment Guidelines")
        assert "122" in trigger_points.citations[0].pages

    def test_the_trigger_point_rationale_names_radiculopathy_as_unmet(
        self, seed: tuple[ItemDetermination, ItemDetermination]
    ) -> None:
        _, trigger_points = seed
        assert result_of(trigger_points, "no_radiculopathy") is CriterionResult.NOT_MET
        assert (
            "Examination, imaging and neurologic testing show no radiculopathy. "
            "The records show that this exclusion applies: the clinical case summary states:"
            in trigger_points.rationale
        )
