"""spaCy imported without its command line and langcodes (issue 12, start-up): what is left out
is not imported, and everything that needs it still gets the real thing."""

from __future__ import annotations

import json
import subprocess
import sys


def _run(script: str) -> object:
    run = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=180, check=False
    )
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout.splitlines()[-1])


def test_spacy_is_imported_without_its_command_line_and_langcodes_and_works() -> None:
    script = (
        "import json, sys\n"
        "from openimr.deferred import import_spacy\n"
        "import_spacy()\n"
        "import spacy\n"
        "left_out = [m for m in ('spacy.cli', 'langcodes.data_dicts', 'requests', 'weasel')"
        " if m in sys.modules]\n"
        "nlp = spacy.blank('en')\n"
        "words = [t.text for t in nlp(\"Mr. Smith's MRI wasn't done.\")]\n"
        "after_blank = 'langcodes.data_dicts' in sys.modules\n"
        "print(json.dumps([left_out, words, after_blank]))\n"
    )
    left_out, words, after_blank = _run(script)  # type: ignore[misc]
    assert left_out == []
    assert words == ["Mr.", "Smith", "'s", "MRI", "was", "n't", "done", "."]
    assert after_blank is False


def test_what_was_left_out_is_the_real_module_when_it_is_used() -> None:
    script = (
        "import json, sys\n"
        "from openimr.deferred import import_spacy\n"
        "import_spacy()\n"
        "import spacy, spacy.util\n"
        # spaCy's own use of langcodes: a language it has no module for ('no' is Bokmal)
        "matched = spacy.util.find_matching_language('no')\n"
        "import langcodes\n"
        "real = type(langcodes) is type(sys) and spacy.util.langcodes.Language is"
        " langcodes.Language\n"
        "info = spacy.info()\n"  # imports spaCy's command line now
        "import spacy.cli\n"
        "print(json.dumps([matched, real, info['spacy_version'] == spacy.__version__,"
        " callable(spacy.cli.setup_cli)]))\n"
    )
    assert _run(script) == ["nb", True, True, True]


def test_nothing_is_stood_in_when_spacy_is_imported_already() -> None:
    script = (
        "import json, sys\n"
        "import spacy\n"
        "from openimr.deferred import import_spacy, import_medspacy\n"
        "import_spacy(); import_medspacy()\n"
        "print(json.dumps(['spacy.cli' in sys.modules, type(sys.modules['langcodes']).__name__,"
        " spacy.info.__module__]))\n"
    )
    assert _run(script) == [True, "module", "spacy.cli.info"]


def test_the_service_builds_its_pipeline_without_spacys_command_line() -> None:
    script = (
        "import json, sys\n"
        "from openimr.bootstrap import bootstrap\n"
        "from openimr.service.fakes import FakeUnitOfWork, InMemoryStore\n"
        "store = InMemoryStore()\n"
        "ctx = bootstrap(uow_factory=lambda: FakeUnitOfWork(store))\n"
        "facts = ctx.extract('Straight leg raise was positive on the left.')\n"
        "print(json.dumps(['spacy.cli' in sys.modules, [f.kind for f in facts]]))\n"
    )
    assert _run(script) == [False, ["positive_exam_sign"]]
