"""Errors raised by OpenIMR's core.

The tree::

    OpenIMRError                 anything OpenIMR raises on purpose; the CLI prints it on one line, exit 1
     ├── LetterFormatError       a file or text is not a readable Final Determination letter
     ├── CaseFileError           a case file has problems: all of them, one line each, with paths
     ├── GuidelineDataError      guideline data files are malformed: every problem, with paths
     ├── VocabularyError         a request-vocabulary data file is malformed: file and field
     └── ClinicalRuleError       a clinical rule data file is missing or invalid: file and key path

A caller that reads many letters catches the base class and goes on::

    try:
        letter = letters.read(path)
    except OpenIMRError as error:
        failures.append((path, str(error)))

Messages name the file (where there is one) and say what is wrong.
"""

from __future__ import annotations

__all__ = [
    "OpenIMRError",
    "LetterFormatError",
    "CaseFileError",
    "GuidelineDataError",
    "VocabularyError",
    "ClinicalRuleError",
]


class OpenIMRError(Exception):
    """Base class of every error OpenIMR raises on purpose."""


class LetterFormatError(OpenIMRError):
    """A file or text is not a readable Final Determination letter.

    Args:
        problem: what is wrong, in a few words ("PDF is password-protected").
        source: the file name, or None for text given directly.
    """

    def __init__(self, problem: str, source: str | None = None) -> None:
        self.problem = problem
        self.source = source
        super().__init__(f"{source}: {problem}" if source else problem)


class CaseFileError(OpenIMRError):
    """A case file is missing, malformed or invalid; ``problems`` lists every problem found.

    Each problem names the file and the path of the field, e.g.
    ``seed.yaml: records[2].date: Input should be a valid date``.
    """

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


class GuidelineDataError(OpenIMRError):
    """One or more guideline data files are malformed.

    The message has one line per problem, each naming the file and the field path::

        opioids.yaml: criteria_sets[3].guidelines[0].criteria[1].citation.pages: field required
    """

    def __init__(self, problems: list[str]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


class VocabularyError(OpenIMRError):
    """A request-vocabulary file is malformed; the message names the file and the field.

    Args:
        file: the file name ("services.yaml").
        problem: what is wrong, with its key path ("families[3].category: field required").
    """

    def __init__(self, file: str, problem: str) -> None:
        self.file = file
        self.problem = problem
        super().__init__(f"{file}: {problem}")


class ClinicalRuleError(OpenIMRError):
    """A clinical rule file is missing or invalid; the message names the file and the key path."""
