"""How the clinical pipeline is built for a quick start (issue 12): each rule's token pattern
checked once as written, medspaCy's tokenizer made once, NLTK left unimported."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from spacy.schemas import validate_token_pattern

from openimr.clinical import rules
from openimr.clinical.pipeline import build_pipeline, expand_first_token, unchecked_matchers


@pytest.mark.parametrize(
    ("pattern", "complaint"),
    [
        ([{"LOWR": "facet"}], "LOWR"),  # an attribute spaCy does not know
        ([{"LOWER": {"IN": "facet"}}], "LOWER"),  # IN with a word, not a list
        ([{"LOWER": "facet", "OP": "x"}], "OP"),  # an operator spaCy does not know
    ],
)
def test_a_bad_token_pattern_names_the_file_the_rule_and_spacys_complaint(
    pattern: list[dict[str, object]], complaint: str
) -> None:
    with pytest.raises(rules.ClinicalRuleError) as error:
        rules.check_token_pattern(pattern, "targets/bad.yaml: rules[3]")
    message = str(error.value)
    assert message.startswith("targets/bad.yaml: rules[3].pattern: [pattern -> 0 -> ")
    assert complaint in message


def test_every_pattern_given_to_the_matchers_passes_spacys_check_when_its_rule_does() -> None:
    # The matchers take expand_first_token's patterns unchecked; this is why they may.
    written = [rule.pattern for rule in (*rules.target_rules(), *rules.context_rules())]
    written = [pattern for pattern in written if isinstance(pattern, list)]
    assert len(written) > 300
    for pattern in written:
        assert validate_token_pattern(pattern) == []
        for expanded in expand_first_token(pattern):
            assert validate_token_pattern(expanded) == [], (pattern, expanded)


def test_the_matchers_inside_the_pipeline_do_not_check_patterns_again() -> None:
    nlp = build_pipeline()
    for name in ("medspacy_target_matcher", "medspacy_context"):
        found = unchecked_matchers(nlp.get_pipe(name))
        assert len(found) == 1, name  # medspaCy keeps one spaCy Matcher per component
        assert found[0].validate is False


def test_the_tokenizer_is_medspacys_as_medspacy_load_makes_it(shared_dir: Path) -> None:
    import medspacy

    theirs = medspacy.load(medspacy_enable=["medspacy_tokenizer"]).tokenizer
    ours = build_pipeline().tokenizer
    for attribute in ("prefix_search", "suffix_search", "infix_finditer"):
        assert (
            getattr(ours, attribute).__self__.pattern == getattr(theirs, attribute).__self__.pattern
        )
    assert ours.token_match == theirs.token_match and ours.url_match == theirs.url_match
    assert ours.rules == theirs.rules
    for path in sorted((shared_dir / "data" / "letters" / "txt").glob("*.txt"))[:20]:
        text = path.read_text(encoding="utf-8")
        assert [t.text for t in ours(text)] == [t.text for t in theirs(text)], path.name


def test_building_the_pipeline_does_not_import_nltk_and_quickumls_still_gets_it() -> None:
    script = (
        "import json, sys\n"
        "from openimr.clinical.pipeline import build_pipeline\n"
        "build_pipeline()\n"
        "before = 'nltk' in sys.modules\n"
        "import quickumls.core\n"
        "stopwords = quickumls.core.nltk.corpus.stopwords\n"  # QuickUMLS's first use of NLTK
        "import nltk\n"
        "print(json.dumps([before, type(nltk).__name__, quickumls.core.nltk.corpus is nltk.corpus,"
        " stopwords is nltk.corpus.stopwords]))\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False
    )
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout) == [False, "module", True, True]
