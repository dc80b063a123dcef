"""Case files: a valid one loads into a Case; a bad one lists every problem with its path."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from openimr import cases
from openimr.errors import CaseFileError

MINIMAL = {
    "format": "openimr-case/1",
    "application": {
        "case_number": "CM24-0000001",
        "received": "2016-11-14",
        "priority": "standard",
    },
    "parties": {"injured_worker": {"date_of_birth": "1970-05-01", "sex": "female"}},
    "injury": {"date": "2016-10-10"},
    "utilization_review": {"date": "2016-11-09", "decision": "denied"},
    "records": [
        {
            "id": "r1",
            "date": "2016-11-08",
            "type": "progress note",
            "text": "Low back pain for 4 weeks.",
        }
    ],
    "disputed_items": [{"request": "MRI of the lumbar spine"}],
}


def _write(tmp_path: Path, data: object, name: str = "case.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data) if name.endswith(".yaml") else json.dumps(data))
    return path


def _problems(path: Path) -> list[str]:
    with pytest.raises(CaseFileError) as caught:
        cases.load(path)
    return caught.value.problems


@pytest.mark.parametrize("name", ["case.yaml", "case.json"])
def test_a_minimal_case_file_loads_as_yaml_or_json(tmp_path: Path, name: str) -> None:
    case = cases.load(_write(tmp_path, MINIMAL, name))
    assert case.case_number == "CM24-0000001"
    assert case.worker.age == 46, "age on the UR decision date, from the date of birth"
    assert case.worker.sex == "female"
    assert case.ur_decision_date.isoformat() == "2016-11-09"
    assert [item.request for item in case.items] == ["MRI of the lumbar spine"]
    assert case.records[0].text == "Low back pain for 4 weeks."


def test_every_problem_is_listed_with_its_path(tmp_path: Path) -> None:
    data = json.loads(json.dumps(MINIMAL))
    data["application"]["priority"] = "urgent"
    data["records"].append({"id": "r1", "date": "2016-13-45", "text": "x"})
    data["records"].append({"id": "r3"})
    data["disputed_items"] = [{"request": "PT 2 sessions", "original_request": "PT 8 sessions"}]
    data["utilization_review"] = {}
    problems = _problems(_write(tmp_path, data))
    assert (
        "case.yaml: application.priority: Input should be 'standard' or 'expedited', got 'urgent'"
        in problems
    )
    assert any(p.startswith("case.yaml: records[1].date: ") for p in problems)
    assert "case.yaml: records[2]: give exactly one of 'text' or 'pdf'" in problems
    assert any(p.startswith("case.yaml: utilization_review.date: Field required") for p in problems)
    assert any("disputed_items[0]: a partial authorization needs both" in p for p in problems)
    assert len(problems) >= 5


def test_an_unknown_field_is_named(tmp_path: Path) -> None:
    data = {**MINIMAL, "patient_name": "x"}
    # The value is not echoed: an unknown key in a case file may hold a name or record text.
    assert _problems(_write(tmp_path, data)) == [
        "case.yaml: patient_name: Extra inputs are not permitted"
    ]


def test_a_record_pdf_that_is_missing_is_named(tmp_path: Path) -> None:
    data = {**MINIMAL, "records": [{"id": "r1", "pdf": "records/mri.pdf"}]}
    assert _problems(_write(tmp_path, data)) == [
        "case.yaml: records[0].pdf: no such file 'records/mri.pdf'"
    ]


def test_a_file_that_is_not_yaml_says_so(tmp_path: Path) -> None:
    path = tmp_path / "case.yaml"
    path.write_text("format: [unclosed\n")
    assert _problems(path) == ["case.yaml: line 2: not valid YAML"]


def test_the_json_schema_describes_the_format() -> None:
    schema = cases.json_schema()
    assert schema["title"] == "OpenIMR case file (openimr-case/1)"
    assert {"format", "utilization_review", "records", "disputed_items"} <= set(schema["required"])
