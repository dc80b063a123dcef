"""Golden letters: each letter reads to exactly what its hand-checked golden file holds.

Every file in tests/golden/ is the expected ``Letter.model_dump(mode="json")`` of one letter,
each field checked by hand against the letter's text. The letters themselves stay in ../shared:
the long texts (the clinical case summary and each rationale) are kept here only as a
fingerprint (length, first and last 60 characters, SHA-256), which pins them exactly without
copying them into the repository. The 2016-2017 letters (``CM..``) are read
from their PDF and from their text file; the 2014 seed letter exists only as text.

A failure names every field that differs, e.g.
``items[3].claims_administrator_guideline.citations[0].chapter: expected '7', got None``.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from openimr import letters
from openimr.domain import Letter

GOLDEN_DIR = Path(__file__).resolve().parent / "golden"
GOLDEN_FILES = sorted(GOLDEN_DIR.glob("*.json"))
HEADER_FIELDS = (
    "case_number",
    "date_assigned",
    "date_of_injury",
    "decision_date",
    "ur_denial_date",
    "priority",
    "received",
)


def _sources(name: str) -> list[str]:
    """How a golden letter is read: 2016-2017 letters from PDF and text, the seed from text."""
    return ["pdf", "txt"] if name.startswith("CM") else ["txt"]


CASES = [(path.stem, kind) for path in GOLDEN_FILES for kind in _sources(path.stem)]


def _letter_path(shared: Path, name: str, kind: str) -> Path:
    if kind == "pdf":
        return shared / "data" / "letters" / "pdf" / f"{name}.pdf"
    text = shared / "data" / "letters" / "txt" / f"{name}.txt"
    return text if text.exists() else shared / "seed" / f"{name}.txt"


@cache
def _golden(name: str) -> dict[str, Any]:
    return json.loads((GOLDEN_DIR / f"{name}.json").read_text(encoding="utf-8"))


def _fingerprint(text: str) -> dict[str, Any]:
    return {
        "chars": len(text),
        "start": text[:60],
        "end": text[-60:],
        "sha256": hashlib.sha256(text.encode()).hexdigest(),
    }


@cache
def _read(path: Path) -> dict[str, Any]:
    letter = letters.read(path).model_dump(mode="json")
    letter["summary"] = _fingerprint(letter["summary"])
    for item in letter["items"]:
        item["rationale"] = _fingerprint(item["rationale"])
    return letter


def _differences(expected: Any, got: Any, where: str) -> list[str]:
    """Every field (by path) where got differs from expected."""
    if isinstance(expected, dict) and isinstance(got, dict):
        out: list[str] = []
        for key in sorted(expected.keys() | got.keys()):
            if key not in got or key not in expected:
                out.append(
                    f"{where}.{key}: expected {expected.get(key, '<absent>')!r}, "
                    f"got {got.get(key, '<absent>')!r}"
                )
            else:
                out.extend(
                    _differences(expected[key], got[key], f"{where}.{key}" if where else key)
                )
        return out
    if isinstance(expected, list) and isinstance(got, list):
        out = []
        if len(expected) != len(got):
            out.append(f"{where}: expected {len(expected)} entries, got {len(got)}")
        for index, (want, have) in enumerate(zip(expected, got, strict=False)):
            out.extend(_differences(want, have, f"{where}[{index}]"))
        return out
    if isinstance(expected, str) and isinstance(got, str) and expected != got:
        at = next(
            (i for i, (a, b) in enumerate(zip(expected, got, strict=False)) if a != b),
            min(len(expected), len(got)),
        )
        start = max(0, at - 40)
        return [
            f"{where}: differs at character {at}: expected ...{expected[start : at + 40]!r}..., "
            f"got ...{got[start : at + 40]!r}..."
        ]
    if expected != got:
        return [f"{where}: expected {expected!r}, got {got!r}"]
    return []


def _assert_same(expected: Any, got: Any, where: str) -> None:
    differences = _differences(expected, got, where)
    assert not differences, f"{len(differences)} field(s) differ:\n" + "\n".join(differences)


@pytest.fixture(params=CASES, ids=[f"{name}-{kind}" for name, kind in CASES])
def case(request: pytest.FixtureRequest, shared_dir: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    """(golden, parsed) for one letter read from one source."""
    name, kind = request.param
    path = _letter_path(shared_dir, name, kind)
    if not path.exists():
        pytest.fail(f"letter {name} not found at {path}")
    return _golden(name), _read(path)


def test_there_are_at_least_twelve_golden_letters_besides_the_seed() -> None:
    assert len([path for path in GOLDEN_FILES if path.stem.startswith("CM")]) >= 12


@pytest.mark.parametrize("golden_file", GOLDEN_FILES, ids=[path.stem for path in GOLDEN_FILES])
def test_each_golden_file_is_a_valid_letter(golden_file: Path) -> None:
    data = json.loads(golden_file.read_text(encoding="utf-8"))
    data["summary"] = data["summary"]["start"]
    for item in data["items"]:
        item["rationale"] = item["rationale"]["start"]
    assert Letter.model_validate(data).model_dump(mode="json") == data


def test_the_header_matches_the_golden_file(case: tuple[dict[str, Any], dict[str, Any]]) -> None:
    golden, parsed = case
    _assert_same({k: golden[k] for k in HEADER_FIELDS}, {k: parsed[k] for k in HEADER_FIELDS}, "")


def test_the_reviewer_credentials_match_the_golden_file(
    case: tuple[dict[str, Any], dict[str, Any]],
) -> None:
    golden, parsed = case
    _assert_same(golden["reviewer"], parsed["reviewer"], "reviewer")


def test_the_clinical_case_summary_matches_the_golden_file(
    case: tuple[dict[str, Any], dict[str, Any]],
) -> None:
    golden, parsed = case
    _assert_same(golden["summary"], parsed["summary"], "summary")


def test_the_letter_has_as_many_items_as_the_golden_file(
    case: tuple[dict[str, Any], dict[str, Any]],
) -> None:
    golden, parsed = case
    assert [item["request"] for item in parsed["items"]] == [
        item["request"] for item in golden["items"]
    ]


def test_each_item_request_and_decision_match_the_golden_file(
    case: tuple[dict[str, Any], dict[str, Any]],
) -> None:
    golden, parsed = case
    fields = ("request", "original_request", "authorized", "remaining", "decision")
    _assert_same(
        [{k: item[k] for k in fields} for item in golden["items"]],
        [{k: item[k] for k in fields} for item in parsed["items"]],
        "items",
    )


def test_each_item_guideline_lines_match_the_golden_file(
    case: tuple[dict[str, Any], dict[str, Any]],
) -> None:
    golden, parsed = case
    fields = ("claims_administrator_guideline", "review_guideline")
    _assert_same(
        [{k: item[k] for k in fields} for item in golden["items"]],
        [{k: item[k] for k in fields} for item in parsed["items"]],
        "items",
    )


def test_each_item_rationale_matches_the_golden_file(
    case: tuple[dict[str, Any], dict[str, Any]],
) -> None:
    golden, parsed = case
    _assert_same(
        [{"rationale": item["rationale"]} for item in golden["items"]],
        [{"rationale": item["rationale"]} for item in parsed["items"]],
        "items",
    )


def test_the_whole_letter_matches_the_golden_file(
    case: tuple[dict[str, Any], dict[str, Any]],
) -> None:
    golden, parsed = case
    _assert_same(golden, parsed, "")
