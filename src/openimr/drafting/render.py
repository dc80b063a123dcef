"""Rendering a Final Determination letter as text, HTML and PDF (Jinja2 templates, WeasyPrint).

The output has the structure of the published letters, so ``letters.read`` reads it back to the
same letter: header block, "HOW THE IMR FINAL DETERMINATION WAS MADE" with the reviewer's
credentials (never a name), "CLINICAL CASE SUMMARY", and "IMR ISSUES, DECISIONS AND RATIONALES"
with each item's heading, both guideline lines and the decision rationale. A draft carries a
banner saying so until a reviewer signs it.
"""

from __future__ import annotations

import datetime as dt
import functools
import textwrap
from dataclasses import dataclass

import jinja2

from openimr.domain import Letter, LetterItem, Priority

__all__ = ["ReviewOrganization", "to_html", "to_pdf", "to_text", "us_date"]


@dataclass(frozen=True)
class ReviewOrganization:
    """Who issues the letter: its full name for the prose and its short name for the guideline line."""

    name: str = "Independent Review Organization"
    short_name: str = "IRO"


_HOW = (
    "{name} sent the complete case file to an expert reviewer. He/she has no affiliation with the "
    "employer, employee, providers or the claims administrator. He/she has been in active clinical "
    "practice for more than five years and is currently working at least 24 hours a week in active "
    "practice. The expert reviewer was selected based on his/her clinical experience, education, "
    "background, and expertise in the same or similar specialties that evaluate and/or treat the "
    "medical condition and disputed items/Service. He/she is familiar with governing laws and "
    "regulations, including the strength of evidence hierarchy that applies to Independent Medical "
    "Review determinations."
)


def heading(item: LetterItem) -> str:
    """An item's heading: "<request>: Upheld", or the partial-authorization form."""
    if item.original_request:
        return (
            f"{item.original_request} was the original request. {item.authorized} was authorized by "
            f"the Claims Administrator. The remaining IMR eligible portion of the original request, "
            f"{item.request} is: {item.decision.value}"
        )
    return f"{item.request}: {item.decision.value}"


def us_date(value: dt.date | None) -> str:
    """A date as the letters write it (MM/DD/YYYY); empty when there is none."""
    return value.strftime("%m/%d/%Y") if value else ""


def _priority(value: Priority | None) -> str:
    return (
        {
            Priority.STANDARD: "Standard Application",
            Priority.EXPEDITED: "Expedited Application",
        }.get(value, "")
        if value
        else ""
    )


def _tie(text: str) -> str:
    """Keep a slash and the word after it on one line: a reader joins a line ending in "/" to the
    next without a space ("10/14/" + "2016"), so "Knee/ Transportation" must not break there."""
    return text.replace("/ ", "/\u00a0")


def _wrap(text: str) -> str:
    # No breaks at hyphens: a reader would have to guess whether "follow-" + "up" is one word.
    return textwrap.fill(_tie(text), width=96, break_on_hyphens=False, break_long_words=False)


@functools.cache
def _environment() -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("openimr.letters", "templates"),
        autoescape=jinja2.select_autoescape(["html.j2"]),
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    environment.filters.update(
        us_date=us_date, priority=_priority, wrap=_wrap, tie=_tie, heading=heading
    )
    return environment


def _render(template: str, letter: Letter, organization: ReviewOrganization, draft: bool) -> str:
    return (
        _environment()
        .get_template(template)
        .render(
            letter=letter,
            organization=organization,
            draft=draft,
            how=_HOW.format(name=organization.name),
        )
    )


def to_text(
    letter: Letter, *, organization: ReviewOrganization = ReviewOrganization(), draft: bool = True
) -> str:
    """The letter as plain text."""
    return _render("letter.txt.j2", letter, organization, draft)


def to_html(
    letter: Letter, *, organization: ReviewOrganization = ReviewOrganization(), draft: bool = True
) -> str:
    """The letter as a standalone HTML page (styles inline, ready to print)."""
    return _render("letter.html.j2", letter, organization, draft)


def to_pdf(
    letter: Letter, *, organization: ReviewOrganization = ReviewOrganization(), draft: bool = True
) -> bytes:
    """The letter as PDF, laid out from the HTML by WeasyPrint."""
    import weasyprint  # imported here: it is slow to load and only the PDF needs it

    return weasyprint.HTML(
        string=to_html(letter, organization=organization, draft=draft)
    ).write_pdf()
