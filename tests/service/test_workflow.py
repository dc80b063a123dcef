"""Every transition of the workflow is a rule: each allowed one is allowed, every other pair of
states is refused (no skipping), and a step back needs a reason."""

from __future__ import annotations

import itertools

import pytest

from openimr.service.errors import TransitionNotAllowed
from openimr.service.model import CaseStatus
from openimr.service.workflow import TRANSITIONS, check_transition, find_transition

S = CaseStatus
PAIRS = list(itertools.product(CaseStatus, CaseStatus))
ALLOWED = {(t.source, t.target) for t in TRANSITIONS}


@pytest.mark.parametrize(
    "transition", TRANSITIONS, ids=[f"{t.source.value}->{t.target.value}" for t in TRANSITIONS]
)
def test_each_allowed_transition_is_allowed_by_its_action(transition) -> None:  # type: ignore[no-untyped-def]
    reason = "recorded reason" if transition.backward else None
    assert check_transition(transition.source, transition.target, transition.action, reason)


@pytest.mark.parametrize(
    ("source", "target"),
    [pair for pair in PAIRS if pair not in ALLOWED],
    ids=[f"{a.value}->{b.value}" for a, b in PAIRS if (a, b) not in ALLOWED],
)
def test_every_other_step_is_refused(source: CaseStatus, target: CaseStatus) -> None:
    for action in {t.action for t in TRANSITIONS}:
        with pytest.raises(TransitionNotAllowed):
            check_transition(source, target, action, "a reason does not open a closed door")


@pytest.mark.parametrize(
    "transition",
    [t for t in TRANSITIONS if t.backward],
    ids=[f"{t.source.value}->{t.target.value}" for t in TRANSITIONS if t.backward],
)
def test_a_step_back_needs_a_reason(transition) -> None:  # type: ignore[no-untyped-def]
    for reason in (None, "", "   "):
        with pytest.raises(TransitionNotAllowed, match="needs a reason"):
            check_transition(transition.source, transition.target, transition.action, reason)


def test_the_forward_path_is_the_process_in_order() -> None:
    path = [
        S.RECEIVED,
        S.ELIGIBLE,
        S.RECORDS_REQUESTED,
        S.RECORDS_RECEIVED,
        S.REVIEWER_ASSIGNED,
        S.DRAFTED,
        S.IN_REVIEW,
        S.SIGNED,
        S.ISSUED,
    ]
    for source, target in itertools.pairwise(path):
        transition = find_transition(source, target)
        assert transition is not None and not transition.backward, (source, target)


def test_the_steps_back_are_exactly_the_named_ones() -> None:
    back = {(t.source, t.target, t.action) for t in TRANSITIONS if t.backward}
    assert {(s, t, a) for s, t, a in back if a != "withdraw"} == {
        (S.INELIGIBLE, S.RECEIVED, "reconsider"),
        (S.REVIEWER_ASSIGNED, S.RECORDS_RECEIVED, "unassign_reviewer"),
        (S.SIGNED, S.IN_REVIEW, "reopen"),
        (S.ISSUED, S.IN_REVIEW, "correct"),
    }


def test_withdrawal_is_possible_before_issue_and_not_after() -> None:
    for state in CaseStatus:
        allowed = find_transition(state, S.WITHDRAWN) is not None
        assert allowed is (state not in (S.ISSUED, S.WITHDRAWN)), state


def test_the_right_step_by_the_wrong_action_is_refused() -> None:
    with pytest.raises(TransitionNotAllowed):
        check_transition(S.IN_REVIEW, S.SIGNED, "issue")


def test_a_refusal_names_the_actions_allowed() -> None:
    with pytest.raises(TransitionNotAllowed, match=r"allowed: .*request_records"):
        check_transition(S.ELIGIBLE, S.DRAFTED, "draft")
