"""Parsing a letter's guideline line into structured citations.

The lines take these shapes (2016-2017 letters, then the 2014 seed letter)::

    Decision based on MTUS Low Back Complaints 2004, Section(s): Special Studies.
    Decision based on MTUS Chronic Pain Medical Treatment 2016, Section(s): Facet blocks, and ...
    The Expert Reviewer based their decision on recommendation(s) outside of the MTUS Guidelines.
        Decision based on Non-MTUS Citation Official Disability Guidelines (ODG) Shoulder, ...
    The Claims Administrator did not cite any medical evidence for its decision.
    Decision based on MTUS ACOEM Chapter 8 Neck and Upper Back Complaints Page(s): 300, 307.
    Decision based on MTUS Chronic Pain Treatment Guidelines Trigger Point Injections Page(s): 122.

Document names are made canonical ("MTUS ACOEM Low Back Complaints 2004", "MTUS Chronic Pain
Medical Treatment Guidelines 2016", "Official Disability Guidelines (ODG)") so that lines from
different letters and eras compare; the raw line is always kept beside them.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from openimr.domain import Citation, CitationSource, GuidelineLine

__all__ = ["mtus_chapter", "odg_chapter", "parse_guideline_line", "split_sections"]

# MTUS documents: (pattern of the title as letters write it, canonical title, ACOEM chapter,
# year when the letter gives none; None where the year is ambiguous).
_MTUS_DOCUMENTS: list[tuple[str, str, str | None, str | None]] = [
    (r"General Approach(?:es)?", "MTUS ACOEM General Approaches", None, "2004"),
    (r"Neck and Upper Back Complaints", "MTUS ACOEM Neck and Upper Back Complaints", "8", "2004"),
    (r"Shoulder Complaints", "MTUS ACOEM Shoulder Complaints", "9", "2004"),
    (r"Elbow (?:Complaints|Disorders)", "MTUS ACOEM Elbow Disorders", "10", None),
    (
        r"Forearm,? Wrist,? (?:and|&) Hand Complaints",
        "MTUS ACOEM Forearm, Wrist, and Hand Complaints",
        "11",
        "2004",
    ),
    (r"Low Back Complaints", "MTUS ACOEM Low Back Complaints", "12", "2004"),
    (r"Knee Complaints", "MTUS ACOEM Knee Complaints", "13", "2004"),
    (r"Ankle and Foot Complaints", "MTUS ACOEM Ankle and Foot Complaints", "14", "2004"),
    (r"Stress[- ]Related Conditions", "MTUS ACOEM Stress-Related Conditions", "15", "2004"),
    (r"Eye(?: Complaints)?", "MTUS ACOEM Eye", "16", "2004"),
    (
        r"Chronic Pain (?:Medical )?Treatment(?: Guidelines)?",
        "MTUS Chronic Pain Medical Treatment Guidelines",
        None,
        None,
    ),
    (
        r"Acupuncture (?:Medical )?Treatment(?: Guidelines)?",
        "MTUS Acupuncture Medical Treatment Guidelines",
        None,
        None,
    ),
    (r"Opioids? Treatment(?: Guidelines)?", "MTUS Opioids Treatment Guidelines", None, "2016"),
    (
        r"Post-?surgical Treatment(?: Guidelines)?",
        "MTUS Postsurgical Treatment Guidelines",
        None,
        "2009",
    ),
]
_MTUS_ANY = "|".join(f"(?:{pattern})" for pattern, *_ in _MTUS_DOCUMENTS)
# The same patterns as one alternation, tried in the same order in one call: branch d<i> is
# document i, and c<i> its chapter number.
_MTUS_ANY_DOCUMENT = re.compile(
    "|".join(
        rf"(?P<d{i}>(?:ACOEM\s+)?(?:Chapter\s+(?P<c{i}>\d+)\s+)?(?:{p}))"
        for i, (p, *_) in enumerate(_MTUS_DOCUMENTS)
    ),
    re.I,
)

# ODG chapters as letters write them, and the chapter's canonical name.
_ODG_CHAPTERS: list[tuple[str, str]] = [
    (
        r"Low Back(?:\s*[-,]?\s*(?:Lumbar (?:&|and) Thoracic|\(Thoracic and Lumbar[^)]*\)|Lumbar))?",
        "Low Back",
    ),
    (r"Lumbar", "Low Back"),
    (r"Neck (?:&|and) Upper Back", "Neck and Upper Back"),
    (r"Neck", "Neck and Upper Back"),
    (r"Shoulder", "Shoulder"),
    (r"Elbow", "Elbow"),
    (r"Forearm,? Wrist,? (?:&|and) Hand", "Forearm, Wrist, and Hand"),
    (r"Carpal Tunnel Syndrome", "Carpal Tunnel Syndrome"),
    (r"Hips? (?:&|and) Pelvis", "Hip and Pelvis"),
    (r"Knee(?: (?:&|and) Leg)?", "Knee and Leg"),
    (r"Ankle (?:&|and) Foot", "Ankle and Foot"),
    (r"Pain(?: \(Chronic\))?", "Pain"),
    (r"Head(?: \(trauma, headaches, etc\., not including stress & mental disorders\))?", "Head"),
    (r"Mental Illness (?:&|and) Stress", "Mental Illness and Stress"),
    (r"Hernia", "Hernia"),
]
_ODG_CHAPTERS_COMPILED = [
    (re.compile(rf"(?:{p})(?=\W|$)", re.I), name) for p, name in _ODG_CHAPTERS
]
# The same patterns as one alternation, in the same order: branch c<i> is chapter i.
_ODG_ANY_CHAPTER = re.compile(
    "|".join(rf"(?P<c{i}>(?:{p})(?=\W|$))" for i, (p, _) in enumerate(_ODG_CHAPTERS)), re.I
)
_ODG = "Official Disability Guidelines (ODG)"
_ODG_NAME = re.compile(
    r"(?:Occupational|Official) Disability Guidelines(?:\s*\(ODG\))?"
    r"(?:\s+Treatment in Workers'? Comp(?:ensation)?)?|\bODG\b(?:\s+Guidelines)?",
    re.I,
)
_ODG_NOISE = re.compile(
    r"\((?:Acute|Chronic)(?:\s*(?:&|and)\s*(?:Acute|Chronic))?\)|\bchapters?\b|\bsection\b|\btopic\b"
    r"|\(?online(?: version)?\)?|\bprocedure summary\b|Work Loss Data Institute(?:\s*\([^)]*\))?"
    r"|\d+(?:st|nd|rd|th) (?:Annual )?Edition|\b(?:19|20)\d\d\b",
    re.I,
)
_UPDATED = re.compile(r"\(?(?:updated\s+)?(\d{1,2}/\d{1,2}/\d{2,4})\)?", re.I)

_NONE_CITED = re.compile(r"did not cite any medical evidence", re.I)
_CLAUSE = re.compile(r"Decision based on\s+", re.I)
_NON_MTUS = re.compile(r"^Non-\s?MTUS(?:\s+Citation)?\s*", re.I)
_OTHER_GUIDELINES = re.compile(r"\s+and Other Medical Treatment Guidelines\s+", re.I)
_PAGES = re.compile(r"\s*\bPage\(s\):\s*(?P<pages>[\d\s,\-]+)\.?$", re.I)
_LOOSE_PAGE = re.compile(r"\b(?:pg\.?|pages?|p\.)\s*(\d+(?:\s*-\s*\d+)?)", re.I)
_SECTIONS = re.compile(r",?\s*Section\(s\):\s*", re.I)
_YEAR = re.compile(r"^\s*((?:19|20)\d\d)\b")
# Section titles that hold a comma of their own, so a list of sections is not cut inside them.
_COMPOUND_SECTIONS = [
    "NSAIDs, GI symptoms & cardiovascular risk",
    "NSAIDs, specific drug list & adverse effects",
    "NSAIDs, hypertension and renal function",
    "Forearm, Wrist, & Hand",
    "Forearm, Wrist, and Hand",
    "Opioids, criteria for use",
    "Opioids, long-term assessment",
    "Opioids, specific drug list",
    "Opioids, dosing",
    "Opioids, pain treatment agreement",
]
_COMPOUND_PATTERN = re.compile("|".join(re.escape(c) for c in _COMPOUND_SECTIONS), re.I)
_GLUE = "\u0000"
# "..., and" before the next MTUS document's title: where a line citing several is cut.
_MTUS_AND = re.compile(rf",?\s+and\s+(?=(?:ACOEM\s+)?(?:{_MTUS_ANY}))", re.I)
_LEADING_GUIDELINES = re.compile(r"^\s*Guidelines\b", re.I)
_ACOEM_EDITION = re.compile(r"(\d+(?:st|nd|rd|th))\s+ed", re.I)
_ACOEM_TITLE = re.compile(
    r"^ACOEM(?:\s*(?:Occupational Medicine Practice Guidelines|Practice Guidelines|Guidelines|:))?",
    re.I,
)
_ACOEM_EDITION_NOTE = re.compile(r",?\s*\d+(?:st|nd|rd|th)\s+ed(?:ition)?\.?", re.I)
_ACOEM_CHAPTER = re.compile(r"Chapter\s+(\d+)\b", re.I)


def parse_guideline_line(raw: str) -> GuidelineLine:
    """Parse a normalised guideline line into its citations, keeping the raw text."""
    if _NONE_CITED.search(raw):
        return GuidelineLine(raw=raw, citations=[Citation(source=CitationSource.NONE_CITED)])
    citations: list[Citation] = []
    for clause in _CLAUSE.split(raw)[1:]:
        clause = clause.strip().rstrip(".").strip()
        non_mtus = _NON_MTUS.match(clause)
        if non_mtus:
            for part in _OTHER_GUIDELINES.split(clause[non_mtus.end() :]):
                citations.extend(_non_mtus(part.strip()))
        elif clause.upper().startswith("MTUS"):
            citations.extend(_mtus(clause[4:].strip()))
        elif clause:
            citations.extend(_non_mtus(clause))
    return GuidelineLine(raw=raw, citations=citations)


def _mtus(text: str) -> list[Citation]:
    pieces = _MTUS_AND.split(text)
    return [_mtus_document(piece) for piece in pieces if piece.strip()]


def _mtus_document(text: str) -> Citation:
    pages: list[str] = []
    page_match = _PAGES.search(text) if "):" in text else None
    if page_match:
        pages = [p.strip() for p in page_match.group("pages").split(",") if p.strip()]
        text = text[: page_match.start()].rstrip(" .")
    match = _MTUS_ANY_DOCUMENT.match(text)
    if match:
        index = _branch(match)
        _, title, chapter, default_year = _MTUS_DOCUMENTS[index]
        rest = text[match.end() :]
        year_match = _YEAR.match(rest)
        year = year_match.group(1) if year_match else default_year
        if year_match:
            rest = rest[year_match.end() :]
        guidelines = _LEADING_GUIDELINES.match(rest)
        if guidelines:
            rest = rest[guidelines.end() :]
        sections_at = _SECTIONS.search(rest) if "):" in rest else None
        if sections_at:
            sections = _split_sections(rest[sections_at.end() :])
        else:  # 2014 form: the topic follows the title ("... Guidelines Trigger Point Injections")
            topic = rest.strip(" ,.:")
            sections = [topic] if topic else []
        return Citation(
            source=CitationSource.MTUS,
            document=f"{title} {year}" if year else title,
            chapter=match.group(f"c{index}") or chapter,
            sections=sections,
            pages=pages,
        )
    name = text.strip(" ,.")
    return Citation(
        source=CitationSource.MTUS, document=f"MTUS {name}" if name else "MTUS", pages=pages
    )


def _split_sections(text: str) -> list[str]:
    text = text.strip().rstrip(".")
    if "," not in text:
        return [text] if text else []
    text = _COMPOUND_PATTERN.sub(lambda m: m.group(0).replace(",", _GLUE), text)
    sections: list[str] = []
    for piece in (p.strip() for p in text.split(",")):
        if not piece:
            continue
        # a lower-case or bracketed continuation, or the rest of "Botulinum toxin (Botox, Myobloc)"
        if sections and (
            piece[0].islower()
            or piece[0] in "(&"
            or sections[-1].count("(") > sections[-1].count(")")
        ):
            sections[-1] = f"{sections[-1]}, {piece}"
        else:
            sections.append(piece)
    return [s.replace(_GLUE, ",") for s in sections]


def split_sections(text: str) -> list[str]:
    """A letter's list of sections ("Antiepilepsy drugs (AEDs), Topiramate") as the sections it
    names, kept whole where a title holds a comma of its own."""
    return _split_sections(text)


def mtus_chapter(title: str) -> str | None:
    """The ACOEM chapter number of a canonical MTUS title ("MTUS ACOEM Low Back Complaints":
    "12"), as the parser gives it back; None for documents that are not a numbered chapter."""
    return next((chapter for _, name, chapter, _ in _MTUS_DOCUMENTS if name == title), None)


def odg_chapter(name: str) -> str | None:
    """The canonical name of an ODG chapter the parser recognises ("Knee & Leg": "Knee and Leg"),
    or None."""
    return next(
        (canonical for pattern, canonical in _ODG_CHAPTERS_COMPILED if pattern.fullmatch(name)),
        None,
    )


def _non_mtus(text: str) -> list[Citation]:
    text = text.strip().rstrip(".")
    updated = _UPDATED.search(text) if "/" in text else None
    when = _parse_date(updated.group(1)) if updated else None
    if updated:
        text = (text[: updated.start()] + text[updated.end() :]).strip()
    odg = _ODG_NAME.search(text)
    if odg and odg.start() < 40:
        return _odg(text[odg.start() :], when)
    pages, text = _take_pages(text)
    text = text.strip(" ,.;")
    if text.upper().startswith("ACOEM"):
        edition = _ACOEM_EDITION.search(text)
        document = (
            f"ACOEM Practice Guidelines, {edition.group(1)} ed."
            if edition
            else "ACOEM Practice Guidelines"
        )
        rest = _ACOEM_TITLE.sub("", text)
        rest = _ACOEM_EDITION_NOTE.sub("", rest).strip(" ,.:;/")
        chapter = _ACOEM_CHAPTER.match(rest)
        if chapter:
            rest = rest[chapter.end() :].strip(" ,.:;/")
        return [
            Citation(
                source=CitationSource.NON_MTUS,
                document=document,
                chapter=chapter.group(1) if chapter else None,
                sections=[rest] if rest else [],
                pages=pages,
                date=when,
            )
        ]
    head, _, rest = text.partition(";")
    rest = rest.strip(" ,.;")
    return [
        Citation(
            source=CitationSource.NON_MTUS,
            document=head.strip() or None,
            sections=[rest] if rest else [],
            pages=pages,
            date=when,
        )
    ]


def _odg(text: str, when: date | None) -> list[Citation]:
    """ODG citations: one for each time the line names ODG ("ODG, Pain, ...; ODG, Knee ...")."""
    citations: list[Citation] = []
    starts = [m.start() for m in _ODG_NAME.finditer(text)] + [len(text)]
    for start, end in zip(starts, starts[1:], strict=False):
        segment = text[start:end]
        pages, segment = _take_pages(segment)
        rest = _ODG_NOISE.sub(" ", segment[_ODG_NAME.match(segment).end() :])  # type: ignore[union-attr]
        rest = " ".join(rest.split()).strip(" ,.:;/-")
        chapter = None
        match = _ODG_ANY_CHAPTER.match(rest)
        if match:
            chapter = _ODG_CHAPTERS[_branch(match)][1]
            rest = rest[match.end() :]
        rest = _tidy(rest)
        if citations and not chapter and not rest and not pages:
            continue  # the book's title named again ("..., Official Disability Guidelines, 2012")
        citations.append(
            Citation(
                source=CitationSource.NON_MTUS,
                document=_ODG,
                chapter=chapter,
                sections=[rest] if rest else [],
                pages=pages,
                date=when,
            )
        )
    return citations


def _branch(match: re.Match[str]) -> int:
    """Which branch of an alternation of named branches (d0, d1, ... or c0, c1, ...) matched."""
    return int(str(match.lastgroup)[1:])


def _take_pages(text: str) -> tuple[list[str], str]:
    """The pages a non-MTUS citation names loosely ("pg. 12", "pages 3-4"), and the text without
    them."""
    pages: list[str] = []
    kept: list[str] = []
    at = 0
    for page in _LOOSE_PAGE.finditer(text):
        pages.append(page.group(1).replace(" ", ""))
        kept.append(text[at : page.start()])
        at = page.end()
    if not pages:
        return pages, text
    kept.append(text[at:])
    return pages, "".join(kept)


def _tidy(text: str) -> str:
    """Strip separators left at the ends, and parentheses that no longer pair."""
    text = " ".join(text.split()).strip(" ,.:;/-")
    while text.startswith("(") and text.endswith(")") and text.count("(") == 1:
        text = text[1:-1].strip(" ,.:;/-")
    if text.startswith(")"):
        text = text[1:].strip(" ,.:;/-")
    if text.count("(") > text.count(")"):
        text += ")"
    # The only blanks left are single spaces, so this is re.sub(r"\s+([,)])", r"\1", text).
    return text.replace(" ,", ",").replace(" )", ")")


def _parse_date(text: str) -> date | None:
    """An "updated" date (M/D/YYYY or M/D/YY) as strptime reads it, without strptime's cost for
    the usual ASCII digits."""
    month, _, rest = text.partition("/")
    day, _, year = rest.partition("/")
    if (
        text.isascii()
        and 1 <= len(month) <= 2
        and 1 <= len(day) <= 2
        and len(year) in (2, 4)
        and (month + day + year).isdigit()
    ):
        number = int(year)
        if len(year) == 2:  # as strptime's %y: 69-99 are 1969-1999, 00-68 are 2000-2068
            number += 1900 if number >= 69 else 2000
        try:
            return date(number, int(month), int(day))
        except ValueError:
            return None
    for fmt in ("%m/%d/%Y", "%m/%d/%y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None
