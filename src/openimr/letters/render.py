"""Moved to :mod:`openimr.drafting.render`; kept only until every caller imports it from there."""

from openimr.drafting.render import ReviewOrganization, to_html, to_pdf, to_text

__all__ = ["ReviewOrganization", "to_html", "to_pdf", "to_text"]
