"""The serialized case documents a server process has sent, kept for the next reader.

A case's JSON is a pure function of the case at one revision (every save adds one) and of the
reader's view (staff see parties and assignment, a reviewer does not). A reader's request then
costs one indexed query for the case's revision and reviewer (which also decides whether the
reader may see it), not the case's content decoded, validated and serialized again. Nothing
stale can be sent: a copy is used only for the revision the database holds now. Each server
process keeps its own copies, bounded in bytes, least recently used dropped first.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

__all__ = ["CaseDocuments"]

Key = tuple[str, bool]


class CaseDocuments:
    """``get(case_id, staff, revision)`` the bytes kept for that revision, else None;
    ``put(...)`` keeps them (replacing any other revision of the case for that view)."""

    def __init__(self, max_bytes: int = 64 * 1024 * 1024) -> None:
        self.max_bytes = max_bytes
        self._kept: OrderedDict[Key, tuple[int, bytes]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, case_id: str, staff: bool, revision: int) -> bytes | None:
        key = (case_id, staff)
        with self._lock:
            kept = self._kept.get(key)
            if kept is None or kept[0] != revision:
                return None
            self._kept.move_to_end(key)
            return kept[1]

    def put(self, case_id: str, staff: bool, revision: int, body: bytes) -> None:
        if len(body) > self.max_bytes:
            return
        key = (case_id, staff)
        with self._lock:
            old = self._kept.pop(key, None)
            if old is not None:
                self._bytes -= len(old[1])
            self._kept[key] = (revision, body)
            self._bytes += len(body)
            while self._bytes > self.max_bytes:
                _, (_, dropped) = self._kept.popitem(last=False)
                self._bytes -= len(dropped)

    def __len__(self) -> int:
        return len(self._kept)
