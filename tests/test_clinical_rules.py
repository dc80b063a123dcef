"""The clinical rule data, the pipeline assembly and the small readers (no extraction here)."""

from __future__ import annotations

import datetime as dt

import pytest

from openimr.clinical import rules
from openimr.clinical.medications import Regimen, morphine_equivalents, read_regimen
from openimr.clinical.pipeline import PIPE_NAMES, build_pipeline, expand_first_token
from openimr.clinical.readers import count_after, count_before, duration_weeks, find_date_after
from openimr.clinical.sentences import sentence_starts

# Facts computed from other facts, with no phrase rule of their own.
DERIVED_KINDS = {
    "time_since_injury_weeks",
    "morphine_equivalent_daily_dose",
    "surgical_plan",
    "prior_imaging",
}


class TestRuleData:
    def test_every_target_rule_has_a_literal_a_known_category_and_a_source(self) -> None:
        loaded = rules.target_rules()
        assert len(loaded) > 300
        for rule in loaded:
            assert rule.literal.strip()
            assert rule.category in rules.FACT_KINDS | rules.INTERNAL_CATEGORIES
            assert rule.source

    def test_every_fact_kind_has_a_rule_or_is_derived(self) -> None:
        categories = {rule.category for rule in rules.target_rules()}
        assert rules.FACT_KINDS - categories <= DERIVED_KINDS

    def test_rule_words_like_no_and_off_stay_words(self) -> None:
        words = [rule.pattern for rule in rules.target_rules() if rule.literal == "off work"]
        assert words and words[0][0] == {"LOWER": "off"}
        assert "no" in rules.sentence_abbreviations()

    def test_an_invalid_rule_names_the_file_and_the_key(self) -> None:
        bad = {
            "source": "test",
            "rules": [{"literal": "pt", "category": "treatment_tried", "valu": "x"}],
        }
        with pytest.raises(rules.ClinicalRuleError) as error:
            rules._validate(rules._TargetFile, "targets/bad.yaml", bad)
        assert str(error.value).startswith("targets/bad.yaml: rules[0].valu: ")

    def test_context_rules_load_with_known_categories_and_directions(self) -> None:
        loaded = rules.context_rules()
        assert {rule.category for rule in loaded} <= {
            "NEGATED_EXISTENCE",
            "POSSIBLE_EXISTENCE",
            "HISTORICAL",
            "HYPOTHETICAL",
            "FAMILY",
            "TREATMENT_RESPONSE",
            "POSITIVE_EXISTENCE",
        }

    def test_opioid_factors_are_the_cdc_2016_ones(self) -> None:
        factors, methadone = rules.opioid_conversion()
        assert {
            name: factors[name]
            for name in (
                "hydrocodone",
                "oxycodone",
                "morphine",
                "tramadol",
                "tapentadol",
                "oxymorphone",
                "hydromorphone",
                "codeine",
            )
        } == {
            "hydrocodone": 1,
            "oxycodone": 1.5,
            "morphine": 1,
            "tramadol": 0.1,
            "tapentadol": 0.4,
            "oxymorphone": 3,
            "hydromorphone": 4,
            "codeine": 0.15,
        }
        assert methadone == ((20, 4), (40, 8), (60, 10), (None, 12))


class TestPipeline:
    def test_is_built_once_with_the_openimr_components(self) -> None:
        nlp = build_pipeline()
        assert nlp is build_pipeline()
        assert tuple(nlp.pipe_names) == PIPE_NAMES
        assert "openimr_sentence_splitter" in nlp.factory_names

    def test_expanding_the_first_token_keeps_the_matches(self) -> None:
        pattern = [{"LOWER": {"IN": ["lumbar", "cervical"]}, "OP": "?"}, {"LOWER": "epidural"}]
        assert expand_first_token(pattern) == [
            [{"LOWER": "lumbar"}, {"LOWER": "epidural"}],
            [{"LOWER": "cervical"}, {"LOWER": "epidural"}],
            [{"LOWER": "epidural"}],
        ]
        assert expand_first_token([{"LIKE_NUM": True}]) == [[{"LIKE_NUM": True}]]
        assert expand_first_token(None) == [None]


class TestSentences:
    @pytest.mark.parametrize(
        ("text", "starts"),
        [
            ("Pain 8/10. MRI was done.", ["MRI was done."]),
            (
                "Flexeril 10 mg. The patient improved.",
                ["The patient improved."],
            ),  # a unit ends a sentence
            ("He takes Tylenol No. 3 daily. Pain is 5/10.", ["Pain is 5/10."]),  # "No." does not
            ("Seen by Dr. Smith today. Better.", ["Better."]),
            ("A positive Tinel's. The exam was normal.", ["The exam was normal."]),
            (
                "Seen by J. Doe on 11/2016.In a report.",
                ["In a report."],
            ),  # an initial does not; a missing space does
            ("Line one\n\nLine two", ["Line two"]),
        ],
    )
    def test_splits_where_a_sentence_ends(self, text: str, starts: list[str]) -> None:
        found = [text[start:] for start in sentence_starts(text, rules.sentence_abbreviations())]
        assert found == starts


class TestReaders:
    @pytest.mark.parametrize(
        ("text", "trigger", "expected"),
        [
            ("date of injury of 03/30/2000.", "date of injury", dt.date(2000, 3, 30)),
            ("industrial injury of October 10, 2015.", "industrial injury", dt.date(2015, 10, 10)),
            ("DOI 1/2/2015", "DOI", dt.date(2015, 1, 2)),
            ("industrial injury on 11-7-16 and", "industrial injury", dt.date(2016, 11, 7)),
            (
                "occupational claim from 10/14/ 2016.",
                "occupational claim from",
                dt.date(2016, 10, 14),
            ),
            (
                "date of injury is unknown; seen 10/14/2016",
                "date of injury",
                None,
            ),  # not next to it
        ],
    )
    def test_reads_the_date_after_a_trigger(
        self, text: str, trigger: str, expected: dt.date | None
    ) -> None:
        found = find_date_after(text, text.index(trigger) + len(trigger))
        assert (found.value if found else None) == expected

    @pytest.mark.parametrize(
        ("text", "count"),
        [
            ("12 sessions of physical therapy", 12.0),
            ("at least five (5) physical therapy sessions", 5.0),
            ("three trigger point injections", 3.0),
            ("completed 6 of 6 visits physical therapy", 6.0),
            ("dated 11/10/2016 physical therapy", None),  # a year is not a count
        ],
    )
    def test_reads_a_count_before_a_treatment(self, text: str, count: float | None) -> None:
        position = text.index("physical") if "physical" in text else text.index("trigger")
        found = count_before(text, position)
        assert (found.value if found else None) == count

    @pytest.mark.parametrize(
        ("text", "count"),
        [
            (" x 12 sessions", 12.0),
            (" 2x6", 12.0),
            (" (12 visits)", 12.0),
            (" (number of sessions not found)", None),
        ],
    )
    def test_reads_a_count_after_a_treatment(self, text: str, count: float | None) -> None:
        found = count_after(text, 0)
        assert (found.value if found else None) == count

    @pytest.mark.parametrize(
        ("text", "weeks"),
        [
            ("for 6 months", 26.0),
            ("over the past year", 52.0),
            ("for two weeks", 2.0),
            ("for 10 days", 1.4),
        ],
    )
    def test_reads_a_duration_in_weeks(self, text: str, weeks: float) -> None:
        assert duration_weeks(text) == weeks


class TestMedications:
    @pytest.mark.parametrize(
        ("text", "strength", "per_day"),
        [
            ("Norco 10/325 mg every 6 hours #120", 10.0, 4.0),
            ("Naproxen 500 mg #60 twice a day", 500.0, 2.0),
            ("Ibuprofen suspension 600mg three times daily", 600.0, 3.0),
            ("Ketoprofen 50mg as needed every six to eight hours daily", 50.0, 4.0),
            ("Tramadol ER 150 mg #30", 150.0, None),
        ],
    )
    def test_reads_strength_and_doses_per_day(
        self, text: str, strength: float, per_day: float | None
    ) -> None:
        regimen = read_regimen(text, text.index(" "), len(text))
        assert (regimen.strength, regimen.doses_per_day) == (strength, per_day)

    def test_no_morphine_equivalents_without_a_frequency(self) -> None:
        assert morphine_equivalents("oxycodone", Regimen(strength=10, unit="mg")) is None

    def test_fentanyl_patch_uses_mcg_per_hour(self) -> None:
        assert morphine_equivalents(
            "fentanyl", Regimen(strength=25, unit="mcg/hr", doses_per_day=1)
        ) == (60.0, 2.4)
