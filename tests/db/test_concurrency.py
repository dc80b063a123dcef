"""Two transactions racing for a reviewer's last slot on PostgreSQL: exactly one wins."""

from __future__ import annotations

import threading
import time

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
