"""The SQL repositories keep the ports' contracts, on SQLite and on PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from db.conftest import Database
from db.samples import audit_entry, review_case, reviewer, user
from openimr.db import SqlAlchemyUnitOfWork
from openimr.domain import Decision, Determination, Evidence, Fact, ItemDetermination
from openimr.drafting.sentences import SummarySentence
from openimr.service.facts import RecordFacts
from openimr.service.model import CaseStatus, Role
from openimr.service.ports import CaseStamp, ConcurrentUpdate


def _determination(case_number: str) -> Determination:
    return Determination(
        case_number=case_number,
        items=[
            ItemDetermination(
                request="Lumbar facet injection",
                service_family="injection",
                hierarchy_step="MTUS",
                hierarchy_reason="the MTUS addresses it",
                decision=Decision.UPHELD,
                rationale="criteria not met",
            )
        ],
    )


def test_a_case_comes_back_as_it_was_stored(db: Database) -> None:
    case = review_case(
        draft=_determination("CM24-0000001"),
        deadline=dt.date(2024, 4, 3),
        summary=[SummarySentence("The worker has low back pain.", ("r1", "r2"))],
    )
    with SqlAlchemyUnitOfWork(db.engine) as uow:
        uow.cases.add(case)
        uow.commit()
    with SqlAlchemyUnitOfWork(db.engine) as uow:
        stored = uow.cases.get("case-1")
        by_number = uow.cases.get_by_number("CM24-0000001")
    assert stored == case
    assert by_number == case
    assert stored is not None and stored.content.records == case.content.records


def test_uncommitted_work_is_rolled_back(db: Database) -> None:
    with SqlAlchemyUnitOfWork(db.engine) as uow:
        uow.cases.add(review_case())
    with SqlAlchemyUnitOfWork(db.engine) as uow:
        assert uow.cases.get("case-1") is None


def test_a_case_number_or_id_is_stored_once(db: Database) -> None:
    with SqlAlchemyUnitOfWork(db.engine) as uow:
        uow.cases.add(review_case())
        with pytest.raises(ValueError, match="case number"):
            uow.cases.add(review_case(case_id="case-2"))
        with pytest.raises(ValueError, match="case id"):
            uow.cases.add(review_case(number="CM24-0000002"))


def test_save_stores_changes_and_refuses_a_stale_copy(db: Database) -> None:
    with SqlAlchemyUnitOfWork(db.engine) as uow:
        uow.cases.add(review_case())
        uow.commit()
    with SqlAlchemyUnitOfWork(db.engine) as first, SqlAlchemyUnitOfWork(db.engine) as second:
        mine = first.cases.get("case-1")
        theirs = second.cases.get("case-1")
        assert mine is not None and theirs is not None
        mine.status = CaseStatus.ELIGIBLE
        first.cases.save(mine)
        first.commit()
        assert mine.revision == 1
        theirs.status = CaseStatus.INELIGIBLE
        with pytest.raises(ConcurrentUpdate):
            second.cases.save(theirs)
    with SqlAlchemyUnitOfWork(db.engine) as uow:
        stored = uow.cases.get("case-1")
    assert stored is not None
    assert (stored.status, stored.revision) == (CaseStatus.ELIGIBLE, 1)


def test_save_leaves_the_documents_named_unchanged_as_stored(db: Database) -> None:
    with SqlAlchemyUnitOfWork(db.engine) as uow:
        uow.cases.add(review_case())
        uow.commit()
    with SqlAlchemyUnitOfWork(db.engine) as uow:
        case = uow.cases.get("case-1")
        assert case is not None
        original_items = list(case.content.items)
        case.status = CaseStatus.ELIGIBLE
        case.draft = _determination(case.case_number)
        # Changed in memory, but named as left alone: not written.
        case.content = case.content.model_copy(update={"items": []})
        uow.cases.save(case, unchanged=("content", "parties"))
        with pytest.raises(ValueError, match="not a case document"):
            uow.cases.save(case, unchanged=("records",))
        uow.commit()
    with SqlAlchemyUnitOfWork(db.engine) as uow:
        stored = uow.cases.get("case-1")
    assert stored is not None
    assert (stored.status, stored.revision) == (CaseStatus.ELIGIBLE, 1)
    assert stored.draft == _determination(case.case_number)
    assert stored.content.items == original_items and original_items


def test_find_filters_by_status_reviewer_and_deadline(db: Database) -> None:
    with SqlAlchemyUnitOfWork(db.engine) as uow:
        uow.reviewers.add(reviewer())
        uow.cases.add(review_case(deadline=dt.date(2024, 4, 1)))
        uow.cases.add(
            review_case(
                "case-2",
                "CM24-0000002",
                status=CaseStatus.REVIEWER_ASSIGNED,
                reviewer_id="rev-1",
                deadline=dt.date(2024, 5, 1),
            )
        )
        uow.cases.add(review_case("case-3", "CM24-0000003"))
        uow.commit()
        assert [c.id for c in uow.cases.find()] == ["case-1", "case-2", "case-3"]
        assert [c.id for c in uow.cases.find(statuses=[CaseStatus.RECEIVED])] == [
            "case-1",
            "case-3",
        ]
        assert [c.id for c in uow.cases.find(reviewer_id="rev-1")] == ["case-2"]
        assert [c.id for c in uow.cases.find(deadline_before=dt.date(2024, 4, 15))] == ["case-1"]


def test_reviewer_save_never_changes_the_load(db: Database) -> None:
    with SqlAlchemyUnitOfWork(db.engine) as uow:
        uow.reviewers.add(reviewer(capacity=2))
        assert uow.reviewers.take_slot("rev-1")
        changed = uow.reviewers.get("rev-1")
        assert changed is not None and changed.load == 1
        changed.load = 0
        changed.hours_per_week = 40
        uow.reviewers.save(changed)
        uow.commit()
        stored = uow.reviewers.get("rev-1")
    assert stored is not None
    assert (stored.load, stored.hours_per_week) == (1, 40)
    assert stored.affiliations == reviewer().affiliations


def test_take_slot_stops_at_capacity_and_release_gives_one_back(db: Database) -> None:
    with SqlAlchemyUnitOfWork(db.engine) as uow:
        uow.reviewers.add(reviewer(capacity=2))
        uow.reviewers.add(reviewer("rev-2", capacity=5, active=False))
        assert [uow.reviewers.take_slot("rev-1") for _ in range(3)] == [True, True, False]
        assert not uow.reviewers.take_slot("rev-2")  # inactive
        assert not uow.reviewers.take_slot("nobody")
        uow.reviewers.release_slot("rev-1")
        uow.reviewers.release_slot("rev-2")  # never below zero
        uow.commit()
        assert [r.id for r in uow.reviewers.list()] == ["rev-1"]
        assert {r.id: r.load for r in uow.reviewers.list(active_only=False)} == {
            "rev-1": 1,
            "rev-2": 0,
        }


def test_users_are_found_by_email_in_any_case_and_by_token_id(db: Database) -> None:
    with SqlAlchemyUnitOfWork(db.engine) as uow:
        uow.users.add(user())
        with pytest.raises(ValueError, match="email"):
            uow.users.add(user("user-2", email="staff@EXAMPLE.org"))
        uow.commit()
        found = uow.users.get_by_email("staff@example.org")
        assert found == user()
        assert uow.users.get_by_token_id("tok1") == user()
        assert uow.users.get_by_token_id("nope") is None


def test_a_revoked_or_added_token_is_saved(db: Database) -> None:
    with SqlAlchemyUnitOfWork(db.engine) as uow:
        uow.users.add(user())
        uow.commit()
        stored = uow.users.get("user-1")
        assert stored is not None
        first = stored.tokens[0]
        stored.tokens = [
            first.model_copy(update={"revoked": True}),
            first.model_copy(update={"token_id": "tok2", "hash": "$argon2id$t2"}),
        ]
        stored.role = Role.ADMINISTRATOR
        uow.users.save(stored)
        uow.commit()
        again = uow.users.get("user-1")
        assert [u.id for u in uow.users.list()] == ["user-1"]
    assert again == stored


def test_audit_entries_are_appended_in_order(db: Database) -> None:
    with SqlAlchemyUnitOfWork(db.engine) as uow:
        first = uow.audit.add(audit_entry())
        second = uow.audit.add(audit_entry("case-2", "assign"))
        uow.commit()
        assert first.id is not None and second.id is not None and first.id < second.id
        assert [e.action for e in uow.audit.list()] == ["receive", "assign"]
        assert uow.audit.list(case_id="case-2") == [second]


def test_the_audit_repository_has_no_way_to_change_an_entry() -> None:
    from openimr.db.repositories import SqlAuditLog

    public = {name for name in dir(SqlAuditLog) if not name.startswith("_")}
    assert public == {"add", "list", "count"}


@pytest.mark.parametrize(
    "statement",
    ["UPDATE audit_entries SET detail = 'changed'", "DELETE FROM audit_entries"],
)
def test_the_database_refuses_to_change_or_delete_an_audit_entry(
    db: Database, statement: str
) -> None:
    with SqlAlchemyUnitOfWork(db.engine) as uow:
        uow.audit.add(audit_entry())
        uow.commit()
    with db.engine.connect() as connection, pytest.raises(DBAPIError, match="append-only"):
        connection.execute(text(statement))
    with SqlAlchemyUnitOfWork(db.engine) as uow:
        assert [e.detail for e in uow.audit.list()] == ["application received"]


def test_a_signed_letter_is_written_once(db: Database) -> None:
    with SqlAlchemyUnitOfWork(db.engine) as uow:
        uow.cases.add(review_case())
        uow.letters.add("case-1", 1, b"%PDF-1.7 one")
        with pytest.raises(ValueError, match="already stored"):
            uow.letters.add("case-1", 1, b"%PDF-1.7 two")
        uow.commit()
        assert uow.letters.get("case-1", 1) == b"%PDF-1.7 one"
        assert uow.letters.get("case-1", 2) is None


def test_a_cases_stamp_is_its_revision_and_reviewer_inside_a_transaction_or_not(
    db: Database,
) -> None:
    with SqlAlchemyUnitOfWork(db.engine) as uow:
        assert uow.cases.stamp("case-1") is None
        uow.reviewers.add(reviewer())
        uow.cases.add(review_case())
        # Inside the transaction that added it: its own uncommitted row.
        assert uow.cases.stamp("case-1") == CaseStamp(0, None)
        uow.commit()
    with SqlAlchemyUnitOfWork(db.engine) as uow:
        case = uow.cases.get("case-1")
        assert case is not None
        case.reviewer_id = "rev-1"
        case.status = CaseStatus.REVIEWER_ASSIGNED
        uow.cases.save(case)
        assert uow.cases.stamp("case-1") == CaseStamp(1, "rev-1")
        uow.commit()
    with SqlAlchemyUnitOfWork(db.engine) as uow:
        # First in its unit of work: a statement of its own, seeing what is committed.
        assert uow.cases.stamp("case-1") == CaseStamp(1, "rev-1")
        assert uow.cases.stamp("case-2") is None


def test_the_facts_of_a_cases_records_are_kept_and_replaced_by_record(db: Database) -> None:
    fact = Fact(
        kind="pain_score",
        value=7.0,
        evidence=Evidence(
            document="r1", start=0, end=4, sentence="Pain 7/10.", date=dt.date(2024, 1, 2)
        ),
    )
    with SqlAlchemyUnitOfWork(db.engine) as uow:
        uow.cases.add(review_case())
        uow.cases.add(review_case(case_id="case-2", number="CM24-0000002"))
        uow.facts.put("case-1", {"r1": RecordFacts(key="a" * 64, facts=[fact])})
        uow.facts.put("case-1", {"r2": RecordFacts(key="b" * 64, facts=[])})
        uow.facts.put("case-2", {"r1": RecordFacts(key="c" * 64, facts=[fact, fact])})
        uow.commit()
    with SqlAlchemyUnitOfWork(db.engine) as uow:
        kept = uow.facts.of_case("case-1")
        assert kept == {
            "r1": RecordFacts(key="a" * 64, facts=[fact]),
            "r2": RecordFacts(key="b" * 64, facts=[]),
        }
        uow.facts.put("case-1", {"r1": RecordFacts(key="d" * 64, facts=[])})
        uow.commit()
    with SqlAlchemyUnitOfWork(db.engine) as uow:
        assert uow.facts.of_case("case-1")["r1"] == RecordFacts(key="d" * 64, facts=[])
        assert len(uow.facts.of_case("case-2")["r1"].facts) == 2
        assert uow.facts.of_case("case-3") == {}
        uow.facts.put("case-1", {})  # nothing to keep: nothing changes
        assert len(uow.facts.of_case("case-1")) == 2
