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

    def missing(self) -> list[str]:
        """The settings a letter needs that this deployment has not given, as their file keys.

        A draft may be written without them (with a warning); a letter is never issued without
        them: the reviewer's licensure and specialties, and the review organization's name.
        """
        missing = []
        organization = self.review_organization
        if "name" not in organization.model_fields_set or not organization.name.strip():
            missing.append("review_organization.name")
        if not self.reviewer.licensure:
            missing.append("reviewer.licensure")
        if not self.reviewer.specialties:
            missing.append("reviewer.specialties")
        return missing


# Pydantic's wording for the commonest problems, in the words of the settings file.
_PLAIN = {
    "extra_forbidden": "not a setting (the settings are review_organization and reviewer)",
    "string_pattern_mismatch": "a short name starts with a capital letter (e.g. MAXIMUS)",
}


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
        raw = path.read_bytes()
    except FileNotFoundError:
        raise OpenIMRError(f"{path}: no such settings file") from None
    except IsADirectoryError:
        raise OpenIMRError(f"{path}: is a folder, not a settings file") from None
    except OSError as error:
        raise OpenIMRError(f"{path}: cannot be read ({error.strerror})") from None
    if raw.lstrip()[:5] == b"%PDF-" or b"\x00" in raw:
        raise OpenIMRError(f"{path}: not a settings file (binary content; a YAML file is expected)")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise OpenIMRError(f"{path}: not a settings file (not UTF-8 text)") from None
    try:
        data = yaml.safe_load(text)
    except ValueError:  # PyYAML's own, for a date that does not exist (2016-13-45)
        raise OpenIMRError(f"{path}: not valid YAML (a date that does not exist)") from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}: " if mark else ""
        raise OpenIMRError(f"{path}: {where}not valid YAML") from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise OpenIMRError(
            f"{path}: the settings must be keys and values (review_organization, reviewer)"
        )
    try:
        return Settings.model_validate(data)
    except ValidationError as error:
        problems = [
            f"{path.name}: {'.'.join(map(str, e['loc']))}: {_PLAIN.get(e['type'], e['msg'])}"
            for e in error.errors()
        ]
        raise OpenIMRError("; ".join(problems)) from None
