"""The ``openimr`` command line: a thin edge over the core.

Errors OpenIMR raises on purpose (``OpenIMRError``) print as one line per problem on stderr with
exit code 1; anything else is a bug and keeps its traceback.
"""

from __future__ import annotations

# Each module adds its commands to ``app``.
from openimr.cli import corpus, guidelines, review, service  # noqa: F401
from openimr.cli.app import app, fail
from openimr.errors import CaseFileError, GuidelineDataError, OpenIMRError

__all__ = ["app", "main"]


def main() -> None:
    """Entry point: run the app, turning OpenIMR's own errors into messages and exit code 1."""
    try:
        app()
    except (CaseFileError, GuidelineDataError) as error:
        for problem in error.problems:
            fail(problem)
        raise SystemExit(1) from None
    except OpenIMRError as error:
        fail(str(error))
        raise SystemExit(1) from None
    except OSError as error:  # a folder or file the user named cannot be written or read
        fail(f"{error.filename or ''}: {error.strerror or error}".lstrip(": "))
        raise SystemExit(1) from None
