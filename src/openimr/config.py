"""Settings of a deployment: who issues the letters and the credentials shown for the reviewer.

Read from a YAML file (``--config`` or ``$OPENIMR_CONFIG``)::

    review_organization:
      name: MAXIMUS Federal Services
      short_name: MAXIMUS
    reviewer:
      licensure: [California]
      specialties: [Physical Medicine & Rehabilitation, Pain Management]

The reviewer's name is never part of the configuration or of a letter.
"""

from __future__ import annotations

import os
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from openimr.errors import OpenIMRError

__all__ = ["Settings", "load_settings"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ReviewOrganizationSettings(_Model):
    name: str = "Independent Review Organization"
    short_name: str = Field("IRO", pattern=r"^[A-Z][A-Za-z&.\- ]{0,60}$")


class ReviewerSettings(_Model):
    licensure: list[str] = []
    specialties: list[str] = []


class Settings(_Model):
    review_organization: ReviewOrganizationSettings = ReviewOrganizationSettings()
    reviewer: ReviewerSettings = ReviewerSettings()


def load_settings(path: str | os.PathLike[str] | None = None) -> Settings:
    """Settings from ``path``, else ``$OPENIMR_CONFIG``, else the defaults.

    Raises:
        OpenIMRError: the file is missing or invalid (one line per problem).
    """
    path = path or os.environ.get("OPENIMR_CONFIG")
    if not path:
        return Settings()
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except FileNotFoundError:
        raise OpenIMRError(f"{path}: no such configuration file") from None
    except yaml.YAMLError:
        raise OpenIMRError(f"{path}: not valid YAML") from None
    try:
        return Settings.model_validate(data)
    except ValidationError as error:
        problems = [
            f"{path.name}: {'.'.join(map(str, e['loc']))}: {e['msg']}" for e in error.errors()
        ]
        raise OpenIMRError("; ".join(problems)) from None
