"""Uploaded records are checked by their content: a PDF or UTF-8 text, within the size limit."""

from __future__ import annotations

from pathlib import Path

import pytest

from openimr.api.uploads import UploadRejected, check_upload

from .conftest import Api, seed_records
from .flow import open_case


def test_text_and_pdf_pass_by_their_content_whatever_their_name() -> None:
    assert check_upload(b"Progress note: low back pain.\n").kind == "text"
    assert check_upload(b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n").kind == "pdf"


@pytest.mark.parametrize(
    ("data", "status", "problem"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", 415, "neither a PDF nor UTF-8 text"),
        (b"MZ\x90\x00\x03\x00\x00\x00", 415, "neither a PDF nor UTF-8 text"),
        (b"%PDF-1.7\n1 0 obj", 415, "incomplete"),
        (b"   \n", 422, "empty"),
        (b"x" * 101, 413, "larger than"),
    ],
)
def test_anything_else_is_refused_with_the_reason(data: bytes, status: int, problem: str) -> None:
    with pytest.raises(UploadRejected, match=problem) as caught:
        check_upload(data, limit=100)
    assert caught.value.status_code == status


def _upload(api: Api, case_id: str, data: bytes, name: str = "note.txt") -> object:
    files = {"file": (name, data, "text/plain")}
    return api.call("manager", "POST", f"/cases/{case_id}/records", files=files)


def test_the_api_refuses_a_bad_upload_and_accepts_a_pdf(api: Api, shared_dir: Path) -> None:
    case_id = open_case(api)
    png = _upload(api, case_id, b"\x89PNG\r\n\x1a\n\x00\x00", "scan.pdf")
    assert png.status_code == 415 and "neither a PDF nor UTF-8 text" in png.json()["detail"]
    api.client.app.state.upload_limit = 1000  # type: ignore[attr-defined]
    big = _upload(api, case_id, b"a" * 1001)
    assert big.status_code == 413
    pdf = sorted((shared_dir / "data" / "letters" / "pdf").glob("*.pdf"))[0]
    api.client.app.state.upload_limit = 20 * 1024 * 1024  # type: ignore[attr-defined]
    accepted = _upload(api, case_id, pdf.read_bytes(), "whatever.txt")
    assert accepted.status_code == 201, accepted.text
    assert accepted.json()["characters"] > 500
    ids = [r["id"] for r in api.ok("manager", "GET", f"/cases/{case_id}/records").json()]
    assert accepted.json()["id"] in ids and len(ids) == len(seed_records()) + 1


def test_a_body_declared_too_large_is_refused_before_it_is_read(api: Api) -> None:
    case_id = open_case(api)
    api.client.app.state.upload_limit = 1000  # type: ignore[attr-defined]
    files = {"file": ("note.txt", b"a" * 200_000, "text/plain")}
    # Refused on its declared length alone: before the token is even looked at.
    big = api.client.post(f"/api/cases/{case_id}/records", files=files)
    assert big.status_code == 413 and "byte limit" in big.json()["detail"]
    small = _upload(api, case_id, b"a short note")
    assert small.status_code == 201
