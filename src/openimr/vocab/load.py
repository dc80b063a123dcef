"""Reading the vocabulary files of ``openimr/vocab/data/`` and checking them against each other.

A malformed file raises VocabularyError naming the file and the field::

    service_families.yaml: families[3].category: Input should be 'medication', ...
"""

from __future__ import annotations

import functools
from importlib import resources
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from openimr.datacache import load_yaml
from openimr.errors import VocabularyError
from openimr.vocab.schema import (
    BodyRegions,
    Category,
    Drugs,
    ServiceFamilies,
    Surgeries,
    Vocabulary,
)

__all__ = ["FILES", "load_vocabulary", "parse_vocabulary_file"]

FILES: dict[str, type[BaseModel]] = {
    "service_families.yaml": ServiceFamilies,
    "surgeries.yaml": Surgeries,
    "body_regions.yaml": BodyRegions,
    "drugs.yaml": Drugs,
}
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def parse_vocabulary_file(file: str, text: str) -> Any:
    """Validate one vocabulary file's text against its model.

    Args:
        file: the file name, which picks the model ("drugs.yaml").
        text: the YAML text.

    Returns:
        The validated model (ServiceFamilies, Surgeries, BodyRegions or Drugs).

    Raises:
        VocabularyError: the YAML is invalid or a field is wrong; the message names the file and
            the key path, e.g. ``drugs.yaml: brands[2].generic: Field required``.
    """
    return _parse(file, text, cached=False)


def _parse(file: str, text: str, *, cached: bool) -> Any:
    """``parse_vocabulary_file``; with ``cached``, the YAML through the user's cache."""
    model = FILES[file]
    try:
        data = load_yaml(text, _Loader) if cached else yaml.load(text, Loader=_Loader)
    except yaml.YAMLError as error:
        raise VocabularyError(file, f"not valid YAML: {error}") from error
    if data is None:
        raise VocabularyError(file, "the file is empty")
    try:
        return model.model_validate(data)
    except ValidationError as error:
        raise VocabularyError(file, _describe(error)) from error


def _describe(error: ValidationError) -> str:
    first = error.errors()[0]
    path = "".join(
        f"[{part}]" if isinstance(part, int) else f".{part}" for part in first["loc"]
    ).lstrip(".")
    message = first["msg"].removeprefix("Value error, ")
    return f"{path}: {message}" if path else message


@functools.cache
def load_vocabulary() -> Vocabulary:
    """Load the shipped vocabularies once per process and check their cross-references.

    Raises:
        VocabularyError: a file is malformed, or a family, class or region it names is unknown.
    """
    data = resources.files("openimr.vocab") / "data"
    parsed = {
        file: _parse(file, (data / file).read_text(encoding="utf-8"), cached=True) for file in FILES
    }
    vocabulary = Vocabulary(
        services=parsed["service_families.yaml"],
        surgery=parsed["surgeries.yaml"],
        anatomy=parsed["body_regions.yaml"],
        drugs=parsed["drugs.yaml"],
    )
    check_links(vocabulary)
    return vocabulary


def check_links(vocabulary: Vocabulary) -> None:
    """Check that every family, region and class one file names is defined in another.

    Raises:
        VocabularyError: naming the file and the field of the first unknown name.
    """
    family_ids = {family.id for family in vocabulary.services.families}
    if "unknown" not in family_ids:
        raise VocabularyError("service_families.yaml", "families: no 'unknown' family")
    for index, drug_class in enumerate(vocabulary.drugs.classes):
        for key, value in (
            ("family", drug_class.family),
            ("topical_family", drug_class.topical_family),
        ):
            if value is not None and value not in family_ids:
                raise VocabularyError(
                    "drugs.yaml", f"classes[{index}].{key}: unknown family {value!r}"
                )
    for index, drug in enumerate(vocabulary.drugs.drugs):
        for form, family in drug.family_by_form.items():
            if family not in family_ids:
                raise VocabularyError(
                    "drugs.yaml",
                    f"drugs[{index}].family_by_form.{form}: unknown family {family!r}",
                )
    medication = {f.id for f in vocabulary.services.families if f.category is Category.MEDICATION}
    for index, drug_class in enumerate(vocabulary.drugs.classes):
        if drug_class.family not in medication:
            raise VocabularyError(
                "drugs.yaml",
                f"classes[{index}].family: {drug_class.family!r} is not a medication family",
            )
    regions = {region.region for region in vocabulary.anatomy.regions}
    for index, kind in enumerate(vocabulary.surgery.kinds):
        for key in ("body_part", "region"):
            value = getattr(kind, key)
            if value is not None and value not in regions:
                raise VocabularyError(
                    "surgeries.yaml", f"kinds[{index}].{key}: unknown region {value!r}"
                )
