"""Hypothesis strategies shared by the letter round-trip tests: words, phrases, ODG citations."""

from __future__ import annotations

import datetime as dt

from hypothesis import strategies as st

from openimr.domain import Citation, CitationSource

__all__ = ["ODG_WORDS", "odg_citation", "odg_section", "phrase", "words"]

words = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=2, max_size=9)
phrase = st.lists(words, min_size=1, max_size=5).map(" ".join).map(str.capitalize)
# An ODG section is free text after the chapter; words the reader takes as a chapter name or as
# the ODG's own furniture ("Chapter", "Online Version") are not section titles.
ODG_WORDS = {
    "low",
    "lumbar",
    "neck",
    "shoulder",
    "elbow",
    "forearm",
    "carpal",
    "hip",
    "hips",
    "knee",
    "ankle",
    "pain",
    "head",
    "mental",
    "hernia",
    "chapter",
    "chapters",
    "section",
    "topic",
    "online",
    "version",
    "procedure",
    "summary",
    "edition",
    "annual",
    "updated",
    "odg",
    "official",
    "occupational",
    "and",
}
odg_section = (
    st.lists(words.filter(lambda w: w not in ODG_WORDS), min_size=1, max_size=5)
    .map(" ".join)
    .map(str.capitalize)
)
odg_citation = st.builds(
    lambda chapter, section, date: Citation(
        source=CitationSource.NON_MTUS,
        document="Official Disability Guidelines (ODG)",
        chapter=chapter,
        sections=[section] if section else [],
        date=date,
    ),
    st.sampled_from(
        [
            None,
            "Low Back",
            "Shoulder",
            "Knee and Leg",
            "Pain",
            "Neck and Upper Back",
            "Hip and Pelvis",
        ]
    ),
    st.one_of(st.none(), odg_section),
    st.one_of(st.none(), st.dates(dt.date(2010, 1, 1), dt.date(2020, 12, 31))),
)
