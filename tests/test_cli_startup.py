"""The command line starts without the models, readers and pipelines its commands import when
they run (issue 12, start-up), and its own copies of their choices stay the same."""

from __future__ import annotations

import json
import subprocess
import sys

from openimr.cli.service import RoleChoice
from openimr.service.model import Role


def test_importing_the_command_line_loads_no_domain_model_reader_or_pipeline() -> None:
    script = (
        "import json, sys\n"
        "import openimr.cli\n"
        "heavy = ('openimr.domain', 'openimr.letters', 'openimr.service.model', 'pydantic',"
        " 'spacy', 'weasyprint', 'importlib.metadata')\n"
        "print(json.dumps([m for m in heavy if m in sys.modules]))\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False
    )
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout) == []


def test_the_role_option_offers_exactly_the_roles() -> None:
    assert [choice.value for choice in RoleChoice] == [role.value for role in Role]


def test_the_version_is_read_when_asked_for() -> None:
    run = subprocess.run(
        [sys.executable, "-m", "openimr", "--version"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    from importlib.metadata import version

    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == f"openimr {version('openimr')}"
