"""The request vocabularies moved to ``openimr.vocab``; this old import path re-exports them until
its last callers move (use ``openimr.vocab``)."""

from __future__ import annotations

from openimr.vocab import Vocabulary, VocabularyError, load_vocabulary, parse_vocabulary_file

__all__ = ["Vocabulary", "VocabularyError", "load_vocabulary", "parse_vocabulary_file"]
