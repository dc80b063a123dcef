"""The edition of a guideline document in force on a date (``editions.yaml``)."""

from __future__ import annotations

import datetime as dt
import functools
from importlib import resources

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from openimr.datacache import load_yaml
from openimr.errors import GuidelineDataError

__all__ = ["edition_on", "held_through", "pages_on"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _Edition(_Model):
    edition: str
    effective_from: dt.date
    source_note: str


class _Document(_Model):
    document: str
    editions: list[_Edition] = Field(min_length=1)


class _Editions(_Model):
    held_through: dt.date
    held_through_note: str
    documents: list[_Document]


@functools.cache
def _data() -> _Editions:
    text = (resources.files("openimr.guidelines") / "editions.yaml").read_text(encoding="utf-8")
    try:
        return _Editions.model_validate(load_yaml(text, yaml.SafeLoader))  # yaml.safe_load, cached
    except ValidationError as error:
        raise GuidelineDataError(
            [f"editions.yaml: {'.'.join(map(str, e['loc']))}: {e['msg']}" for e in error.errors()]
        ) from None


@functools.cache
def _editions() -> dict[str, list[_Edition]]:
    return {
        d.document: sorted(d.editions, key=lambda e: e.effective_from) for d in _data().documents
    }


def pages_on(document: str, edition: str | None, pages: list[str], on: dt.date | None) -> list[str]:
    """The pages to cite on ``on``: a citation's pages belong to its own edition, so they are
    kept only when that edition is the one in force (or the document has no editions)."""
    if edition is None or not pages:
        return list(pages)
    return list(pages) if edition_on(document, on, edition) == edition else []


def held_through() -> dt.date:
    """The last day of the newest MTUS editions the knowledge base holds criteria for.

    A dispute dated after it falls under editions the knowledge base does not hold (the MTUS
    moved to newer ACOEM guidelines from December 2017 and added a drug formulary in 2018).
    """
    return _data().held_through


def edition_on(document: str, on: dt.date | None, default: str | None) -> str | None:
    """The edition of ``document`` in force on ``on``; ``default`` for documents not listed or no date."""
    editions = _editions().get(document)
    if not editions or on is None:
        return default
    current = [e.edition for e in editions if e.effective_from <= on]
    return current[-1] if current else default
