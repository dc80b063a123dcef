"""Rendered letters read back to the same letter: text for every shared letter, PDF and HTML too."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import html5lib
import pytest
from conftest import SEED_LETTER
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from letter_strategies import odg_citation as _odg
from letter_strategies import phrase as _phrase
from letter_strategies import words as _words

from openimr import letters
from openimr.domain import (
    Citation,
    CitationSource,
    Decision,
    GuidelineLine,
    Letter,
    LetterItem,
    Priority,
    ReviewerCredentials,
)
from openimr.drafting import render
from openimr.drafting.format import guideline_line
from openimr.letters.citations import parse_guideline_line
from openimr.letters.source import pdf_text

SECTIONS = [
    "HOW THE IMR FINAL DETERMINATION WAS MADE",
    "CLINICAL CASE SUMMARY",
    "IMR ISSUES, DECISIONS AND RATIONALES",
]


def _letter_files(shared: Path) -> list[Path]:
    return sorted((shared / "data" / "letters" / "pdf").glob("*.pdf")) + [SEED_LETTER]


def test_every_shared_letter_rendered_as_text_reads_back_the_same(shared_dir: Path) -> None:
    for path in _letter_files(shared_dir):
        letter = letters.read(path)
        assert letters.read(render.to_text(letter)) == letter, path.name


@pytest.mark.parametrize("name", ["CM16-0246487", "CM17-0007300", "CM16-0248698"])
def test_a_letter_rendered_as_pdf_has_its_sections_in_order_and_reads_back_the_same(
    shared_dir: Path, name: str
) -> None:
    letter = letters.read(shared_dir / "data" / "letters" / "pdf" / f"{name}.pdf")
    pdf = render.to_pdf(letter)
    text = pdf_text(pdf)
    positions = [text.find(section) for section in SECTIONS]
    assert -1 not in positions and positions == sorted(positions)
    assert "DRAFT" in text[: positions[0]]
    assert letters.read(pdf) == letter


def test_the_html_letter_is_valid_html5_with_a_draft_banner(shared_dir: Path) -> None:
    letter = letters.read(shared_dir / "data" / "letters" / "pdf" / "CM16-0246487.pdf")
    page = render.to_html(letter)
    html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(page)
    assert 'class="draft"' in page
    assert render.to_html(letter, draft=False).count('class="draft"') == 0


def test_the_review_organization_comes_from_configuration(shared_dir: Path) -> None:
    letter = letters.read(SEED_LETTER)
    organization = render.ReviewOrganization(name="Golden State Review", short_name="GSR")
    text = render.to_text(letter, organization=organization, draft=False)
    assert "Golden State Review sent the complete case file" in text
    assert "GSR guideline: " in text and "DRAFT" not in text
    assert letters.read(text) == letter


# Generated letters: citations in the canonical forms the reader produces.
_pages = st.lists(st.integers(min_value=1, max_value=400).map(str), max_size=3)
_mtus = st.builds(
    lambda doc, sections, pages: Citation(
        source=CitationSource.MTUS, document=doc[0], chapter=doc[1], sections=sections, pages=pages
    ),
    st.sampled_from(
        [
            ("MTUS ACOEM Low Back Complaints 2004", "12"),
            ("MTUS ACOEM Shoulder Complaints 2004", "9"),
            ("MTUS ACOEM Neck and Upper Back Complaints 2004", "8"),
            ("MTUS ACOEM Knee Complaints 2004", "13"),
            ("MTUS Chronic Pain Medical Treatment Guidelines 2016", None),
            ("MTUS Acupuncture Medical Treatment Guidelines 2007", None),
            ("MTUS Postsurgical Treatment Guidelines 2009", None),
        ]
    ),
    st.lists(_phrase, max_size=3),
    _pages,
)
_citations = st.one_of(
    st.just([Citation(source=CitationSource.NONE_CITED)]),
    st.lists(_mtus, min_size=1, max_size=3).flatmap(
        lambda m: st.lists(_odg, max_size=1).map(lambda o: m + o)
    ),
    st.lists(_odg, min_size=1, max_size=1),
)
_sentence = st.lists(_words, min_size=3, max_size=12).map(lambda w: " ".join(w).capitalize() + ".")
_request = (
    st.lists(
        st.one_of(_words, st.sampled_from(["#60", "10mg", "2x4", "L4-5", "(8 sessions)", "x 3"])),
        min_size=1,
        max_size=8,
    )
    .map(" ".join)
    .map(str.capitalize)
)


@st.composite
def _items(draw: st.DrawFn) -> LetterItem:
    claims, review = draw(_citations), draw(_citations)
    partial = draw(st.booleans())
    request = draw(_request)
    decision = draw(st.sampled_from(list(Decision)))
    # A whole rationale ends with its conclusion (a letter whose last one does not was cut off).
    conclusion = (
        f"Therefore, the request for {request} is "
        f"{'medically necessary' if decision is Decision.OVERTURNED else 'not medically necessary'}."
    )
    return LetterItem(
        request=request,
        original_request=draw(_request) if partial else None,
        authorized=draw(_request) if partial else None,
        remaining=request if partial else None,
        decision=decision,
        claims_administrator_guideline=GuidelineLine(
            raw=guideline_line(claims, "Claims Administrator"), citations=claims
        ),
        review_guideline=GuidelineLine(
            raw=guideline_line(review, "Expert Reviewer"), citations=review
        ),
        rationale=" ".join([*draw(st.lists(_sentence, max_size=6)), conclusion]),
    )


_dates = st.one_of(st.none(), st.dates(dt.date(2000, 1, 1), dt.date(2030, 12, 31)))
_letters = st.builds(
    Letter,
    case_number=st.one_of(st.none(), st.integers(0, 9_999_999).map(lambda n: f"CM17-{n:07d}")),
    date_assigned=_dates,
    date_of_injury=_dates,
    decision_date=_dates,
    ur_denial_date=_dates,
    received=_dates,
    priority=st.one_of(st.none(), st.sampled_from(list(Priority))),
    reviewer=st.builds(
        ReviewerCredentials,
        licensure=st.lists(_phrase, min_size=1, max_size=3),
        specialties=st.lists(_phrase, min_size=1, max_size=3),
    ),
    summary=st.lists(_sentence, min_size=1, max_size=8).map(" ".join),
    items=st.lists(_items(), min_size=1, max_size=5),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_letters)
def test_any_letter_rendered_as_text_reads_back_the_same(letter: Letter) -> None:
    assert letters.read(render.to_text(letter)) == letter


@settings(max_examples=200, deadline=None)
@given(_citations)
def test_a_guideline_line_written_from_citations_parses_back_to_them(
    citations: list[Citation],
) -> None:
    assert parse_guideline_line(guideline_line(citations, "Expert Reviewer")).citations == citations


def _page_marks(pdf: bytes) -> list[int]:
    """How many drawn (not text) objects each page of a PDF holds, forms opened."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    document = pdfium.PdfDocument(pdf)
    return [
        len(list(page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH], max_depth=5)))
        for page in document
    ]


def test_a_draft_pdf_is_marked_on_every_page_and_a_signed_one_on_none(shared_dir: Path) -> None:
    letter = letters.read(shared_dir / "data" / "letters" / "pdf" / "CM16-0219557.pdf")
    draft = render.to_pdf(letter)
    signed = render.to_pdf(letter, stage=render.Stage.SIGNED)
    marks = _page_marks(draft)
    assert len(marks) > 1, "the letter should run over more than one page for this test"
    assert all(count >= 5 for count in marks)  # the five strokes of D, R, A, F, T
    assert _page_marks(signed) == [0] * len(_page_marks(signed))
    # The mark is drawn, not written: the draft reads back as the same letter.
    assert letters.read(draft) == letter


def test_missing_header_values_read_not_stated_each_on_its_own_line(shared_dir: Path) -> None:
    letter = letters.read(SEED_LETTER).model_copy(
        update={
            "date_assigned": None,
            "date_of_injury": dt.date(2000, 3, 30),
            "decision_date": None,
            "priority": None,
            "reviewer": ReviewerCredentials(),
        }
    )
    for page in (render.to_text(letter), _html_text(render.to_html(letter))):
        lines = page.splitlines()
        assert "Date Assigned: Not stated" in lines
        assert "Date of Injury: 03/30/2000" in lines
        assert "Decision Date: Not stated" in lines
        assert "Priority: Not stated" in lines
        assert "State(s) of Licensure: Not stated" in lines
        assert "Certification(s)/Specialty: Not stated" in lines
        assert not any(line.rstrip().endswith(":") for line in lines if "Date" in line)
    assert letters.read(render.to_text(letter)) == letter


def _html_text(page: str) -> str:
    tree = html5lib.parse(page, namespaceHTMLElements=False)
    return "\n".join("".join(p.itertext()) for p in tree.iter("p"))


def test_only_an_issued_letter_carries_the_notice_of_appeal_rights(shared_dir: Path) -> None:
    letter = letters.read(shared_dir / "data" / "letters" / "pdf" / "CM16-0246487.pdf")
    issued = render.to_text(letter, stage=render.Stage.ISSUED)
    flat = " ".join(issued.split())
    assert "Workers' Compensation Appeals Board within 30 days" in flat
    assert "mailing" in flat and "Labor Code section 4610.6(h)" in flat
    assert "DRAFT" not in issued
    for stage in (render.Stage.DRAFT, render.Stage.SIGNED):
        assert "Appeals Board" not in render.to_text(letter, stage=stage)
    assert "Appeals Board" in render.to_html(letter, stage=render.Stage.ISSUED)
    # The notice never becomes part of a rationale: the issued letter reads back the same.
    assert letters.read(issued) == letter
    assert letters.read(render.to_pdf(letter, stage=render.Stage.ISSUED)) == letter
