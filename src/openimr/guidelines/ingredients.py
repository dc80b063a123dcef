"""What the guidelines say of ingredients of topical and compounded analgesics (``topical_ingredients.yaml``)."""

from __future__ import annotations

import functools
from importlib import resources

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from openimr.datacache import load_yaml
from openimr.errors import GuidelineDataError

__all__ = ["IngredientGroup", "topical_ingredient_groups"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class IngredientGroup(_Model):
    """Ingredients the guideline judges together, and what it says of them."""

    group: str
    statement: str
    names: list[str] = Field(min_length=1)


class _File(_Model):
    citation: dict[str, object]
    groups: list[IngredientGroup]


@functools.cache
def topical_ingredient_groups() -> dict[str, IngredientGroup]:
    """The groups by name (gabapentin, muscle_relaxant, other_topical_nsaid, other_not_recommended)."""
    text = (resources.files("openimr.guidelines") / "topical_ingredients.yaml").read_text(
        encoding="utf-8"
    )
    try:
        data = _File.model_validate(load_yaml(text, yaml.SafeLoader))  # yaml.safe_load, cached
    except ValidationError as error:
        raise GuidelineDataError(
            [
                f"topical_ingredients.yaml: {'.'.join(map(str, e['loc']))}: {e['msg']}"
                for e in error.errors()
            ]
        ) from None
    return {group.group: group for group in data.groups}
