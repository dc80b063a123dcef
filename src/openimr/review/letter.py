"""Moved to :mod:`openimr.drafting.letter`; kept only until every caller imports it from there."""

from openimr.drafting.letter import draft_letter

__all__ = ["draft_letter"]
