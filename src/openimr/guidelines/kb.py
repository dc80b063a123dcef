"""Loading the knowledge base: every ``data/*.yaml`` file, validated, held in one object.

    >>> from openimr.guidelines import KnowledgeBase
    >>> kb = KnowledgeBase.load()                      # packaged data, read once per process
    >>> lumbar = kb.get("imaging_lumbar_spine")
    >>> kb.governing(lumbar, on=date(2016, 12, 1)).name
    'MTUS ACOEM Low Back Complaints 2004'

Every problem in every file is reported at once, one line each, naming the file and the field
path (``imaging.yaml: criteria_sets[0].guidelines[0].citation.source_note: field required``).
"""

from __future__ import annotations

import datetime as dt
import functools
import os
from collections.abc import Iterable, Mapping
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from pydantic import ValidationError

from openimr.datacache import load_yaml
from openimr.guidelines.errors import GuidelineDataError
from openimr.guidelines.schema import CriteriaSet, Guideline, GuidelineFile, Recommendation, Step

if TYPE_CHECKING:
    from openimr.domain import PhaseOfCare
    from openimr.guidelines.matching import Match, RequestLike

__all__ = ["KnowledgeBase", "parse_file"]

_DATA_PACKAGE = "openimr.guidelines"
_DATA_DIR = "data"
_SUFFIX = ".yaml"


def parse_file(name: str, text: str) -> GuidelineFile:
    """Parse and validate one data file's text.

    Args:
        name: the file name used in messages ("imaging.yaml").
        text: the YAML text.

    Raises:
        GuidelineDataError: one line per problem, each starting with ``name``.
    """
    return _parse_file(name, text, cached=False)


def _parse_file(name: str, text: str, *, cached: bool) -> GuidelineFile:
    """``parse_file``; with ``cached``, the YAML through the user's cache (packaged files)."""
    try:
        # The C loader: 8x faster.
        if cached:
            data = load_yaml(text, yaml.CSafeLoader)
        else:
            data = yaml.load(text, Loader=yaml.CSafeLoader)
    except yaml.YAMLError as error:
        raise GuidelineDataError([f"{name}: {_yaml_problem(error)}"]) from None
    if not isinstance(data, dict):
        raise GuidelineDataError(
            [f"{name}: expected a mapping with the key 'criteria_sets', got {type(data).__name__}"]
        )
    try:
        return GuidelineFile.model_validate(data)
    except ValidationError as error:
        raise GuidelineDataError([f"{name}: {line}" for line in _validation_lines(error)]) from None


def _yaml_problem(error: yaml.YAMLError) -> str:
    mark = getattr(error, "problem_mark", None)
    problem = getattr(error, "problem", None) or str(error)
    if mark is None:
        return f"invalid YAML: {problem}"
    return f"line {mark.line + 1}, column {mark.column + 1}: invalid YAML: {problem}"


def _validation_lines(error: ValidationError) -> list[str]:
    lines = []
    for item in error.errors():
        path = _path(item["loc"])
        message = item["msg"].removeprefix("Value error, ")
        message = message[:1].lower() + message[1:]
        if item["type"] in {"enum", "literal_error", "extra_forbidden"} and "input" in item:
            message = f"{message}, got {item['input']!r}"
        lines.append(f"{path}: {message}" if path else message)
    return lines


def _path(loc: Iterable[int | str]) -> str:
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += f".{part}" if path else str(part)
    return path


class KnowledgeBase:
    """The validated criteria sets of every data file.

    Build one with :meth:`load` (the packaged data, cached), :meth:`from_directory` or
    :meth:`from_texts`; it does not change once built.

    Raises:
        GuidelineDataError: (when built) a file is malformed, or two criteria sets share an id.
    """

    def __init__(self, files: Mapping[str, GuidelineFile]) -> None:
        self._files = dict(sorted(files.items()))
        self._sets: dict[str, CriteriaSet] = {}
        self._source: dict[str, str] = {}
        problems = []
        for name, file in self._files.items():
            for index, criteria_set in enumerate(file.criteria_sets):
                if criteria_set.id in self._sets:
                    first = self._source[criteria_set.id]
                    problems.append(
                        f"{name}: criteria_sets[{index}].id: duplicate id "
                        f"'{criteria_set.id}' (also in {first})"
                    )
                    continue
                self._sets[criteria_set.id] = criteria_set
                self._source[criteria_set.id] = name
        if problems:
            raise GuidelineDataError(problems)

    # -- building -------------------------------------------------------------------------

    @classmethod
    def load(cls) -> KnowledgeBase:
        """The knowledge base shipped in ``openimr/guidelines/data``, read once per process."""
        return _packaged()

    @classmethod
    def from_texts(cls, texts: Mapping[str, str]) -> KnowledgeBase:
        """Build from file names and YAML texts, reporting every file's problems together."""
        return cls._from_texts(texts, cached=False)

    @classmethod
    def _from_texts(cls, texts: Mapping[str, str], *, cached: bool) -> KnowledgeBase:
        files: dict[str, GuidelineFile] = {}
        problems: list[str] = []
        for name, text in sorted(texts.items()):
            try:
                files[name] = _parse_file(name, text, cached=cached)
            except GuidelineDataError as error:
                problems.extend(error.problems)
        if problems:
            raise GuidelineDataError(problems)
        return cls(files)

    @classmethod
    def from_directory(cls, path: str | os.PathLike[str]) -> KnowledgeBase:
        """Build from every ``*.yaml`` file of a directory."""
        directory = Path(path)
        return cls.from_texts(
            {p.name: p.read_text(encoding="utf-8") for p in sorted(directory.glob(f"*{_SUFFIX}"))}
        )

    def dump(self) -> dict[str, str]:
        """Each file as YAML text again: ``KnowledgeBase.from_texts(kb.dump())`` equals ``kb``."""
        return {
            name: yaml.safe_dump(_plain(file), sort_keys=False, allow_unicode=True, width=100)
            for name, file in self._files.items()
        }

    # -- reading --------------------------------------------------------------------------

    def get(self, id: str) -> CriteriaSet:
        """The criteria set with this id.

        Raises:
            KeyError: no criteria set has this id.
        """
        try:
            return self._sets[id]
        except KeyError:
            raise KeyError(f"no criteria set with id '{id}'") from None

    def all(self) -> list[CriteriaSet]:
        """Every criteria set, in file order."""
        return list(self._sets.values())

    def files(self) -> dict[str, GuidelineFile]:
        """Every data file by name."""
        return dict(self._files)

    def source_of(self, id: str) -> str:
        """The name of the data file that holds a criteria set."""
        self.get(id)
        return self._source[id]

    def in_force(
        self, criteria_set: CriteriaSet, on: dt.date, phase: PhaseOfCare | None = None
    ) -> list[Guideline]:
        """The set's guidelines in force on a date, highest hierarchy step first.

        Within a step, a guideline limited to phases of care that include ``phase`` stands in
        for the step's guideline without phases; with no phase, phase-limited guidelines are
        left out.
        """
        current = [g for g in criteria_set.guidelines if g.in_force(on)]
        chosen: list[Guideline] = []
        for step in Step:
            of_step = [g for g in current if g.step is step]
            for_phase = [g for g in of_step if phase is not None and phase in g.phases]
            chosen.extend(for_phase or [g for g in of_step if not g.phases])
        return chosen

    def governing(
        self, criteria_set: CriteriaSet, on: dt.date, phase: PhaseOfCare | None = None
    ) -> Guideline | None:
        """The guideline that governs a request made on ``on``, or None if none is in force.

        The highest hierarchy step in force wins, unless it does not address the service: a
        lower step is used only when every higher one is inapplicable (Labor Code 4610.5(c)(2)).
        If every guideline in force is silent, the highest one is returned. ``phase`` chooses
        between the documents the MTUS has for acute and subacute care and for chronic pain.
        """
        candidates = self.in_force(criteria_set, on, phase)
        for guideline in candidates:
            if guideline.recommendation is not Recommendation.NOT_ADDRESSED:
                return guideline
        return candidates[0] if candidates else None

    def match(
        self, request: RequestLike, on: dt.date | None = None, phase: PhaseOfCare | None = None
    ) -> Match | None:
        """The criteria set for a request and the guideline that governs it.

        See :func:`openimr.guidelines.matching.match`.
        """
        from openimr.guidelines.matching import match

        return match(self, request, on, phase)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, KnowledgeBase) and self._files == other._files

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"KnowledgeBase({len(self._files)} files, {len(self._sets)} criteria sets)"


def _plain(file: GuidelineFile) -> Any:
    return file.model_dump(mode="json", exclude_defaults=True)


@functools.cache
def _packaged() -> KnowledgeBase:
    data = resources.files(_DATA_PACKAGE) / _DATA_DIR
    texts = {
        entry.name: entry.read_text(encoding="utf-8")
        for entry in data.iterdir()
        if entry.name.endswith(_SUFFIX)
    }
    return KnowledgeBase._from_texts(texts, cached=True)  # the same files, the same objects
