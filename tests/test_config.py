"""Settings files: what a deployment gives, what it leaves out, and files that are not settings."""

from __future__ import annotations

from pathlib import Path

import pytest

from openimr.config import ReviewerSettings, Settings, load_settings
from openimr.errors import OpenIMRError

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "openimr.yaml"
EVERY_SETTING = ["review_organization.name", "reviewer.licensure", "reviewer.specialties"]


def _problem(path: Path | None) -> str:
    with pytest.raises(OpenIMRError) as caught:
        load_settings(path)
    message = str(caught.value)
    assert "\n" not in message
    return message


def test_the_example_settings_leave_nothing_out() -> None:
    assert load_settings(EXAMPLE).missing() == []


def test_no_settings_file_leaves_out_every_setting_a_letter_shows(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("OPENIMR_CONFIG", raising=False)
    assert load_settings(None).missing() == EVERY_SETTING


@pytest.mark.parametrize("content", ["", "# nothing yet\n", "reviewer:\n  licensure: []\n"])
def test_an_empty_settings_file_leaves_out_every_setting(tmp_path: Path, content: str) -> None:
    path = tmp_path / "openimr.yaml"
    path.write_text(content, encoding="utf-8")
    assert load_settings(path).missing() == EVERY_SETTING


def test_a_setting_given_is_not_missing() -> None:
    settings = Settings(reviewer=ReviewerSettings(licensure=["California"]))
    assert settings.missing() == ["review_organization.name", "reviewer.specialties"]


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("junk.bin", bytes(range(256))),
        ("letter.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"),
        ("latin1.yaml", "reviewer: {licensure: [M\xe9xico]}\n".encode("latin-1")),
    ],
)
def test_a_file_that_is_not_a_settings_file_is_one_line_naming_it(
    tmp_path: Path, name: str, content: bytes
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    assert _problem(path).startswith(f"{path}: not a settings file")


def test_settings_that_are_not_keys_and_values_say_so(tmp_path: Path) -> None:
    path = tmp_path / "openimr.yaml"
    path.write_text("- California\n- Pain Medicine\n", encoding="utf-8")
    assert (
        _problem(path)
        == f"{path}: the settings must be keys and values (review_organization, reviewer)"
    )


def test_a_missing_settings_file_and_a_folder_are_named(tmp_path: Path) -> None:
    assert _problem(tmp_path / "none.yaml") == f"{tmp_path / 'none.yaml'}: no such settings file"
    assert _problem(tmp_path) == f"{tmp_path}: is a folder, not a settings file"


def test_the_environment_names_the_settings_file_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "junk.bin"
    path.write_bytes(b"\x00\xff" * 10)
    monkeypatch.setenv("OPENIMR_CONFIG", str(path))
    assert _problem(None).startswith(f"{path}: not a settings file")


def test_a_date_that_does_not_exist_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "openimr.yaml"
    path.write_text("review_organization:\n  name: 2016-13-45\n", encoding="utf-8")
    assert _problem(path) == f"{path}: not valid YAML (a date that does not exist)"


def test_an_unknown_setting_is_named_in_plain_words(tmp_path: Path) -> None:
    path = tmp_path / "openimr.yaml"
    path.write_text("reviewer_name: Dr. Somebody\n", encoding="utf-8")
    assert _problem(path) == (
        "openimr.yaml: reviewer_name: not a setting (the settings are review_organization and "
        "reviewer)"
    )
