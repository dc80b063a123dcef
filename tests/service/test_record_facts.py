"""A record's clinical facts are extracted when the record arrives and kept; the draft reads them
instead of extracting again, and decides exactly as it does from facts extracted at the draft.
Facts kept by another extractor version, or for another reference date, or none at all, are
extracted at the draft (and kept then)."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass
from typing import Any

import pytest

from openimr import cases
from openimr.bootstrap import bootstrap
from openimr.clinical import extract
from openimr.domain import Case, Record
from openimr.review import case_facts
from openimr.review.context import is_clinical_record
from openimr.service import usecases
from openimr.service.context import ServiceContext
from openimr.service.facts import assemble, record_key, shipped_extractor_version
from openimr.service.fakes import FakeUnitOfWork, InMemoryStore
from openimr.service.model import CaseStatus, ReviewCase
from openimr.service.ports import ConcurrentUpdate
from openimr.service.usecases import Application

from .builders import ADMIN, EXAMPLES, PARTIES, SETTINGS, STAFF, Clock, CountingExtractor, reviewer


@dataclass
class Service:
    ctx: ServiceContext
    extractor: CountingExtractor


SEED = cases.load(EXAMPLES / "seed-facet-and-trigger-point.yaml")
CLINICAL = [r for r in SEED.records if is_clinical_record(r)]
assert CLINICAL and SEED.ur_decision_date is not None


def service(store: InMemoryStore, version: str | None) -> Service:
    extractor = CountingExtractor()
    counter = itertools.count(1)
    ctx = bootstrap(
        uow_factory=lambda: FakeUnitOfWork(store),
        settings=SETTINGS,
        clock=Clock(dt.datetime(2014, 8, 15, 9, tzinfo=dt.UTC)),
        extract=extractor,
        extractor_version=version,
    )
    ctx.new_id = lambda: f"case-{next(counter)}"
    return Service(ctx, extractor)


def to_assigned(ctx: ServiceContext, number: str = "CM13-0000001") -> str:
    """The seed example received, its records added, a reviewer assigned; its case id."""
    assert SEED.received
    if not usecases.list_reviewers(ctx, ADMIN):
        usecases.register_reviewer(ctx, ADMIN, reviewer("rv1", capacity=10))
    case = usecases.receive_application(
        ctx,
        STAFF,
        Application(
            case_number=number,
            received=SEED.received,
            case=SEED.model_copy(update={"records": []}),
            parties=PARTIES,
        ),
    )
    usecases.check_eligibility(ctx, STAFF, case.id)
    usecases.request_records(ctx, STAFF, case.id)
    usecases.add_records(ctx, STAFF, case.id, list(SEED.records[:2]))
    usecases.add_records(ctx, STAFF, case.id, list(SEED.records[2:]))
    usecases.assign_reviewer(ctx, STAFF, case.id)
    return case.id


def decided(case: ReviewCase) -> tuple[Any, Any]:
    assert case.draft is not None
    return case.draft.model_dump(), case.summary


@pytest.fixture(scope="module")
def unkept() -> ReviewCase:
    """The seed example drafted by an extractor without a version: nothing kept, all of it
    extracted at the draft (as before facts were kept)."""
    plain = service(InMemoryStore(), None)
    case_id = to_assigned(plain.ctx)
    assert plain.extractor.calls == 0
    drafted = usecases.draft(plain.ctx, STAFF, case_id)
    assert plain.extractor.calls == len(CLINICAL)
    return drafted


def test_facts_are_extracted_on_arrival_and_the_draft_extracts_none(unkept: ReviewCase) -> None:
    store = InMemoryStore()
    kept = service(store, "v1")
    case_id = to_assigned(kept.ctx)
    assert kept.extractor.calls == len(CLINICAL)
    assert {record for (case, record) in store.facts if case == case_id} == {r.id for r in CLINICAL}
    drafted = usecases.draft(kept.ctx, STAFF, case_id)
    assert kept.extractor.calls == len(CLINICAL)  # nothing extracted again
    assert decided(drafted) == decided(unkept)


def test_facts_of_another_extractor_version_are_extracted_again(unkept: ReviewCase) -> None:
    store = InMemoryStore()
    case_id = to_assigned(service(store, "v1").ctx)
    before = dict(store.facts)
    newer = service(store, "v2")
    drafted = usecases.draft(newer.ctx, STAFF, case_id)
    assert newer.extractor.calls == len(CLINICAL)
    assert decided(drafted) == decided(unkept)
    # Kept again under the new version's key.
    for (case, record_id), kept in store.facts.items():
        record = next(r for r in SEED.records if r.id == record_id)
        assert (
            kept.key
            == record_key(record, SEED.ur_decision_date, "v2")
            != before[(case, record_id)].key
        )


def test_records_that_arrived_without_facts_are_extracted_at_the_draft(
    unkept: ReviewCase,
) -> None:
    store = InMemoryStore()
    case_id = to_assigned(service(store, None).ctx)
    assert not store.facts
    later = service(store, "v1")
    drafted = usecases.draft(later.ctx, STAFF, case_id)
    assert later.extractor.calls == len(CLINICAL)
    assert decided(drafted) == decided(unkept)
    assert len(store.facts) == len(CLINICAL)


def test_the_kept_facts_are_the_facts_the_engine_extracts_in_the_same_order() -> None:
    fresh, new = assemble(SEED, {}, extract, "v1")
    assert fresh == case_facts(SEED, extract)
    again, none = assemble(SEED, new, extract, "v1")
    assert again == fresh and none == {}
    # Stale for one record: that one alone is extracted again, the order unchanged.
    first = CLINICAL[0].id
    stale = {**new, first: new[first].model_copy(update={"key": "0" * 64})}
    mixed, renewed = assemble(SEED, stale, extract, "v1")
    assert mixed == fresh and set(renewed) == {first}


def test_the_key_changes_with_each_input_of_the_extraction() -> None:
    record = CLINICAL[0]
    day = dt.date(2014, 7, 1)
    key = record_key(record, day, "v1")
    assert key == record_key(record.model_copy(), day, "v1")
    changed: list[tuple[Record, dt.date | None, str]] = [
        (record.model_copy(update={"text": record.text + " "}), day, "v1"),
        (record.model_copy(update={"id": record.id + "x"}), day, "v1"),
        (record.model_copy(update={"date": dt.date(2000, 1, 1)}), day, "v1"),
        (record, day + dt.timedelta(days=1), "v1"),
        (record, None, "v1"),
        (record, day, "v2"),
    ]
    assert len({record_key(*inputs) for inputs in changed} | {key}) == len(changed) + 1


def test_the_shipped_extractor_has_a_stable_version() -> None:
    version = shipped_extractor_version()
    assert version.startswith("clinical-") and len(version) > 12
    shipped_extractor_version.cache_clear()
    assert shipped_extractor_version() == version


def test_a_case_without_clinical_records_keeps_nothing() -> None:
    content = Case.model_validate(SEED.model_dump() | {"records": []})
    assert assemble(content, {}, extract, "v1") == ([], {})


def test_a_draft_over_a_case_changed_while_it_was_decided_is_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Records added while the engine decides: the draft, made without them, is not saved."""
    import openimr.review

    store = InMemoryStore()
    kept = service(store, "v1")
    case_id = to_assigned(kept.ctx)
    real = openimr.review.decide
    late = Record(id="late-note", date=dt.date(2014, 7, 20), text="Pain is 8/10 today.")

    def decide_while_records_arrive(*args: Any, **kwargs: Any) -> Any:
        usecases.add_records(kept.ctx, STAFF, case_id, [late])
        return real(*args, **kwargs)

    monkeypatch.setattr(openimr.review, "decide", decide_while_records_arrive)
    with pytest.raises(ConcurrentUpdate):
        usecases.draft(kept.ctx, STAFF, case_id)
    case = usecases.get_case(kept.ctx, STAFF, case_id)
    assert case.status is CaseStatus.REVIEWER_ASSIGNED and case.draft is None
    assert case.content.records[-1].id == "late-note"
    monkeypatch.setattr(openimr.review, "decide", real)
    drafted = usecases.draft(kept.ctx, STAFF, case_id)  # again: with every record
    assert drafted.status is CaseStatus.DRAFTED and drafted.draft is not None
