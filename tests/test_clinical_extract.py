"""``openimr.clinical.extract``: the seed letter, evidence, the letter corpus, determinism, logs."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from openimr import letters
from openimr.clinical import FACT_KINDS, build_pipeline, extract
from openimr.domain import Assertion, Fact

SEED = "000_b862b4705b552a9d.txt"


@pytest.fixture(scope="module", autouse=True)
def pipeline() -> None:
    build_pipeline()


@pytest.fixture(scope="module")
def seed_summary(shared_dir: Path) -> str:
    return letters.read(shared_dir / "seed" / SEED).summary


@pytest.fixture(scope="module")
def summaries(shared_dir: Path) -> list[tuple[str, str]]:
    paths = sorted((shared_dir / "data" / "letters" / "txt").glob("*.txt"))
    assert len(paths) >= 100
    return [(path.name, letters.read(path).summary) for path in paths]


def _present(facts: list[Fact], kind: str) -> list[Fact]:
    return [fact for fact in facts if fact.kind == kind and fact.assertion is Assertion.PRESENT]


class TestSeedLetter:
    def test_gives_the_workers_age_sex_and_date_of_injury(self, seed_summary: str) -> None:
        facts = extract(seed_summary)
        assert [fact.value for fact in _present(facts, "age")] == [66.0]
        assert [fact.value for fact in _present(facts, "sex")] == ["male"]
        assert [fact.value for fact in _present(facts, "date_of_injury")] == ["2000-03-30"]

    def test_radiculopathy_is_corroborated_by_the_exam(self, seed_summary: str) -> None:
        facts = extract(seed_summary)
        radiculopathy = _present(facts, "radiculopathy")
        assert radiculopathy
        assert all("exam" in str(fact.attributes["corroborated_by"]) for fact in radiculopathy)
        # the exam: decreased sensation along the left L5 path
        deficit = _present(facts, "neurologic_deficit")
        assert [
            (f.value, f.attributes.get("side"), f.attributes.get("dermatome")) for f in deficit
        ] == [("sensory", "left", "L5")]

    def test_finds_trigger_points_stenosis_on_mri_and_post_laminectomy_syndrome(
        self, seed_summary: str
    ) -> None:
        facts = extract(seed_summary)
        assert _present(facts, "trigger_points")
        assert _present(facts, "post_laminectomy_syndrome")
        (stenosis,) = _present(facts, "stenosis")
        assert stenosis.attributes["corroborated_by"] == "imaging"
        (mri,) = _present(facts, "imaging_result")
        assert mri.value == "MRI"
        assert mri.attributes["date"] == "2014-06-10"
        assert mri.attributes["body_part"] == "lumbar spine"
        assert "stenosis" in str(mri.attributes["finding"])

    def test_recommended_injections_are_hypothetical_not_tried(self, seed_summary: str) -> None:
        injections = [f for f in extract(seed_summary) if f.kind == "treatment_tried"]
        assert injections
        assert {fact.assertion for fact in injections} == {Assertion.HYPOTHETICAL}

    def test_gives_weeks_since_injury_from_the_reference_date(self, seed_summary: str) -> None:
        facts = extract(seed_summary, reference_date=dt.date(2014, 8, 20))
        (weeks,) = [fact for fact in facts if fact.kind == "time_since_injury_weeks"]
        assert weeks.value == round((dt.date(2014, 8, 20) - dt.date(2000, 3, 30)).days / 7, 1)
        assert weeks.unit == "weeks"

    def test_an_age_over_65_is_a_gi_risk_factor(self, seed_summary: str) -> None:
        assert "age_over_65" in [
            fact.value for fact in _present(extract(seed_summary), "gi_risk_factor")
        ]


class TestEvidence:
    def test_offsets_give_the_matched_phrase_inside_its_sentence(
        self, summaries: list[tuple[str, str]]
    ) -> None:
        checked = 0
        for name, text in summaries:
            for fact in extract(text, document=name):
                phrase = text[fact.evidence.start : fact.evidence.end]
                assert phrase.strip(), (name, fact)
                assert phrase in fact.evidence.sentence, (name, fact.kind, phrase)
                assert fact.evidence.sentence in text, (name, fact.kind)
                assert fact.evidence.document == name
                checked += 1
        assert checked > 1000

    def test_carries_the_document_and_its_date(self) -> None:
        (fact,) = [
            fact
            for fact in extract(
                "Pain was rated 3 out of 10 VAS.",
                document="PR-2",
                document_date=dt.date(2016, 11, 1),
            )
            if fact.kind == "pain_score"
        ]
        assert (fact.evidence.document, fact.evidence.date) == ("PR-2", dt.date(2016, 11, 1))
        assert fact.evidence.sentence == "Pain was rated 3 out of 10 VAS."

    def test_a_number_read_next_to_the_phrase_is_inside_the_evidence(self) -> None:
        text = "The applicant had 12 sessions of physical therapy."
        (fact,) = [fact for fact in extract(text) if fact.kind == "treatment_tried"]
        assert fact.attributes["count"] == 12.0
        assert text[fact.evidence.start : fact.evidence.end] == "12 sessions of physical therapy"


class TestAttributes:
    def test_pain_score_with_and_without_medication(self) -> None:
        facts = extract("Pain was 8/10 without and 4/10 with medications.")
        scores = [
            (f.value, f.attributes.get("medication")) for f in facts if f.kind == "pain_score"
        ]
        assert scores == [(8.0, "without_medication"), (4.0, "with_medication")]

    def test_symptom_duration_in_weeks(self) -> None:
        facts = extract("She has had low back pain for 6 months.")
        assert [f.value for f in facts if f.kind == "symptom_duration_weeks"] == [26.0]

    def test_morphine_equivalents_of_an_opioid_with_strength_and_frequency(self) -> None:
        facts = extract(
            "Current medications include Norco 10/325 mg one tablet every 6 hours"
            " and oxycodone 10 mg twice daily."
        )
        mme = {
            f.attributes["drug"]: f.value
            for f in facts
            if f.kind == "morphine_equivalent_daily_dose"
        }
        assert mme == {"hydrocodone/acetaminophen": 40.0, "oxycodone": 30.0}

    def test_methadone_factor_rises_with_the_daily_dose(self) -> None:
        facts = extract("He takes methadone 10 mg three times a day.")
        (mme,) = [f for f in facts if f.kind == "morphine_equivalent_daily_dose"]
        assert (mme.value, mme.attributes["conversion_factor"]) == (240.0, 8.0)

    def test_two_nsaids_are_a_gi_risk_factor(self) -> None:
        facts = extract("Current medications included Ibuprofen and Naproxen.")
        assert "high_dose_or_multiple_nsaids" in [
            f.value for f in _present(facts, "gi_risk_factor")
        ]

    def test_should_the_patient_is_hypothetical(self) -> None:
        # made up: no letter summary in the corpus uses "should the patient"
        facts = extract(
            "Should the patient develop bowel or bladder dysfunction, an MRI would be indicated."
        )
        (flag,) = [f for f in facts if f.kind == "red_flag"]
        assert (flag.value, flag.assertion) == ("bowel_bladder_dysfunction", Assertion.HYPOTHETICAL)

    def test_no_red_flags_is_absent(self) -> None:
        (flag,) = [f for f in extract("There were no red flags.") if f.kind == "red_flag"]
        assert flag.assertion is Assertion.ABSENT

    def test_emg_radiculopathy_corroborates(self) -> None:
        facts = extract("EMG showed L5 radiculopathy. The diagnosis is lumbar radiculopathy.")
        radiculopathy = _present(facts, "radiculopathy")
        assert radiculopathy and all(
            "electrodiagnostic" in str(f.attributes["corroborated_by"]) for f in radiculopathy
        )

    def test_treatment_response_and_relief(self) -> None:
        facts = extract(
            "The injured worker reported 50% relief for 6 weeks"
            " after the epidural steroid injection."
        )
        (esi,) = [f for f in facts if f.kind == "treatment_tried"]
        assert esi.value == "epidural_steroid_injection"
        assert (
            esi.attributes["percent_relief"],
            esi.attributes["relief_weeks"],
            esi.attributes["response"],
        ) == (50.0, 6.0, "improved")

    def test_surgery_certified_by_utilization_review(self) -> None:
        facts = extract(
            "The right shoulder arthroscopy was certified by utilization review on 01/05/2017."
        )
        assert [f.value for f in facts if f.kind == "surgery_authorized"] == ["arthroscopy"]


class TestLetterCorpus:
    def test_every_summary_extracts_and_nearly_all_give_age_and_sex(
        self, summaries: list[tuple[str, str]]
    ) -> None:
        with_age_and_sex = with_date_of_injury = 0
        for name, text in summaries:
            kinds = {fact.kind for fact in extract(text, document=name)}
            assert kinds <= FACT_KINDS
            with_age_and_sex += {"age", "sex"} <= kinds
            with_date_of_injury += "date_of_injury" in kinds
        share = with_age_and_sex / len(summaries)
        print(
            f"\nage and sex in {with_age_and_sex}/{len(summaries)} summaries ({share:.0%}); "
            f"date of injury in {with_date_of_injury}/{len(summaries)}"
        )
        assert share >= 0.9


class TestDeterminismAndRobustness:
    def test_the_same_text_gives_the_same_facts_in_the_same_order(
        self, summaries: list[tuple[str, str]]
    ) -> None:
        for _, text in summaries[:20]:
            assert extract(text) == extract(text)

    def test_facts_are_in_text_order(self, seed_summary: str) -> None:
        starts = [fact.evidence.start for fact in extract(seed_summary)]
        assert starts == sorted(starts)

    @settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.text(max_size=400))
    def test_never_raises_on_arbitrary_text(self, text: str) -> None:
        facts = extract(text)
        for fact in facts:
            assert 0 <= fact.evidence.start <= fact.evidence.end <= len(text)

    @settings(max_examples=60, deadline=None)
    @given(
        st.lists(
            st.sampled_from(
                [
                    "The injured worker is a 45 year old male. ",
                    "Pain 7/10. ",
                    "No red flags. ",
                    "Norco 10/325 mg every 6 hours. ",
                    "DOI 1/2/2015. ",
                    "If worse, MRI. ",
                    "He denies weakness. ",
                    "12 sessions of physical therapy helped. ",
                    "status post fusion. ",
                    ";",
                    ")",
                    "\n\n",
                    " ",
                ]
            ),
            max_size=12,
        )
    )
    def test_never_raises_and_is_deterministic_on_clinical_fragments(
        self, parts: list[str]
    ) -> None:
        text = "".join(parts)
        assert extract(text) == extract(text)

    def test_empty_text_gives_no_facts(self) -> None:
        assert extract("") == []


class TestNoLogging:
    """Clinical text is protected health information: extracting must not log or print it."""

    TEXT = (
        "The injured worker is a 66-year-old gentleman named Zyxwv Qrstu with lumbar radiculopathy."
    )

    def test_writes_nothing_to_stdout_stderr_or_logging(
        self, capfd: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
    ) -> None:
        caplog.set_level(logging.DEBUG)
        capfd.readouterr()
        extract(self.TEXT)
        out, err = capfd.readouterr()
        assert (out, err) == ("", "")
        assert not [record for record in caplog.records if "Zyxwv" in record.getMessage()]

    def test_writes_nothing_to_loguru_even_from_pyrush(self) -> None:
        import medspacy
        from loguru import logger

        messages: list[str] = []
        sink = logger.add(messages.append, level=0)
        try:
            extract(self.TEXT)
            # PyRuSH, medspaCy's default splitter, logs each sentence at DEBUG unless disabled:
            # even a default medspaCy pipeline in this process must stay silent.
            medspacy.load(medspacy_enable=["medspacy_pyrush"])(self.TEXT)
        finally:
            logger.remove(sink)
        assert messages == []
