"""Rendering a Final Determination letter as text, HTML and PDF (Jinja2 templates, WeasyPrint).

The output has the structure of the published letters, so ``letters.read`` reads it back to the
same letter: header block, "HOW THE IMR FINAL DETERMINATION WAS MADE" with the reviewer's
credentials (never a name), "CLINICAL CASE SUMMARY", and "IMR ISSUES, DECISIONS AND RATIONALES"
with each item's heading, both guideline lines and the decision rationale. A header value the
case does not give reads "Not stated". A draft carries the DRAFT mark (a banner in text; a banner
and a mark on every page in HTML and PDF) until a reviewer signs it; an issued letter carries the
notice of appeal rights (Labor Code 4610.6(h)), set before the first section so that it is never
read as part of the last item's rationale.
"""

from __future__ import annotations

import datetime as dt
import functools
import subprocess
import sys
import textwrap
import weakref
from dataclasses import dataclass
from enum import Enum

import jinja2

from openimr.config import Settings
from openimr.domain import Letter, LetterItem, Priority
from openimr.drafting.format import NOT_STATED, or_not_stated, us_date

__all__ = [
    "APPEAL_NOTICE",
    "PdfProcess",
    "ReviewOrganization",
    "Stage",
    "to_html",
    "to_pdf",
    "to_text",
]


@dataclass(frozen=True)
class ReviewOrganization:
    """Who issues the letter: its full name for the prose and its short name for the guideline line."""

    name: str = "Independent Review Organization"
    short_name: str = "IRO"

    @classmethod
    def of(cls, settings: Settings) -> ReviewOrganization:
        """The review organization a deployment's settings name."""
        return cls(
            name=settings.review_organization.name,
            short_name=settings.review_organization.short_name,
        )


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


def _priority(value: Priority | None) -> str:
    if value is None:
        return NOT_STATED
    return {
        Priority.STANDARD: "Standard Application",
        Priority.EXPEDITED: "Expedited Application",
    }[value]


def _date(value: dt.date | None) -> str:
    return us_date(value) or NOT_STATED


def _listed(values: list[str]) -> str:
    return ", ".join(v for v in values if v.strip()) or NOT_STATED


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
        loader=jinja2.PackageLoader("openimr.drafting", "templates"),
        autoescape=jinja2.select_autoescape(["html.j2"]),
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    environment.filters.update(
        us_date=_date,
        priority=_priority,
        listed=_listed,
        or_not_stated=or_not_stated,
        wrap=_wrap,
        tie=_tie,
        heading=heading,
    )
    return environment


class Stage(str, Enum):
    """Where a letter stands: a draft (marked DRAFT on every page), signed, or issued (with the
    notice of appeal rights)."""

    DRAFT = "draft"
    SIGNED = "signed"
    ISSUED = "issued"


APPEAL_NOTICE = (
    "NOTICE OF APPEAL RIGHTS: This Final Determination is binding on the employee and the "
    "employer unless appealed. The determination may be appealed by filing a verified appeal "
    "with the Workers' Compensation Appeals Board within 30 days of the date of mailing of this "
    "determination, on the grounds set out in Labor Code section 4610.6(h)."
)

# The DRAFT mark drawn as strokes (no text), laid on every page: a reader of the PDF's text never
# meets it in the middle of a rationale, and no page can be printed without it.
_DRAFT_MARK = (
    'url("data:image/svg+xml;utf8,'
    "<svg xmlns='http://www.w3.org/2000/svg' width='600' height='600' viewBox='0 0 600 600'>"
    "<g transform='rotate(-40 300 300) translate(80 250)' fill='none' stroke='%23c00000' "
    "stroke-opacity='0.22' stroke-width='14' stroke-linejoin='round' stroke-linecap='round'>"
    "<path d='M0 100V0h40q50 0 50 50t-50 50z'/>"
    "<path d='M110 100V0h45q35 0 35 25t-35 25h-45m40 0l40 50'/>"
    "<path d='M210 100l35-100l35 100m-48-35h26'/>"
    "<path d='M300 100V0h60m-60 50h45'/>"
    "<path d='M375 0h70m-35 0v100'/>"
    '</g></svg>")'
)


def _stage(draft: bool | None, stage: Stage | None) -> Stage:
    if stage is not None:
        return stage
    return Stage.DRAFT if draft in (None, True) else Stage.SIGNED


def _render(template: str, letter: Letter, organization: ReviewOrganization, stage: Stage) -> str:
    return (
        _environment()
        .get_template(template)
        .render(
            letter=letter,
            organization=organization,
            draft=stage is Stage.DRAFT,
            issued=stage is Stage.ISSUED,
            appeal_notice=APPEAL_NOTICE,
            draft_mark=_DRAFT_MARK,
            how=_HOW.format(name=organization.name),
        )
    )


def to_text(
    letter: Letter,
    *,
    organization: ReviewOrganization = ReviewOrganization(),
    draft: bool | None = None,
    stage: Stage | None = None,
) -> str:
    """The letter as plain text: a draft opens with a DRAFT banner; an issued letter carries the
    notice of appeal rights. ``draft=False`` is the same as ``stage=Stage.SIGNED``."""
    return _render("letter.txt.j2", letter, organization, _stage(draft, stage))


def to_html(
    letter: Letter,
    *,
    organization: ReviewOrganization = ReviewOrganization(),
    draft: bool | None = None,
    stage: Stage | None = None,
) -> str:
    """The letter as a standalone HTML page (styles inline, ready to print); a draft has the
    DRAFT mark on every printed page and a banner on the first."""
    return _render("letter.html.j2", letter, organization, _stage(draft, stage))


def to_pdf(
    letter: Letter,
    *,
    organization: ReviewOrganization = ReviewOrganization(),
    draft: bool | None = None,
    stage: Stage | None = None,
) -> bytes:
    """The letter as PDF, laid out from the HTML by WeasyPrint."""
    return _pdf_of(to_html(letter, organization=organization, draft=draft, stage=stage))


def _pdf_of(page: str) -> bytes:
    import weasyprint  # imported here: it is slow to load and only the PDF needs it

    return weasyprint.HTML(string=page).write_pdf()


# What the process of a PdfProcess runs: WeasyPrint and nothing of OpenIMR. It reads one HTML
# page on its standard input and writes the page's PDF on its standard output, made by the same
# call as ``_pdf_of``; an empty input (the command ended before it needed the PDF) writes nothing.
_PDF_PROCESS = (
    "import sys\n"
    "import weasyprint\n"
    "page = sys.stdin.buffer.read()\n"
    "if page:\n"
    "    sys.stdout.buffer.write(weasyprint.HTML(string=page.decode('utf-8')).write_pdf())\n"
)
# A PDF that takes longer than this in the other process is rendered here instead.
_PDF_PROCESS_TIMEOUT_S = 120.0


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.kill()
        process.wait()
    for stream in (process.stdin, process.stdout, process.stderr):
        if stream is not None:
            stream.close()


class PdfProcess:
    """WeasyPrint loading in a process of its own, for one PDF asked of it later.

    Importing WeasyPrint takes about half a second of a core. A command that renders one PDF at
    its end (``openimr review``) starts a ``PdfProcess`` first, so that the import runs on another
    core while the command decides; ``to_pdf`` then sends the letter's HTML page to that process
    and returns its PDF, the same bytes as :func:`to_pdf`. If the process cannot be started,
    fails or gives no PDF, the PDF is rendered in this process instead. A process that already
    has WeasyPrint loaded renders here from the start. The process ends after its PDF, on
    :meth:`close`, or when this object is collected or the interpreter exits.
    """

    def __init__(self) -> None:
        self._process: subprocess.Popen[bytes] | None = None
        if "weasyprint" not in sys.modules:
            try:
                self._process = subprocess.Popen(
                    # -P: the current folder is not searched for modules
                    [sys.executable, "-P", "-c", _PDF_PROCESS],
                    stdin=subprocess.PIPE,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE,
                )
            except (OSError, ValueError):
                pass
            else:
                weakref.finalize(self, _stop, self._process)
        #: Whether a process of its own was started (else the PDF is rendered in this one).
        self.separate = self._process is not None

    def to_pdf(
        self,
        letter: Letter,
        *,
        organization: ReviewOrganization = ReviewOrganization(),
        draft: bool | None = None,
        stage: Stage | None = None,
    ) -> bytes:
        """The letter as PDF (as :func:`to_pdf`), from the other process when it can give it."""
        page = to_html(letter, organization=organization, draft=draft, stage=stage)
        process, self._process = self._process, None
        if process is not None:
            try:
                pdf, _ = process.communicate(page.encode("utf-8"), timeout=_PDF_PROCESS_TIMEOUT_S)
            except (OSError, subprocess.TimeoutExpired):
                pdf = b""
            _stop(process)
            if process.returncode == 0 and pdf.startswith(b"%PDF-"):
                return pdf
        return _pdf_of(page)

    def close(self) -> None:
        """End the process if it has not given its PDF (for a command that stops early)."""
        process, self._process = self._process, None
        if process is not None:
            _stop(process)
