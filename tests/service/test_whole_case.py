"""One case from application to issued letter and its correction, through the use cases on the
in-memory unit of work, with the real engine and the real letter: versions, audit, the
reviewer's anonymity, and no protected health information in any log line."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from openimr import cases, letters
from openimr.bootstrap import bootstrap
from openimr.config import Settings
from openimr.domain import Case, Decision
from openimr.letters.source import pdf_text
from openimr.service import usecases
from openimr.service.context import Actor, ServiceContext
from openimr.service.errors import NotFound, NotPermitted, SettingsMissing, TransitionNotAllowed
from openimr.service.fakes import FakeUnitOfWork, InMemoryStore
from openimr.service.model import CaseParties, CaseStatus, ReviewCase
from openimr.service.usecases import Application

from .builders import ADMIN, EXAMPLES, SETTINGS, STAFF, Clock, reviewer, reviewer_actor

PARTIES = CaseParties(
    employer="Example Manufacturing Co.",
    employee="Pat Example-Worker",
    claims_administrator="Sample Claims Services",
    providers=["Dr Quinn Treating"],
)
REVIEWER_NAME = "Dr Fictional RV1"
CORRECTION = "the trigger point item cited the wrong page"


@dataclass
class Run:
    ctx: ServiceContext
    store: InMemoryStore
    content: Case
    case: ReviewCase
    first_pdf: bytes
    logs: list[str]


class _Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


@pytest.fixture(scope="module")
def run() -> Iterator[Run]:
    capture = _Capture()
    root = logging.getLogger()
    previous_level = root.level
    root.addHandler(capture)
    root.setLevel(logging.DEBUG)
    try:
        yield _whole_case(capture)
    finally:
        root.removeHandler(capture)
        root.setLevel(previous_level)


def _whole_case(capture: _Capture) -> Run:
    store = InMemoryStore()
    clock = Clock(dt.datetime(2014, 8, 15, 9, tzinfo=dt.UTC))
    ctx = bootstrap(uow_factory=lambda: FakeUnitOfWork(store), settings=SETTINGS, clock=clock)
    content = cases.load(EXAMPLES / "seed-facet-and-trigger-point.yaml")
    usecases.register_reviewer(ctx, ADMIN, reviewer("rv1", name=REVIEWER_NAME))
    usecases.register_reviewer(ctx, ADMIN, reviewer("rv2", name="Dr Fictional RV2", load=0))
    assert content.case_number and content.received
    case = usecases.receive_application(
        ctx,
        STAFF,
        Application(
            case_number=content.case_number,
            received=content.received,
            case=content.model_copy(update={"records": []}),
            parties=PARTIES,
        ),
    )
    case_id = case.id
    usecases.check_eligibility(ctx, STAFF, case_id)
    usecases.request_records(ctx, STAFF, case_id)
    clock.advance(days=3)
    usecases.add_records(ctx, STAFF, case_id, list(content.records))
    assigned = usecases.assign_reviewer(ctx, STAFF, case_id).case.reviewer_id
    assert assigned is not None
    me = reviewer_actor(assigned)
    usecases.draft(ctx, STAFF, case_id)
    usecases.start_review(ctx, me, case_id)
    usecases.edit_item(
        ctx, me, case_id, 1, reason="radiculopathy is not documented", decision=Decision.OVERTURNED
    )
    clock.advance(days=2)
    usecases.sign(ctx, me, case_id)
    usecases.issue(ctx, STAFF, case_id)
    first_pdf = usecases.letter_pdf(ctx, STAFF, case_id, version=1)
    clock.advance(days=5)
    usecases.correct(ctx, STAFF, case_id, CORRECTION)
    usecases.edit_item(
        ctx,
        me,
        case_id,
        1,
        reason="restored after the physician's re-reading",
        decision=Decision.UPHELD,
    )
    usecases.sign(ctx, me, case_id)
    final = usecases.issue(ctx, STAFF, case_id)
    return Run(ctx, store, content, final, first_pdf, capture.lines)


def test_the_case_ends_issued_with_two_versions_the_second_naming_the_first(run: Run) -> None:
    case = run.case
    assert case.status is CaseStatus.ISSUED
    assert [(v.version, v.replaces) for v in case.letters] == [(1, None), (2, 1)]
    assert all(v.issued_at is not None for v in case.letters)
    assert case.letters[1].correction_reason == CORRECTION
    assert case.letters[0].correction_reason is None


def test_each_version_is_stored_with_its_sha256_and_never_changed(run: Run) -> None:
    for version in run.case.letters:
        pdf = run.store.letters[(run.case.id, version.version)]
        assert hashlib.sha256(pdf).hexdigest() == version.sha256
    assert run.store.letters[(run.case.id, 1)] == run.first_pdf
    assert run.case.letters[0].determination.items[1].decision is Decision.OVERTURNED
    assert run.case.letters[1].determination.items[1].decision is Decision.UPHELD


def test_the_issued_pdf_reads_back_to_the_signed_decisions(run: Run) -> None:
    for version in run.case.letters:
        pdf = run.store.letters[(run.case.id, version.version)]
        read = letters.read(pdf)
        assert [(i.request, i.decision) for i in read.items] == [
            (i.request, i.decision) for i in version.determination.items
        ]
        assert read.case_number == run.case.case_number
        text = " ".join(pdf_text(pdf).split())
        assert "DRAFT" not in text
        assert "Workers' Compensation Appeals Board within 30 days" in text


def test_the_reviewers_identity_never_appears_in_a_letter(run: Run) -> None:
    html = usecases.letter_html(run.ctx, STAFF, run.case.id)
    for version in run.case.letters:
        text = pdf_text(run.store.letters[(run.case.id, version.version)])
        for shown in (text, html, version.letter.model_dump_json()):
            assert REVIEWER_NAME not in shown and "rv1" not in shown and "u-rv1" not in shown
    # The credentials shown are the assigned reviewer's, from the registry.
    assert run.case.letters[-1].letter.reviewer.licensure == ["California"]
    assert run.case.letters[-1].letter.reviewer.specialties == [
        "Physical Medicine & Rehabilitation"
    ]


def test_each_edit_keeps_the_engines_original_beside_it(run: Run) -> None:
    draft = run.case.draft
    assert draft is not None
    assert [e.index for e in run.case.edits] == [1, 1]
    for edit in run.case.edits:
        assert edit.original == draft.items[1]
        assert edit.by == "u-rv1" and edit.reason
    assert run.case.determination is not None
    assert run.case.determination.items[1].decision is run.case.edits[-1].edited.decision


def test_every_use_case_wrote_an_audit_entry_in_order(run: Run) -> None:
    trail = usecases.audit_trail(run.ctx, STAFF, run.case.id)
    assert [e.action for e in trail] == [
        "receive_application",
        "check_eligibility",
        "request_records",
        "add_records",
        "assign_reviewer",
        "draft",
        "start_review",
        "edit_item",
        "sign",
        "issue",
        "correct",
        "edit_item",
        "sign",
        "issue",
    ]
    moves = [(e.from_status, e.to_status) for e in trail if e.to_status is not None]
    assert moves[0] == (None, CaseStatus.RECEIVED)
    assert all(a == b or a is None or b is not None for a, b in moves)
    assert trail[-1].actor == STAFF.user_id and trail[8].actor == "u-rv1"
    reviewers_trail = [e for e in run.store.audit if e.case_id is None]
    assert [e.action for e in reviewers_trail] == ["register_reviewer", "register_reviewer"]


def test_no_log_line_carries_protected_health_information(run: Run) -> None:
    assert run.logs, "the use cases log their steps"
    logged = "\n".join(run.logs)
    phi = [
        *(value for value in PARTIES.model_dump().values() if isinstance(value, str)),
        *PARTIES.providers,
        REVIEWER_NAME,
        "03/30/2000",
        "2000-03-30",
        *(item.request for item in run.content.items),
    ]
    for record in run.content.records:
        phi.extend(s.strip() for s in record.text.split(".") if len(s.strip()) > 25)
    leaked = [value for value in phi if value and value in logged]
    assert leaked == []
    assert run.case.id in logged


def test_a_reviewer_not_assigned_sees_no_such_case(run: Run) -> None:
    other = reviewer_actor("rv2")
    for read in (
        lambda: usecases.get_case(run.ctx, other, run.case.id),
        lambda: usecases.letter_pdf(run.ctx, other, run.case.id),
        lambda: usecases.audit_trail(run.ctx, other, run.case.id),
    ):
        with pytest.raises(NotFound):
            read()
    assert usecases.list_cases(run.ctx, other) == []
    assert [c.id for c in usecases.list_cases(run.ctx, reviewer_actor("rv1"))] == [run.case.id]


def test_roles_are_checked_per_action(run: Run) -> None:
    me = reviewer_actor("rv1")
    with pytest.raises(NotPermitted):
        usecases.issue(run.ctx, me, run.case.id)
    with pytest.raises(NotPermitted):
        usecases.withdraw(run.ctx, me, run.case.id, "a reviewer may not withdraw")
    with pytest.raises(NotPermitted):
        usecases.sign(run.ctx, STAFF, run.case.id)
    with pytest.raises(NotPermitted):
        usecases.register_reviewer(run.ctx, STAFF, reviewer("rv9"))
    with pytest.raises(NotFound):
        usecases.get_case(run.ctx, STAFF, "no-such-case")


def test_an_issued_case_cannot_be_withdrawn_or_signed_again(run: Run) -> None:
    with pytest.raises(TransitionNotAllowed):
        usecases.withdraw(run.ctx, STAFF, run.case.id, "too late")
    with pytest.raises(TransitionNotAllowed):
        usecases.sign(run.ctx, reviewer_actor("rv1"), run.case.id)


def test_issuing_without_the_settings_a_letter_needs_is_an_error(run: Run) -> None:
    store = InMemoryStore()
    ctx = bootstrap(
        uow_factory=lambda: FakeUnitOfWork(store),
        settings=Settings(),
        clock=Clock(dt.datetime(2014, 8, 15, 9, tzinfo=dt.UTC)),
        kb=run.ctx.kb,
        extract=run.ctx.extract,
    )
    # Copy the finished case back to "signed" in a fresh store to try issuing it there.
    signed = run.case.model_copy(update={"status": CaseStatus.SIGNED})
    with ctx.uow() as uow:
        uow.cases.add(signed)
        uow.commit()
    with pytest.raises(SettingsMissing, match="review_organization.name"):
        usecases.issue(ctx, STAFF, signed.id)


def test_a_draft_letter_is_marked_draft_before_signing(run: Run) -> None:
    store = InMemoryStore()
    ctx = bootstrap(
        uow_factory=lambda: FakeUnitOfWork(store),
        settings=SETTINGS,
        kb=run.ctx.kb,
        extract=run.ctx.extract,
    )
    drafted = run.case.model_copy(
        update={"status": CaseStatus.IN_REVIEW, "letters": [], "edits": []}
    )
    with ctx.uow() as uow:
        uow.cases.add(drafted)
        uow.commit()
    html = usecases.letter_html(ctx, STAFF, drafted.id)
    assert 'class="draft"' in html and "Appeals Board" not in html
    assert letters.read(usecases.letter_pdf(ctx, STAFF, drafted.id)).items[1].decision is (
        run.case.draft.items[1].decision if run.case.draft else None
    )


def test_a_staff_actor_cannot_act_as_a_reviewer_by_naming_one() -> None:
    impostor = Actor(user_id="u-staff", role=STAFF.role, reviewer_id="rv1")
    from openimr.service.permissions import require

    with pytest.raises(NotPermitted):
        require(impostor, "sign")
