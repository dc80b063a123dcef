"""Hypothesis strategies shared by the letter round-trip tests: words, phrases, ODG sections."""

from __future__ import annotations

from hypothesis import strategies as st

__all__ = ["ODG_WORDS", "odg_section", "phrase", "words"]

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
