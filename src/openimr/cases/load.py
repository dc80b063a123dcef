"""Loading a case file: validate everything, report every problem at once with its path."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from openimr.cases.checks import inconsistencies
from openimr.cases.schema import CaseFile
from openimr.domain import Case, DisputedItem, Priority, Record, Worker
from openimr.errors import CaseFileError, LetterFormatError
from openimr.letters.source import raw_text

__all__ = ["load", "read_case_file", "to_case"]


def read_case_file(path: str | os.PathLike[str]) -> CaseFile:
    """Read and validate a case file (YAML or JSON).

    Raises:
        CaseFileError: with one line per problem, each naming the file and the field path.
    """
    path = Path(path)
    name = path.name
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise CaseFileError([f"{path}: no such file"]) from None
    except IsADirectoryError:
        raise CaseFileError([f"{path}: is a folder, not a case file"]) from None
    except OSError as error:
        raise CaseFileError([f"{path}: cannot be read ({error.strerror})"]) from None
    if raw.lstrip()[:5] == b"%PDF-":
        raise CaseFileError(
            [f"{path}: is a PDF; a case file is YAML or JSON and names record PDFs under records"]
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = "\x00"
    if "\x00" in text:
        raise CaseFileError([f"{path}: not a case file (YAML or JSON text)"])
    if not text.strip():
        raise CaseFileError([f"{name}: the file is empty"])
    try:
        data = json.loads(text) if path.suffix.lower() == ".json" else yaml.load(text, _Loader)
    except (json.JSONDecodeError, yaml.YAMLError) as error:
        mark = getattr(error, "problem_mark", None)
        where = (
            f"line {mark.line + 1}: "
            if mark
            else (f"line {error.lineno}: " if hasattr(error, "lineno") else "")
        )
        raise CaseFileError(
            [f"{name}: {where}not valid {'JSON' if path.suffix.lower() == '.json' else 'YAML'}"]
        ) from None
    if data is None:
        raise CaseFileError([f"{name}: the file is empty"])
    if not isinstance(data, dict):
        raise CaseFileError(
            [
                f"{name}: the file must hold keys and values (format, utilization_review, "
                f"records, disputed_items), not {_kind_of(data)}"
            ]
        )
    records = data.get("records")
    missing = [
        f"{name}: records[{i}].pdf: no such file '{r['pdf']}'"
        for i, r in enumerate(records if isinstance(records, list) else [])
        if isinstance(r, dict)
        and isinstance(r.get("pdf"), str)
        and not (path.parent / r["pdf"]).is_file()
    ]
    try:
        case_file = CaseFile.model_validate(data)
    except ValidationError as error:
        raise CaseFileError([f"{name}: {line}" for line in _problems(error)] + missing) from None
    problems = missing + [f"{name}: {problem}" for problem in inconsistencies(case_file)]
    if problems:
        raise CaseFileError(problems)
    return case_file


def _kind_of(data: object) -> str:
    if isinstance(data, list):
        return "a list"
    if isinstance(data, str):
        return "a line of text"
    return "a single value"


class _Loader(yaml.SafeLoader):
    """YAML as a case file is read: dates stay text until the schema reads them.

    PyYAML would build dates itself and fail with an exception of its own on one that does not
    exist (2016-13-45); the schema reports it with its path instead.
    """


_Loader.yaml_implicit_resolvers = {
    first: [(tag, pattern) for tag, pattern in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

# Pydantic's wording for the commonest problems, in the words of the case file.
_PLAIN = {
    "missing": "required, but the file does not give it",
    "extra_forbidden": "not a field of the case file format (misspelled?)",
    "too_short": "needs at least one entry",
    "string_too_short": "is empty",
}


def _problems(error: ValidationError) -> list[str]:
    lines = []
    for item in error.errors():
        path = "".join(
            f"[{part}]" if isinstance(part, int) else f".{part}" for part in item["loc"]
        ).lstrip(".")
        message = _PLAIN.get(item["type"]) or item["msg"].removeprefix("Value error, ")
        # Echo a value only where it is a short code (a priority, a sex), never free text: a case
        # file holds protected health information and errors go to terminals and logs.
        value = item.get("input")
        if (
            item["type"] in {"literal_error", "enum"}
            and isinstance(value, str)
            and len(value) <= 20
        ):
            message += f", got {value!r}"
        lines.append(f"{path}: {message}" if path else message)
    return lines


def to_case(case_file: CaseFile, base: Path, name: str = "case file") -> Case:
    """The domain Case of a validated case file; record PDFs are read relative to ``base``.

    Raises:
        CaseFileError: a record's PDF cannot be read.
    """
    records, problems = [], []
    for index, record in enumerate(case_file.records):
        text = record.text
        if record.pdf is not None:
            try:
                text, _ = raw_text(base / record.pdf)
            except LetterFormatError as error:
                problems.append(f"{name}: records[{index}].pdf: {error.problem}")
                continue
        records.append(
            Record(
                id=record.id,
                date=record.date,
                type=record.type,
                kind=record.kind,
                author=record.author,
                text=text or "",
            )
        )
    if problems:
        raise CaseFileError(problems)
    worker = case_file.parties.injured_worker
    age = worker.age
    if age is None and worker.date_of_birth:
        on = case_file.utilization_review.date
        age = (
            on.year
            - worker.date_of_birth.year
            - ((on.month, on.day) < (worker.date_of_birth.month, worker.date_of_birth.day))
        )
    return Case(
        case_number=case_file.application.case_number,
        received=case_file.application.received,
        priority=Priority(case_file.application.priority),
        date_of_injury=case_file.injury.date,
        ur_decision_date=case_file.utilization_review.date,
        ur_cited_guidelines=list(case_file.utilization_review.cited_guidelines),
        ur_certified=list(case_file.utilization_review.certified),
        worker=Worker(
            age=age,
            date_of_birth=worker.date_of_birth,
            sex=None if worker.sex.value == "unknown" else worker.sex.value,
        ),
        records=records,
        items=[
            DisputedItem(
                request=i.request,
                original_request=i.original_request,
                authorized=i.authorized,
                body_region=i.body_region,
                side=i.side.value if i.side else None,
                ur_cited_guidelines=list(i.ur_cited_guidelines),
            )
            for i in case_file.disputed_items
        ],
    )


def load(path: str | os.PathLike[str]) -> Case:
    """Load a case file as a domain Case, reading any record PDFs.

    Raises:
        CaseFileError: every problem in the file, one line each with its path.
    """
    path = Path(path)
    return to_case(read_case_file(path), path.parent, path.name)


def json_schema() -> dict[str, Any]:
    """The JSON Schema of the case file format."""
    schema = CaseFile.model_json_schema()
    schema["$id"] = "https://openimr.org/schema/openimr-case-1.json"
    schema["title"] = "OpenIMR case file (openimr-case/1)"
    return schema
