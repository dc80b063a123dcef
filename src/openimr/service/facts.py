"""A record's clinical facts, extracted when the record arrives and kept with it.

The facts of a record depend only on the record (its text, id and date), the case's reference
date (the utilization review decision's) and the extractor. A review organization receives
records days before a draft is asked for, so the service extracts them on arrival (the
add-records use case) and the draft reads them back: drafting is then deciding, writing the
summary and saving. Each kept entry is keyed by a digest of all the inputs, the extractor's
version among them, so a record whose facts were kept by another extractor (a new release of
the clinical rules) or for another reference date is extracted again when drafted, never read
stale. The draft's facts are the same list, in the same order, as
``review.case_facts(case, extract)`` gives.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib.metadata
from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import BaseModel

from openimr.domain import Case, Fact, Record

if TYPE_CHECKING:
    from openimr.review.engine import Extractor

__all__ = ["RecordFacts", "assemble", "extract_records", "record_key", "shipped_extractor_version"]


class RecordFacts(BaseModel):
    """The facts of one record, under the key of what they were extracted from."""

    key: str
    facts: list[Fact]


def record_key(record: Record, reference_date: dt.date | None, extractor: str) -> str:
    """The digest of everything a record's facts depend on."""
    digest = hashlib.sha256()
    for part in (
        extractor,
        record.id,
        record.date.isoformat() if record.date else "",
        reference_date.isoformat() if reference_date else "",
    ):
        digest.update(part.encode())
        digest.update(b"\x00")
    digest.update(record.text.encode())
    return digest.hexdigest()


@cache
def shipped_extractor_version() -> str:
    """The version of the shipped clinical extractor: a digest of the clinical package's code
    and data files, the domain model, and the versions of spaCy and medspaCy it runs on."""
    import openimr.clinical
    import openimr.domain

    digest = hashlib.sha256()
    for name in ("spacy", "medspacy"):
        try:
            digest.update(f"{name}=={importlib.metadata.version(name)};".encode())
        except importlib.metadata.PackageNotFoundError:
            digest.update(f"{name} missing;".encode())
    package = Path(openimr.clinical.__file__).parent
    files = sorted(p for p in package.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    for path in [*files, Path(openimr.domain.__file__)]:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return f"clinical-{digest.hexdigest()[:16]}"


def _clinical(records: Iterable[Record]) -> list[Record]:
    from openimr.review.context import is_clinical_record

    return [r for r in records if is_clinical_record(r)]


def extract_records(
    records: Iterable[Record],
    reference_date: dt.date | None,
    extract: Extractor,
    extractor: str,
) -> dict[str, RecordFacts]:
    """The facts of each clinical record among ``records``, by record id, as the draft reads
    them."""
    return {
        record.id: RecordFacts(
            key=record_key(record, reference_date, extractor),
            facts=extract(
                record.text,
                document=record.id,
                document_date=record.date,
                reference_date=reference_date,
            ),
        )
        for record in _clinical(records)
    }


def assemble(
    case: Case,
    kept: Mapping[str, RecordFacts],
    extract: Extractor | None,
    extractor: str | None,
) -> tuple[list[Fact], dict[str, RecordFacts]]:
    """The case's facts in record order, read from ``kept`` where the key matches, extracted
    otherwise (by ``extract``, else the shipped extractor); and the newly extracted ones (to
    keep, when the extractor has a version)."""
    if extract is None:
        from openimr.clinical import extract as shipped

        extract = shipped
    run = extract
    facts: list[Fact] = []
    fresh: dict[str, RecordFacts] = {}
    for record in _clinical(case.records):
        key = record_key(record, case.ur_decision_date, extractor) if extractor else None
        stored = kept.get(record.id)
        if key is not None and stored is not None and stored.key == key:
            facts.extend(stored.facts)
            continue
        found = run(
            record.text,
            document=record.id,
            document_date=record.date,
            reference_date=case.ur_decision_date,
        )
        facts.extend(found)
        if key is not None:
            fresh[record.id] = RecordFacts(key=key, facts=found)
    return facts, fresh
