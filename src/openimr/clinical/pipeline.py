"""The clinical pipeline: medspaCy on a blank English spaCy model, built once per process.

``build_pipeline()`` assembles, in order:

- medspaCy's tokenizer (``medspacy_tokenizer``, no model download), made once: spaCy's blank
  English model is created with it instead of making spaCy's default tokenizer and then
  replacing it;
- ``openimr_sentence_splitter`` (:mod:`openimr.clinical.sentences`);
- ``medspacy_target_matcher`` with the target rules of ``data/targets/*.yaml``, the longest of
  overlapping matches kept, results in ``doc.ents``;
- ``medspacy_context`` with medspaCy's default English ConText rules plus
  ``data/context_rules.yaml``.

PyRuSH (medspaCy's default sentence splitter) logs every sentence at DEBUG through loguru, which
would put protected health information into logs; it is not in this pipeline, and its logging is
disabled here anyway in case another part of the process loads it.

Start-up (``openimr review`` builds this for one case): the rules' token patterns are checked
against spaCy's schema once, as written (``rules.check_token_pattern``), and the matchers take
their expansions without checking them again; spaCy's and medspaCy's modules that this pipeline
never runs (spaCy's command line, ``langcodes``, NLTK) are not imported (:mod:`openimr.deferred`).
"""

from __future__ import annotations

import functools
import importlib.metadata
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import spacy
from loguru import logger
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokenizer import Tokenizer

from openimr.clinical import sentences as _sentences  # noqa: F401  (registers the factory)
from openimr.clinical import target_matcher as _target_matcher  # noqa: F401  (the same)
from openimr.clinical.rules import check_token_pattern, checks_identity, context_rules, target_rules
from openimr.datacache import checked
from openimr.deferred import import_medspacy

__all__ = ["build_pipeline", "PIPE_NAMES"]

#: The components of the pipeline, in order (the tokenizer is not a pipe).
PIPE_NAMES: tuple[str, ...] = (
    "openimr_sentence_splitter",
    "medspacy_target_matcher",
    "medspacy_context",
)

# A negation in an exam list ends at the next positive finding:
# "negative Spurling's, positive Tinel's" (category POSITIVE_EXISTENCE in context_rules.yaml).
_TERMINATING_TYPES = {"NEGATED_EXISTENCE": ["POSITIVE_EXISTENCE"]}
# medspaCy's "possible" reaches to the end of the sentence; in a diagnosis list that makes every
# later diagnosis possible ("possible rotator cuff tear and ... thumb fracture"). Eight tokens.
_POSSIBLE_SCOPE = 8

for _noisy in ("PyRuSH", "PyFastNER"):
    logger.disable(_noisy)

#: The name of the tokenizer factory in spaCy's registry.
TOKENIZER = "openimr.medspacy_tokenizer.v1"


@spacy.registry.tokenizers(TOKENIZER)
def _medspacy_tokenizer() -> Callable[[Language], Tokenizer]:
    """medspaCy's tokenizer as spaCy's tokenizer factory, so that the blank model makes only it.

    ``create_medspacy_tokenizer(nlp)`` reads the language's defaults and the ``token_match`` of
    the tokenizer ``nlp`` already has: spaCy's default tokenizer, which takes it from the same
    defaults. Here ``nlp`` has no tokenizer yet, so it is given the defaults' one.
    """

    def create(nlp: Language) -> Tokenizer:
        from medspacy.custom_tokenizer import create_medspacy_tokenizer

        made: Tokenizer = create_medspacy_tokenizer(
            SimpleNamespace(
                Defaults=nlp.Defaults,
                vocab=nlp.vocab,
                tokenizer=SimpleNamespace(token_match=nlp.Defaults.token_match),
            )
        )
        return made

    return create


def unchecked_matchers(component: Any) -> list[Matcher]:
    """The spaCy matchers inside a medspaCy component, set not to check patterns again.

    medspaCy's TargetMatcher and ConText each keep a ``MedspacyMatcher`` holding a spaCy
    ``Matcher`` made with ``validate=True``, which checks every pattern added against spaCy's
    schema (about 0.15 ms a pattern, 1,400 patterns here). The patterns this pipeline adds were
    checked as written (``rules.check_token_pattern``). Returns the matchers found; should a
    medspaCy release keep them elsewhere, none is found and spaCy simply checks again.
    """
    from medspacy.common.medspacy_matcher import MedspacyMatcher

    holders = list(vars(component).values())
    wrapped = getattr(component, "matcher", None)  # a component around medspaCy's (EntsAtOnce)
    if wrapped is not None and not isinstance(wrapped, MedspacyMatcher):
        holders.extend(vars(wrapped).values())
    found = [
        matcher
        for holder in holders
        if isinstance(holder, MedspacyMatcher)
        for matcher in vars(holder).values()
        if isinstance(matcher, Matcher)
    ]
    for matcher in found:
        matcher.validate = False  # type: ignore[attr-defined]  # public in the .pyx, not the stub
    return found


def expand_first_token(pattern: list[dict[str, Any]] | str | None) -> list[Any]:
    """The same matches, with no set test on the first token.

    spaCy's Matcher tries every pattern's first token at every token of the text, and an ``IN``
    test there is a Python call; ``{LOWER: word}`` is a C comparison. A first token
    ``{LOWER: {IN: [...]}}`` (or ``TEXT``) becomes one pattern per word, and an optional one
    (``OP: "?"``) also gives the pattern without it. Matching is about three times faster and
    finds exactly the same spans.

    >>> expand_first_token([{"LOWER": {"IN": ["tens", "ems"]}}, {"LOWER": "unit"}])
    [[{'LOWER': 'tens'}, {'LOWER': 'unit'}], [{'LOWER': 'ems'}, {'LOWER': 'unit'}]]
    """
    if not isinstance(pattern, list) or len(pattern) < 1:
        return [pattern]
    first, rest = pattern[0], pattern[1:]
    attribute = next(iter(first), None)
    optional = first.get("OP") == "?"
    if (
        attribute not in ("LOWER", "TEXT")
        or set(first) - {attribute, "OP"}
        or first.get("OP") not in (None, "?")
        or (optional and not rest)
    ):
        return [pattern]
    if isinstance(first[attribute], str) and optional:
        # an optional word ("stage"? "kidney disease"): the pattern with it, then the pattern
        # without it, whose first token is tried at every token (a set test there is expanded)
        return [[{attribute: first[attribute]}, *rest], *expand_first_token(rest)]
    if not isinstance(first[attribute], dict) or set(first[attribute]) != {"IN"}:
        return [pattern]
    expanded: list[Any] = [[{attribute: word}, *rest] for word in first[attribute]["IN"]]
    if optional:
        expanded.extend(expand_first_token(rest))
    return expanded


def _direction(rule: Any) -> str:
    """medspaCy's ": no" and ": none" look back only ("Fever: no"); records also write the
    finding after them ("Impression: no fracture", "X-RAYS: No fracture"), so they look both ways."""
    literal, direction = rule.literal, rule.direction
    return (
        "BIDIRECTIONAL" if literal in (": no", ": none") and direction == "BACKWARD" else direction
    )


def _medspacy_default_context_rules() -> str:
    """Path of medspaCy's default English ConText rules.

    medspaCy installs them beside its package (``site-packages/resources/en``) and finds them
    the same way (``ConText.DEFAULT_RULES_FILEPATH``).
    """
    import_medspacy()
    import medspacy

    return str(
        Path(medspacy.__file__).resolve().parents[1] / "resources" / "en" / "context_rules.json"
    )


def _check_medspacy_rules(rules: list[Any]) -> None:
    for index, rule in enumerate(rules):
        check_token_pattern(rule.pattern, f"medspaCy's context_rules.json: rules[{index}]")


@functools.cache
def build_pipeline() -> Language:
    """The spaCy ``Language`` that ``extract`` runs; built on first call, then shared.

    Raises:
        ClinicalRuleError: a rule file under ``clinical/data/`` is invalid.
    """
    import_medspacy()  # registers medspaCy's factories
    from medspacy.context import ConTextRule
    from medspacy.target_matcher import TargetRule

    nlp = spacy.blank("en", config={"nlp": {"tokenizer": {"@tokenizers": TOKENIZER}}})
    nlp.add_pipe("openimr_sentence_splitter")
    # medspaCy's target matcher, its entities set at once (target_matcher.py), under its name
    matcher: Any = nlp.add_pipe("openimr_target_matcher", name="medspacy_target_matcher")
    unchecked_matchers(matcher.matcher)
    matcher.add(
        [
            TargetRule(
                rule.literal,
                rule.category,
                pattern=pattern,
                metadata={
                    "value": rule.value,
                    "attributes": dict(rule.attributes),
                    "assertion": rule.assertion,
                    "source": rule.source,
                },
            )
            for rule in target_rules()
            for pattern in expand_first_token(rule.pattern)
        ]
    )
    context: Any = nlp.add_pipe(
        "medspacy_context", config={"rules": None, "terminating_types": _TERMINATING_TYPES}
    )
    unchecked_matchers(context)
    medspacy_file = _medspacy_default_context_rules()
    medspacy_rules = ConTextRule.from_json(medspacy_file)
    checked(
        b"\0".join(
            (
                checks_identity(),
                b"medspacy",
                importlib.metadata.version("medspacy").encode(),
                Path(medspacy_file).read_bytes(),
            )
        ),
        functools.partial(_check_medspacy_rules, medspacy_rules),
    )
    defaults = [
        ConTextRule(
            rule.literal,
            rule.category,
            direction=_direction(rule),
            pattern=pattern,
            max_scope=_POSSIBLE_SCOPE
            if rule.category == "POSSIBLE_EXISTENCE" and rule.max_scope is None
            else rule.max_scope,
            max_targets=rule.max_targets,
            terminated_by=rule.terminated_by,
            allowed_types=rule.allowed_types,
            excluded_types=rule.excluded_types,
            metadata=rule.metadata,
        )
        for rule in medspacy_rules
        for pattern in expand_first_token(rule.pattern)
    ]
    ours = [
        ConTextRule(
            rule.literal,
            rule.category,
            direction=rule.direction,
            pattern=pattern,
            max_scope=rule.max_scope,
            metadata={"source": rule.source, "response": rule.response},
        )
        for rule in context_rules()
        for pattern in expand_first_token(rule.pattern)
    ]
    context.add(defaults + ours)
    return nlp
