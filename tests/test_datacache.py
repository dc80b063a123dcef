"""The user's cache of parsed packaged data files (issue 12, start-up): the same data with or
without it, made again when stale, corrupt or unsafe, and never in the way."""

from __future__ import annotations

import os
import pickle
import time
from pathlib import Path
from typing import Any

import pytest
import yaml

from openimr import datacache
from openimr.clinical import rules
from openimr.guidelines import kb
from openimr.vocab import load as vocab_load

TEXT = "name: facet injection\nwords: [no, on, yes]\nsince: 2016-12-01\nlimit: 3\n"


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    where = tmp_path / "cache"
    monkeypatch.setenv("OPENIMR_CACHE_DIR", str(where))
    return where


def _entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.pickle")) if folder.is_dir() else []


def _yaml_load_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("parsed again")

    monkeypatch.setattr(yaml, "load", fail)


def test_a_text_is_parsed_once_and_then_read_back_the_same(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = datacache.load_yaml(TEXT, yaml.CSafeLoader)
    assert first == yaml.load(TEXT, Loader=yaml.CSafeLoader)
    assert len(_entries(folder)) == 1
    _yaml_load_fails(monkeypatch)
    again = datacache.load_yaml(TEXT, yaml.CSafeLoader)
    assert again == first and again is not first
    assert str(again["since"]) == "2016-12-01"


def test_a_changed_text_or_another_loader_is_another_entry(folder: Path) -> None:
    yaml11 = datacache.load_yaml(TEXT, yaml.CSafeLoader)
    yaml12 = datacache.load_yaml(TEXT, rules._Yaml12BoolLoader)
    # The rules' loader keeps "no" and "on" as words; YAML 1.1 makes them booleans.
    assert yaml11["words"] == [False, True, True] and yaml12["words"] == ["no", "on", "yes"]
    changed = datacache.load_yaml(TEXT.replace("3", "4"), yaml.CSafeLoader)
    assert changed["limit"] == 4
    assert len(_entries(folder)) == 3


@pytest.mark.parametrize(
    "content",
    [
        b"",  # empty (a writer killed before writing)
        b"\x80\x05\x95garbage",  # truncated
        b"not a pickle at all",
        pickle.dumps(os.getpid, protocol=5),  # a callable: refused, never called
        pickle.dumps({"a": Path("/etc")}, protocol=5),  # a class that safe YAML does not make
    ],
)
def test_a_corrupt_or_unsafe_entry_is_ignored_and_made_again(folder: Path, content: bytes) -> None:
    expected = datacache.load_yaml(TEXT, yaml.CSafeLoader)
    (entry,) = _entries(folder)
    entry.write_bytes(content)
    assert datacache.load_yaml(TEXT, yaml.CSafeLoader) == expected
    with entry.open("rb") as made_again:
        assert pickle.load(made_again) == expected


def test_invalid_yaml_raises_as_without_the_cache_and_keeps_nothing(folder: Path) -> None:
    with pytest.raises(yaml.YAMLError):
        datacache.load_yaml("a: [unclosed\n", yaml.CSafeLoader)
    assert _entries(folder) == []


def test_a_folder_that_cannot_be_written_leaves_the_cache_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("OPENIMR_CACHE_DIR", str(blocker / "cache"))
    assert datacache.load_yaml(TEXT, yaml.CSafeLoader)["limit"] == 3
    monkeypatch.setenv("OPENIMR_CACHE_DIR", "off")
    assert datacache.cache_dir() is None
    assert datacache.load_yaml(TEXT, yaml.CSafeLoader)["limit"] == 3


def test_the_default_folder_is_under_xdg_cache_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("OPENIMR_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert datacache.cache_dir() == tmp_path / "openimr"


def test_old_entries_and_left_temporary_files_are_removed_when_one_is_written(
    folder: Path,
) -> None:
    datacache.load_yaml(TEXT, yaml.CSafeLoader)
    (recent,) = _entries(folder)
    old = folder / ("0" * 40 + ".pickle")
    left = folder / ".left.tmp"
    for path in (old, left):
        path.write_bytes(pickle.dumps(1))
        month_ago = time.time() - 31 * 24 * 3600
        os.utime(path, (month_ago, month_ago))
    datacache.load_yaml(TEXT + "more: 1\n", yaml.CSafeLoader)
    assert not old.exists() and not left.exists() and recent.exists()
    assert not list(folder.glob("*.tmp"))


def test_a_check_that_passed_is_not_run_again_and_one_that_failed_is(folder: Path) -> None:
    runs: list[str] = []

    def passes() -> None:
        runs.append("passes")

    def fails() -> None:
        runs.append("fails")
        raise ValueError("bad rule")

    datacache.checked(b"rules v1", passes)
    datacache.checked(b"rules v1", passes)
    datacache.checked(b"rules v2", passes)
    for _ in range(2):
        with pytest.raises(ValueError, match="bad rule"):
            datacache.checked(b"rules v3", fails)
    assert runs == ["passes", "passes", "fails", "fails"]


def test_the_packaged_data_is_the_same_from_the_cache(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def load_all() -> tuple[Any, ...]:
        return (
            rules.target_rules.__wrapped__(),
            rules.context_rules.__wrapped__(),
            kb._packaged.__wrapped__(),
            vocab_load.load_vocabulary.__wrapped__(),
        )

    monkeypatch.setenv("OPENIMR_CACHE_DIR", "off")
    without = load_all()
    monkeypatch.setenv("OPENIMR_CACHE_DIR", str(folder))
    cold = load_all()
    assert len(_entries(folder)) > 25
    _yaml_load_fails(monkeypatch)  # warm: no file is parsed again
    monkeypatch.setattr(rules, "check_token_pattern", lambda *a: pytest.fail("checked again"))
    warm = load_all()
    assert without == cold == warm
    assert len(without[0]) > 300


def test_rule_checks_run_again_when_what_checks_them_changes(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rules.context_rules.__wrapped__()
    calls: list[str] = []
    monkeypatch.setattr(rules, "check_token_pattern", lambda pattern, where: calls.append(where))
    rules.context_rules.__wrapped__()
    assert calls == []
    monkeypatch.setattr(rules, "checks_identity", lambda: b"another spaCy")
    rules.context_rules.__wrapped__()
    assert calls and calls[0] == "context_rules.yaml: rules[0]"
