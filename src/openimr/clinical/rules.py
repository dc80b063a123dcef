"""The clinical rule data: loading and validating the YAML files under ``clinical/data/``.

Every file is read once per process with ``importlib.resources`` and ``yaml.safe_load`` (through
the user's cache of parsed data files, :mod:`openimr.datacache`) and validated by the pydantic
models below (``extra="forbid"``); an error names the file and the
rule, for example ``targets/treatments.yaml: rules[3].category: 'treatmnt_tried' is not a fact
kind``.

Target rules (``data/targets/*.yaml``) find the phrases facts are built from: each has a readable
``literal``, a ``category`` (the fact kind, or an internal category such as
``surgical_procedure``), an optional spaCy token ``pattern`` (without one the literal is matched,
case-insensitively), an optional normalised ``value``, ``attributes`` copied onto the fact, an
optional fixed ``assertion`` (for phrases that carry their own, like "sensation intact") and a
``source`` note; a file-level ``source`` covers rules without one.
"""

from __future__ import annotations

import functools
import importlib.metadata
import re
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from openimr.datacache import checked, load_yaml
from openimr.domain import Assertion
from openimr.errors import ClinicalRuleError

__all__ = [
    "ClinicalRuleError",
    "TargetRuleData",
    "ContextRuleData",
    "DIAGNOSES",
    "FACT_KINDS",
    "INTERNAL_CATEGORIES",
    "target_rules",
    "context_rules",
    "sentence_abbreviations",
    "opioid_conversion",
    "body_parts",
    "check_token_pattern",
]

#: The fact kinds ``extract`` returns.
# Fact kinds that are diagnoses (a condition the worker has, as opposed to a finding or a treatment).
DIAGNOSES: tuple[str, ...] = (
    "radiculopathy",
    "myofascial_pain",
    "stenosis",
    "fracture",
    "instability",
    "neuropathy",
    "carpal_tunnel_syndrome",
    "cubital_tunnel_syndrome",
    "crps",
    "spondylosis",
    "osteoarthritis",
    "post_laminectomy_syndrome",
    "headache",
    "depression",
    "anxiety",
    "insomnia",
)

FACT_KINDS: frozenset[str] = frozenset(
    {
        "age",
        "sex",
        "body_mass_index",  # kg/m2, as the record states it
        "date_of_injury",
        "time_since_injury_weeks",
        "mechanism_of_injury",
        "radicular_symptoms",
        "trigger_points",
        "tear",
        "red_flag",
        "neurologic_deficit",
        "positive_exam_sign",
        "symptom_duration_weeks",
        "treatment_tried",
        "functional_improvement",
        "pain_relief_percent",
        "pain_score",
        "work_status",
        "current_medication",
        "morphine_equivalent_daily_dose",
        "urine_drug_screen",
        "cures_check",
        "opioid_agreement",
        "opioid_side_effects",
        "aberrant_behavior",
        "gi_risk_factor",
        "imaging_result",
        "prior_imaging",
        "electrodiagnostic_result",
        "surgical_plan",
        "surgery_authorized",
        "surgery_done",
        "failed_conservative_care",
        "condition",  # a condition or documented item a criterion names (value: which)
        "exam_finding",  # a finding only an examination makes (value: which)
    }
    | set(DIAGNOSES)
)

#: Categories a target rule may have that are not fact kinds themselves.
INTERNAL_CATEGORIES: frozenset[str] = frozenset(
    {
        "_ignore",  # absorbs a phrase so that a shorter rule inside it does not match
        "sex_pronoun",  # he/she: the sex when no sex word is found
        "surgical_procedure",  # becomes surgical_plan or surgery_done
    }
)


class _Data(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class TargetRuleData(_Data):
    """One phrase to find (a medspaCy TargetRule, plus what the fact gets from it).

    Example: ``{literal: physical therapy, category: treatment_tried, value: physical_therapy}``.
    """

    literal: str = Field(min_length=1)
    category: str
    value: str | None = None
    pattern: list[dict[str, Any]] | str | None = None
    attributes: dict[str, str | float | bool] = Field(default_factory=dict)
    assertion: Assertion | None = None
    source: str | None = None


class _TargetFile(_Data):
    source: str
    rules: list[TargetRuleData]


ContextCategory = Literal[
    "NEGATED_EXISTENCE",
    "POSSIBLE_EXISTENCE",
    "HISTORICAL",
    "HYPOTHETICAL",
    "FAMILY",
    "POSITIVE_EXISTENCE",
    "TREATMENT_RESPONSE",
]
ContextDirection = Literal["FORWARD", "BACKWARD", "BIDIRECTIONAL", "TERMINATE", "PSEUDO"]
#: What a TREATMENT_RESPONSE modifier says of the treatment in its scope: it was given, and it
#: did not help ("failed physical therapy", "no relief with acupuncture") or could not be taken
#: ("could not tolerate gabapentin"). Copied onto the fact as its ``response`` attribute.
TreatmentResponse = Literal["no improvement", "not tolerated", "temporary"]


class ContextRuleData(_Data):
    """One ConText modifier.

    Example: ``{literal: rule out, category: POSSIBLE_EXISTENCE, direction: FORWARD}``.
    """

    literal: str = Field(min_length=1)
    category: ContextCategory
    direction: ContextDirection
    pattern: list[dict[str, Any]] | None = None
    max_scope: int | None = Field(default=None, ge=1)
    response: TreatmentResponse | None = None
    source: str | None = None

    @model_validator(mode="after")
    def _response_only_for_treatment_response(self) -> ContextRuleData:
        if (self.category == "TREATMENT_RESPONSE") != (self.response is not None):
            raise ValueError(
                "a TREATMENT_RESPONSE rule needs a response, and only such a rule may have one"
            )
        return self


class _ContextFile(_Data):
    source: str
    rules: list[ContextRuleData]


class _SentenceFile(_Data):
    source: str
    abbreviations: list[str]


class _OpioidFile(_Data):
    source: str
    factors: dict[str, float]
    methadone_bands: list[tuple[float | None, float]]
    notes: dict[str, str] = Field(default_factory=dict)


class _BodyPartFile(_Data):
    source: str
    body_parts: list[tuple[str, str]]


class _Yaml12BoolLoader(yaml.CSafeLoader):  # the C loader: 8x faster
    """``yaml.SafeLoader`` where only true/false are booleans (YAML 1.2), so that rule words
    such as ``no``, ``on`` and ``off`` stay words."""


_Yaml12BoolLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Yaml12BoolLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def _text(relative: str) -> str:
    path = resources.files("openimr.clinical").joinpath("data").joinpath(relative)
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError as error:
        raise ClinicalRuleError(f"{relative}: file not found in the openimr package") from error


def _read(relative: str, text: str | None = None) -> Any:
    """The data of a rule file (of ``text``, its text when read already)."""
    try:
        return load_yaml(_text(relative) if text is None else text, _Yaml12BoolLoader)
    except yaml.YAMLError as error:
        raise ClinicalRuleError(f"{relative}: not valid YAML: {error}") from error


def _validate(model: type[_Data], relative: str, data: Any) -> Any:
    try:
        return model.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        where = "".join(
            f"[{part}]" if isinstance(part, int) else f".{part}" for part in first["loc"]
        )
        raise ClinicalRuleError(f"{relative}: {where.lstrip('.')}: {first['msg']}") from error


def check_token_pattern(pattern: object, where: str) -> None:
    """spaCy's own check of a token pattern against its schema (an unknown attribute, a misspelt
    operator, ``IN`` with a word instead of a list), for a pattern as the rule file writes it.

    spaCy's Matcher would check each pattern added to it; the pipeline adds every pattern
    checked here and expanded (``pipeline.expand_first_token``, about three patterns from one)
    without that second check. A string pattern is a regular expression, not checked here.

    Raises:
        ClinicalRuleError: ``where`` and spaCy's first complaint, e.g.
            ``targets/x.yaml: rules[3].pattern: [pattern -> 0 -> LOWR] extra fields not permitted``.
    """
    if not isinstance(pattern, list):
        return
    from spacy.schemas import validate_token_pattern  # only a pipeline needs spaCy

    errors = validate_token_pattern(pattern)
    if errors:
        raise ClinicalRuleError(f"{where}.pattern: {errors[0]}")


@functools.cache
def target_rules() -> tuple[TargetRuleData, ...]:
    """All target rules, file by file in name order, each file's rules in their order.

    Raises:
        ClinicalRuleError: a file is invalid or a category is neither a fact kind nor internal.
    """
    folder = resources.files("openimr.clinical").joinpath("data").joinpath("targets")
    names = sorted(entry.name for entry in folder.iterdir() if entry.name.endswith(".yaml"))
    rules: list[TargetRuleData] = []
    for name in names:
        relative = f"targets/{name}"
        text = _text(relative)
        parsed: _TargetFile = _validate(_TargetFile, relative, _read(relative, text))
        # The same text, checked by the same code and spaCy, passes again: remembered.
        checked(
            checks_identity() + relative.encode() + b"\0" + text.encode("utf-8"),
            functools.partial(_check_target_rules, relative, parsed.rules),
        )
        rules.extend(
            rule if rule.source else rule.model_copy(update={"source": parsed.source})
            for rule in parsed.rules
        )
    return tuple(rules)


def _check_target_rules(relative: str, rules: list[TargetRuleData]) -> None:
    for index, rule in enumerate(rules):
        if rule.category not in FACT_KINDS | INTERNAL_CATEGORIES:
            raise ClinicalRuleError(
                f"{relative}: rules[{index}].category: {rule.category!r} is not a fact kind; "
                f"expected one of {', '.join(sorted(FACT_KINDS | INTERNAL_CATEGORIES))}"
            )
        check_token_pattern(rule.pattern, f"{relative}: rules[{index}]")


@functools.cache
def checks_identity() -> bytes:
    """What the checks of rules depend on besides the rules (this module's code and spaCy's
    version), for the key of a check remembered by ``datacache.checked``."""
    return b"\0".join(
        (
            b"openimr.clinical.rules",
            Path(__file__).read_bytes(),
            importlib.metadata.version("spacy").encode(),
        )
    )


@functools.cache
def context_rules() -> tuple[ContextRuleData, ...]:
    """The ConText modifier rules OpenIMR adds to medspaCy's defaults."""
    text = _text("context_rules.yaml")
    loaded = _validate(_ContextFile, "context_rules.yaml", _read("context_rules.yaml", text)).rules
    checked(
        checks_identity() + b"context_rules.yaml\0" + text.encode("utf-8"),
        functools.partial(_check_context_rules, loaded),
    )
    return tuple(loaded)


def _check_context_rules(rules: list[ContextRuleData]) -> None:
    for index, rule in enumerate(rules):
        check_token_pattern(rule.pattern, f"context_rules.yaml: rules[{index}]")


@functools.cache
def sentence_abbreviations() -> frozenset[str]:
    """Lower-case abbreviations after which a period does not end a sentence."""
    data = _validate(_SentenceFile, "sentence_splitting.yaml", _read("sentence_splitting.yaml"))
    return frozenset(word.lower() for word in data.abbreviations)


@functools.cache
def opioid_conversion() -> tuple[dict[str, float], tuple[tuple[float | None, float], ...]]:
    """The CDC 2016 MME factors by generic name, and the methadone dose bands."""
    data = _validate(_OpioidFile, "opioid_conversion.yaml", _read("opioid_conversion.yaml"))
    return dict(data.factors), tuple(data.methadone_bands)


@functools.cache
def body_parts() -> tuple[tuple[str, str], ...]:
    """(name, regular expression) pairs, in the order they are tried."""
    return tuple(_validate(_BodyPartFile, "body_parts.yaml", _read("body_parts.yaml")).body_parts)
