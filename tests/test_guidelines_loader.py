"""Loading guideline data: errors name the file and field path; dump then load round-trips."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from openimr.errors import OpenIMRError
from openimr.guidelines import GuidelineDataError, KnowledgeBase

VALID = textwrap.dedent("""\
    criteria_sets:
      - id: example_set
        title: Example
        families: [tens]
        guidelines:
          - id: mtus_cpmtg
            step: mtus
            name: MTUS Chronic Pain Medical Treatment Guidelines
            effective_from: 2009-07-18
            effective_to: 2017-11-30
            dates_confirmed: false
            dates_note: test data
            recommendation: conditionally_recommended
            citation:
              document: MTUS Chronic Pain Medical Treatment Guidelines
              confirmed: false
              source_note: test data
            criteria:
              - id: one_month_trial
                statement: A one-month trial first.
                fact: successful_device_trial
                citation:
                  document: MTUS Chronic Pain Medical Treatment Guidelines
                  pages: ["116"]
                  confirmed: false
                  source_note: test data
    """)


def write(directory: Path, name: str, text: str) -> Path:
    path = directory / name
    path.write_text(text, encoding="utf-8")
    return path


def problems(directory: Path) -> list[str]:
    with pytest.raises(GuidelineDataError) as caught:
        KnowledgeBase.from_directory(directory)
    return caught.value.problems


def test_a_valid_file_loads(tmp_path: Path) -> None:
    write(tmp_path, "example.yaml", VALID)
    kb = KnowledgeBase.from_directory(tmp_path)
    assert [s.id for s in kb.all()] == ["example_set"]


def test_missing_field_names_file_and_path(tmp_path: Path) -> None:
    write(tmp_path, "broken.yaml", VALID.replace("              source_note: test data\n", ""))
    assert problems(tmp_path) == [
        "broken.yaml: criteria_sets[0].guidelines[0].criteria[0].citation.source_note: "
        "field required",
    ]


def test_bad_enum_value_gives_allowed_values_and_the_bad_one(tmp_path: Path) -> None:
    write(tmp_path, "broken.yaml", VALID.replace("step: mtus", "step: mtu"))
    assert problems(tmp_path) == [
        "broken.yaml: criteria_sets[0].guidelines[0].step: "
        "input should be 'mtus' or 'non_mtus', got 'mtu'",
    ]


def test_unknown_key_is_rejected(tmp_path: Path) -> None:
    text = VALID.replace("title: Example", "title: Example\n    colour: red")
    write(tmp_path, "broken.yaml", text)
    assert problems(tmp_path) == [
        "broken.yaml: criteria_sets[0].colour: extra inputs are not permitted, got 'red'",
    ]


def test_every_problem_of_every_file_is_reported_at_once(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", VALID.replace("fact: successful_device_trial", "fact: Device Trial"))
    write(tmp_path, "b.yaml", VALID.replace("families: [tens]", "families: [teleportation]"))
    found = problems(tmp_path)
    assert len(found) == 2
    assert found[0] == (
        "a.yaml: criteria_sets[0].guidelines[0].criteria[0].fact: "
        "'Device Trial' is not a snake_case id (lower-case letters, digits, _)"
    )
    assert found[1].startswith("b.yaml: criteria_sets[0].families[0]: input should be ")
    assert found[1].endswith(", got 'teleportation'")


def test_yaml_syntax_error_names_file_and_line(tmp_path: Path) -> None:
    write(tmp_path, "broken.yaml", "criteria_sets:\n  - id: [unclosed\n")
    (problem,) = problems(tmp_path)
    assert problem.startswith("broken.yaml: line 3, column 1: invalid YAML: ")


def test_a_file_that_is_not_a_mapping_is_rejected(tmp_path: Path) -> None:
    write(tmp_path, "broken.yaml", "- just\n- a list\n")
    assert problems(tmp_path) == [
        "broken.yaml: expected a mapping with the key 'criteria_sets', got list"
    ]


def test_overlapping_dates_for_one_step_are_rejected(tmp_path: Path) -> None:
    second = textwrap.indent(
        textwrap.dedent("""\
        - id: later
          step: mtus
          name: Later
          effective_from: 2017-01-01
          dates_confirmed: false
          dates_note: test data
          recommendation: not_recommended
          citation: {document: X, confirmed: false, source_note: test data}
        """),
        "      ",
    )
    write(tmp_path, "broken.yaml", VALID + second)
    assert problems(tmp_path) == [
        "broken.yaml: criteria_sets[0]: mtus guidelines 'mtus_cpmtg' and 'later' overlap"
    ]


def test_a_gap_between_dates_for_one_step_is_rejected(tmp_path: Path) -> None:
    second = textwrap.indent(
        textwrap.dedent("""\
        - id: later
          step: mtus
          name: Later
          effective_from: 2018-01-01
          dates_confirmed: false
          dates_note: test data
          recommendation: not_recommended
          citation: {document: X, confirmed: false, source_note: test data}
        """),
        "      ",
    )
    write(tmp_path, "broken.yaml", VALID + second)
    assert problems(tmp_path) == [
        "broken.yaml: criteria_sets[0]: mtus guidelines 'mtus_cpmtg' and 'later' leave a gap "
        "from 2017-12-01 to 2017-12-31"
    ]


def test_a_group_naming_an_unknown_criterion_is_rejected(tmp_path: Path) -> None:
    group = "        groups:\n          - {id: g, rule: one_of, criteria: [nope]}\n"
    write(tmp_path, "broken.yaml", VALID + group)
    assert problems(tmp_path) == [
        "broken.yaml: criteria_sets[0].guidelines[0]: group 'g' names unknown criteria: nope"
    ]


def test_at_least_n_needs_n(tmp_path: Path) -> None:
    group = "        groups:\n          - {id: g, rule: at_least_n, criteria: [one_month_trial]}\n"
    write(tmp_path, "broken.yaml", VALID + group)
    assert problems(tmp_path) == [
        "broken.yaml: criteria_sets[0].guidelines[0].groups[0]: at_least_n needs n"
    ]


def test_duplicate_ids_across_files_are_rejected(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", VALID)
    write(tmp_path, "b.yaml", VALID)
    assert problems(tmp_path) == [
        "b.yaml: criteria_sets[0].id: duplicate id 'example_set' (also in a.yaml)"
    ]


def test_guideline_data_error_is_an_openimr_error_with_one_line_per_problem(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", VALID.replace("step: mtus", "step: x"))
    write(tmp_path, "b.yaml", VALID.replace("step: mtus", "step: y"))
    with pytest.raises(OpenIMRError) as caught:
        KnowledgeBase.from_directory(tmp_path)
    assert str(caught.value).splitlines() == caught.value.problems
    assert len(caught.value.problems) == 2


def test_dump_then_load_round_trips_the_packaged_knowledge_base() -> None:
    kb = KnowledgeBase.load()
    again = KnowledgeBase.from_texts(kb.dump())
    assert again == kb
    assert again.files() == kb.files()


def test_dump_then_load_round_trips_through_files(tmp_path: Path) -> None:
    kb = KnowledgeBase.load()
    for name, text in kb.dump().items():
        write(tmp_path, name, text)
    assert KnowledgeBase.from_directory(tmp_path) == kb
