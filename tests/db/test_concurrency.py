"""Two transactions racing for a reviewer's last slot on PostgreSQL: exactly one wins."""

from __future__ import annotations

import contextlib
import threading
import time
from pathlib import Path

import pytest

from db.conftest import Database
from db.samples import reviewer
from openimr.db import SqlAlchemyUnitOfWork


def _race(db: Database, reviewer_id: str) -> list[bool]:
    """Two units of work, both in an open transaction, take a slot at the same moment."""
    barrier = threading.Barrier(2)
    results: list[bool] = []
    lock = threading.Lock()

    def take() -> None:
        with SqlAlchemyUnitOfWork(db.engine) as uow:
            uow.session.connection()  # both transactions begin before either writes
            barrier.wait()
            taken = uow.reviewers.take_slot(reviewer_id)
            time.sleep(0.05)  # the winner holds the row lock while the other waits on it
            uow.commit()
            with lock:
                results.append(taken)

    threads = [threading.Thread(target=take) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


@pytest.mark.postgres
def test_two_transactions_never_both_take_the_last_slot(pg_db: Database) -> None:
    for round_ in range(5):
        reviewer_id = f"rev-{round_}"
        with SqlAlchemyUnitOfWork(pg_db.engine) as uow:
            uow.reviewers.add(reviewer(reviewer_id, capacity=1))
            uow.commit()
        assert sorted(_race(pg_db, reviewer_id)) == [False, True], f"round {round_}"
        with SqlAlchemyUnitOfWork(pg_db.engine) as uow:
            stored = uow.reviewers.get(reviewer_id)
        assert stored is not None and stored.load == 1


class _SlowSlotUnitOfWork(SqlAlchemyUnitOfWork):
    """The real unit of work, whose reviewer repository waits for the other racer before taking
    a slot and holds its transaction open a moment after, so the two assignments overlap."""

    def __init__(self, engine: object, barrier: threading.Barrier) -> None:
        super().__init__(engine)  # type: ignore[arg-type]
        self._barrier = barrier

    def __enter__(self) -> SqlAlchemyUnitOfWork:
        super().__enter__()
        take = self.reviewers.take_slot

        def take_slot(reviewer_id: str) -> bool:
            with contextlib.suppress(threading.BrokenBarrierError):
                self._barrier.wait(timeout=10)
            taken = take(reviewer_id)
            time.sleep(0.05)
            return taken

        self.reviewers.take_slot = take_slot  # type: ignore[method-assign]
        return self


@pytest.mark.postgres
def test_two_assignments_racing_for_the_last_slot_assign_one_case(pg_db: Database) -> None:
    import datetime as dt
    import itertools

    from openimr.api.demo import application_from_file
    from openimr.bootstrap import bootstrap
    from openimr.config import ReviewerSettings, Settings
    from openimr.service import usecases
    from openimr.service.context import SYSTEM

    counter = itertools.count(1)
    barrier = threading.Barrier(2)
    settings = Settings(reviewer=ReviewerSettings(licensure=["CA"], specialties=["Pain Medicine"]))
    ctx = bootstrap(
        uow_factory=lambda: _SlowSlotUnitOfWork(pg_db.engine, barrier),
        settings=settings,
        clock=lambda: dt.datetime(2014, 8, 15, 9, tzinfo=dt.UTC),
        load_knowledge=False,
    )
    ctx.new_id = lambda: f"case-{next(counter)}"
    usecases.register_reviewer(ctx, SYSTEM, reviewer("rev-1", capacity=1))
    seed = application_from_file(
        Path(__file__).resolve().parents[2] / "examples" / "seed-facet-and-trigger-point.yaml"
    )
    records = seed.case.records
    bare = seed.case.model_copy(update={"records": []})
    case_ids = []
    for number in ("CM14-0000001", "CM14-0000002"):
        application = seed.model_copy(update={"case_number": number, "case": bare})
        case = usecases.receive_application(ctx, SYSTEM, application)
        usecases.check_eligibility(ctx, SYSTEM, case.id)
        usecases.request_records(ctx, SYSTEM, case.id)
        usecases.add_records(ctx, SYSTEM, case.id, records)
        case_ids.append(case.id)
    outcomes: list[bool] = []
    lock = threading.Lock()

    def assign(case_id: str) -> None:
        outcome = usecases.assign_reviewer(ctx, SYSTEM, case_id)
        with lock:
            outcomes.append(outcome.assigned)

    threads = [threading.Thread(target=assign, args=(case_id,)) for case_id in case_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes) == [False, True]
    with SqlAlchemyUnitOfWork(pg_db.engine) as uow:
        stored = uow.reviewers.get("rev-1")
        assigned = uow.cases.find(reviewer_id="rev-1")
    assert stored is not None and stored.load == 1
    assert len(assigned) == 1
