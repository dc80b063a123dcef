"""Case files: a valid one loads into a Case; a bad one lists every problem with its path."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import yaml

from openimr import cases
from openimr.domain import RecordKind
from openimr.errors import CaseFileError

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"

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
    assert any(
        p.startswith("case.yaml: utilization_review.date: required, but the file does not")
        for p in problems
    )
    assert any("disputed_items[0]: a partial authorization needs both" in p for p in problems)
    assert len(problems) >= 5


def test_an_unknown_field_is_named(tmp_path: Path) -> None:
    data = {**MINIMAL, "patient_name": "x"}
    # The value is not echoed: an unknown key in a case file may hold a name or record text.
    assert _problems(_write(tmp_path, data)) == [
        "case.yaml: patient_name: not a field of the case file format (misspelled?)"
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
    item = schema["$defs"]["DisputedItem"]["properties"]
    assert {"body_region", "side", "ur_decision", "ur_cited_guidelines"} <= set(item)
    assert "kind" in schema["$defs"]["Record"]["properties"]
    assert "certified" in schema["$defs"]["UtilizationReview"]["properties"]


def _with(**changes: object) -> dict[str, object]:
    """MINIMAL with top-level sections replaced or extended (a deep copy)."""
    data = json.loads(json.dumps(MINIMAL))
    for key, value in changes.items():
        if isinstance(value, dict) and isinstance(data.get(key), dict):
            data[key].update(value)
        else:
            data[key] = value
    return data


def test_the_fields_added_to_the_format_reach_the_case(tmp_path: Path) -> None:
    data = _with(
        utilization_review={
            "items": ["MRI of the lumbar spine", "Physical therapy 8 sessions"],
            "certified": ["Naproxen 550mg #60"],
        },
        records=[
            {"id": "r1", "date": "2016-11-08", "kind": "progress report", "text": "Back pain."},
            {"id": "r2", "date": "2016-11-09", "kind": "utilization review", "text": "Denied."},
        ],
        disputed_items=[
            {
                "request": "MRI of the lumbar spine",
                "body_region": "lumbar spine",
                "side": "bilateral",
                "ur_decision": "denied",
                "ur_cited_guidelines": ["MTUS ACOEM Low Back Complaints 2004, page 303"],
            },
            {
                "request": "Physical therapy 2 sessions",
                "original_request": "Physical therapy 8 sessions",
                "authorized": "Physical therapy 6 sessions",
            },
        ],
    )
    case = cases.load(_write(tmp_path, data))
    assert [record.kind for record in case.records] == [
        RecordKind.PROGRESS_REPORT,
        RecordKind.UTILIZATION_REVIEW,
    ]
    mri, therapy = case.items
    assert (mri.body_region, mri.side) == ("lumbar spine", "bilateral")
    assert mri.ur_cited_guidelines == ["MTUS ACOEM Low Back Complaints 2004, page 303"]
    assert (therapy.body_region, therapy.side, therapy.ur_cited_guidelines) == (None, None, [])
    assert case.ur_certified == ["Naproxen 550mg #60"]


def test_a_record_kind_or_side_outside_the_format_is_named(tmp_path: Path) -> None:
    data = _with(
        records=[{"id": "r1", "kind": "phone call", "text": "x"}],
        disputed_items=[{"request": "MRI", "side": "both", "ur_decision": "approved"}],
    )
    problems = _problems(_write(tmp_path, data))
    assert any(p.startswith("case.yaml: records[0].kind: Input should be ") for p in problems)
    assert any(p.startswith("case.yaml: disputed_items[0].side: ") for p in problems)
    assert any(p.startswith("case.yaml: disputed_items[0].ur_decision: ") for p in problems)


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        (
            {"injury": {"date": "2016-11-10"}},
            "case.yaml: injury.date: the date of injury is after the utilization review decision "
            "(utilization_review.date)",
        ),
        (
            {"injury": {"date": "2016-11-12"}, "utilization_review": {"date": "2016-11-15"}},
            None,
        ),
        (
            {"injury": {"date": "2016-11-15"}, "utilization_review": {"date": "2016-11-16"}},
            "case.yaml: injury.date: the date of injury is after the IMR application was "
            "received (application.received)",
        ),
    ],
)
def test_an_injury_dated_after_the_review_is_a_problem(
    tmp_path: Path, changes: dict[str, object], expected: str | None
) -> None:
    path = _write(tmp_path, _with(**changes))
    if expected is None:  # injured before the review and the application: loads as given
        assert cases.load(path).date_of_injury == dt.date.fromisoformat(changes["injury"]["date"])
    else:
        assert expected in _problems(path)


def test_a_request_for_authorization_before_the_injury_is_a_problem(tmp_path: Path) -> None:
    records = [
        {"id": "r1", "date": "2016-11-08", "text": "Back pain."},
        {"id": "r2", "date": "2016-10-01", "kind": "request for authorization", "text": "MRI."},
    ]
    assert _problems(_write(tmp_path, _with(records=records))) == [
        "case.yaml: records[1].date: the request for authorization is dated before the date of "
        "injury (injury.date)"
    ]


def test_an_item_utilization_review_did_not_decide_is_a_problem(tmp_path: Path) -> None:
    data = _with(
        utilization_review={"items": ["MRI of the lumbar spine"]},
        disputed_items=[
            {"request": "MRI  of the Lumbar spine"},
            {"request": "Physical therapy 6 sessions"},
            {"request": "Acupuncture 6 sessions", "ur_decision": "modified"},
        ],
    )
    assert _problems(_write(tmp_path, data)) == [
        "case.yaml: disputed_items[1]: utilization review did not decide this item: it is not "
        "in utilization_review.items and has no ur_decision (denied or modified)"
    ]


def test_an_item_utilization_review_certified_is_a_problem(tmp_path: Path) -> None:
    data = _with(utilization_review={"certified": ["MRI of the lumbar spine"]})
    assert _problems(_write(tmp_path, data)) == [
        "case.yaml: disputed_items[0]: utilization review certified this item "
        "(utilization_review.certified); only what it denied or modified goes to IMR"
    ]


def test_a_partial_authorization_denied_outright_is_a_problem(tmp_path: Path) -> None:
    item = {
        "request": "PT 2 sessions",
        "original_request": "PT 8 sessions",
        "authorized": "PT 6 sessions",
        "ur_decision": "denied",
    }
    problems = _problems(_write(tmp_path, _with(disputed_items=[item])))
    assert len(problems) == 1 and "a partial authorization is a modification" in problems[0]


def test_a_file_without_the_new_fields_is_not_checked_for_undecided_items(tmp_path: Path) -> None:
    # The first openimr-case/1 files say nothing of which items UR decided: they still load.
    case = cases.load(_write(tmp_path, MINIMAL))
    assert case.ur_certified == [] and case.items[0].ur_cited_guidelines == []


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("", "case.yaml: the file is empty"),
        ("# only a comment\n", "case.yaml: the file is empty"),
        (
            "- a\n- b\n",
            "case.yaml: the file must hold keys and values (format, utilization_review, "
            "records, disputed_items), not a list",
        ),
    ],
)
def test_a_file_without_keys_says_so_in_plain_words(
    tmp_path: Path, content: str, expected: str
) -> None:
    path = tmp_path / "case.yaml"
    path.write_text(content, encoding="utf-8")
    assert _problems(path) == [expected]


def test_an_empty_json_file_is_empty_not_invalid(tmp_path: Path) -> None:
    path = tmp_path / "case.json"
    path.write_text("\n", encoding="utf-8")
    assert _problems(path) == ["case.json: the file is empty"]


@pytest.mark.parametrize(
    "name", sorted(p.name for p in EXAMPLES.glob("*.yaml") if p.name != "openimr.yaml")
)
def test_every_example_loads_with_per_item_review_citations(name: str) -> None:
    case = cases.load(EXAMPLES / name)
    assert all(item.ur_cited_guidelines for item in case.items)
    assert all(record.kind is not None for record in case.records)


def test_a_date_that_does_not_exist_is_named_with_its_path(tmp_path: Path) -> None:
    path = tmp_path / "case.yaml"
    text = yaml.safe_dump(MINIMAL).replace("2016-11-08", "2016-13-45")
    path.write_text(text.replace("'2016-13-45'", "2016-13-45"), encoding="utf-8")
    assert "2016-13-45" in path.read_text() and "'2016-13-45'" not in path.read_text()
    problems = _problems(path)
    assert len(problems) == 1 and problems[0].startswith("case.yaml: records[0].date: ")


ADDED_FIELDS = {"kind", "ur_decision", "ur_cited_guidelines", "body_region", "side", "certified"}


def _without_added_fields(value: object) -> object:
    if isinstance(value, dict):
        return {k: _without_added_fields(v) for k, v in value.items() if k not in ADDED_FIELDS}
    if isinstance(value, list):
        return [_without_added_fields(v) for v in value]
    return value


@pytest.mark.parametrize(
    "name", sorted(p.name for p in EXAMPLES.glob("*.yaml") if p.name != "openimr.yaml")
)
def test_every_example_written_as_the_first_files_were_still_loads(
    tmp_path: Path, name: str
) -> None:
    data = yaml.safe_load((EXAMPLES / name).read_text(encoding="utf-8"))
    old = _without_added_fields(data)
    assert old != data, "the example uses the added fields"
    then, now = cases.load(_write(tmp_path, old, name)), cases.load(EXAMPLES / name)
    assert [i.request for i in then.items] == [i.request for i in now.items]
    assert [r.text for r in then.records] == [r.text for r in now.records]
    assert all(r.kind is None for r in then.records)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (bytes(range(256)), "not a case file (YAML or JSON text)"),
        (b"%PDF-1.7\n1 0 obj <<>> endobj\n", "is a PDF; a case file is YAML or JSON"),
    ],
)
def test_a_file_that_is_not_text_is_named_in_one_line(
    tmp_path: Path, content: bytes, expected: str
) -> None:
    path = tmp_path / "case.yaml"
    path.write_bytes(content)
    (problem,) = _problems(path)
    assert problem.startswith(f"{path}: {expected}")
