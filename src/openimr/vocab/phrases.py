"""Finding vocabulary phrases in text: whole words, any case, loose hyphens and plurals.

"x-ray" matches "X-Rays", "xray" and "x ray"; "ice/heat" matches "Ice / Heat"; "pt" does not
match inside "PTT" or "apt".
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["Mention", "PhraseIndex", "blank", "phrase_pattern"]

_SEPARATOR = re.compile(r"[\s\-]+")


def phrase_pattern(phrase: str) -> str:
    """The regular expression that finds ``phrase`` as whole words.

    Spaces and hyphens between words may be any run of spaces or hyphens, or nothing; a slash may
    have spaces around it; a final letter may take a plural "s" or "es".
    """
    words = [word for word in _SEPARATOR.split(phrase.strip().lower()) if word]
    body = r"[\s\-]*".join(re.escape(word).replace("/", r"\s*/\s*") for word in words)
    plural = r"(?:e?s)?" if words and words[-1][-1].isalpha() else ""
    return rf"(?<!\w){body}{plural}(?!\w)"


@dataclass(frozen=True)
class Mention:
    """A phrase found in a request: where, what it stands for, and how strong a sign it is."""

    start: int
    end: int
    key: str
    strength: int = 0

    @property
    def length(self) -> int:
        """How many characters the mention covers."""
        return self.end - self.start


class PhraseIndex:
    """Phrases, each standing for a key (a family, a region, a drug), compiled once.

    A phrase can only be found where a word of the text begins with the first letters of the
    phrase's first word (up to four), so each phrase is filed under those letters and only the
    phrases filed under the start of a word of the text are tried: a few dozen patterns per
    request instead of every one.

    Args:
        entries: (phrase, key, strength) triples; a stronger phrase wins over a weaker one.
    """

    def __init__(self, entries: Iterable[tuple[str, str, int]]) -> None:
        kept = [(phrase, key, strength) for phrase, key, strength in entries if phrase.strip()]
        self._phrases = [phrase for phrase, _, _ in kept]
        self._keys = [(key, strength) for _, key, strength in kept]
        # compiled the first time a request could hold the phrase: a review of one case
        # compiles the few dozen its requests need, not all of them
        self._patterns: list[re.Pattern[str] | None] = [None] * len(kept)
        self._filed: dict[str, list[int]] = {}
        self._always: list[int] = []
        for index, phrase in enumerate(self._phrases):
            prefix = _prefix(phrase)
            if prefix:
                self._filed.setdefault(prefix, []).append(index)
            else:
                self._always.append(index)

    def pattern(self, index: int) -> re.Pattern[str]:
        """The compiled pattern of the ``index``-th phrase."""
        pattern = self._patterns[index]
        if pattern is None:
            pattern = re.compile(phrase_pattern(self._phrases[index]), re.IGNORECASE)
            self._patterns[index] = pattern
        return pattern

    def __len__(self) -> int:
        return len(self._phrases)

    def mentions(self, text: str) -> list[Mention]:
        """Every match of every phrase, overlapping ones included, in the order written."""
        filed = self._filed
        chosen = set(self._always)
        chosen.update(*[filed[start] for start in _word_starts(text) & filed.keys()])
        found = []
        for index in sorted(chosen):
            key, strength = self._keys[index]
            found += [
                Mention(match.start(), match.end(), key, strength)
                for match in self.pattern(index).finditer(text)
            ]
        return sorted(found, key=lambda mention: (mention.start, -mention.length))

    def every_mention(self, text: str) -> list[Mention]:
        """What ``mentions`` finds, by trying every phrase (slow; it checks the filing)."""
        found = [
            Mention(match.start(), match.end(), *self._keys[index])
            for index in range(len(self))
            for match in self.pattern(index).finditer(text)
        ]
        return sorted(found, key=lambda mention: (mention.start, -mention.length))

    def best(self, text: str) -> Mention | None:
        """The strongest mention; among equals the first written, then the longest."""
        found = self.mentions(text)
        if not found:
            return None
        return min(found, key=lambda mention: (-mention.strength, mention.start, -mention.length))

    def scan(self, text: str) -> list[Mention]:
        """Mentions that do not overlap, left to right, taking the longest at each place."""
        taken: list[Mention] = []
        end = 0
        for mention in self.mentions(text):
            if mention.start >= end:
                taken.append(mention)
                end = mention.end
        return taken


_TOKEN = re.compile(r"(?<!\w)\w+")
_LETTERS = re.compile(r"[^\W_]+")


_PREFIX = 4


def _prefix(phrase: str) -> str | None:
    """The letters every match of a phrase begins with: the first four of its first word, or all
    of a shorter one ("x" of "x-ray", which also matches "xray"); None when the phrase does not
    begin with a letter or digit ("(b)")."""
    first = _SEPARATOR.split(phrase.strip().lower())[0]
    letters = _LETTERS.match(first)
    return letters[0][:_PREFIX] if letters else None


@functools.lru_cache(maxsize=1024)
def _word_starts(text: str) -> frozenset[str]:
    """The first one to four letters of every word of ``text``, in lower case."""
    tokens = _TOKEN.findall(text.lower())
    return frozenset(token[:size] for token in tokens for size in range(1, _PREFIX + 1))


def blank(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """``text`` with each span replaced by spaces, so that other offsets stay valid."""
    chars = list(text)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)
