"""An associated surgical service goes with the surgery on its own body region."""

from __future__ import annotations

import datetime as dt

from openimr.domain import Case, Decision, DisputedItem, Record
from openimr.review import decide

KNEE = "Right knee arthroscopy with partial meniscectomy"
SHOULDER = "Left shoulder arthroscopic rotator cuff repair"
ASSISTANT = "Associated surgical service: Assistant surgeon for left shoulder arthroscopy"


def _case(*requests: str) -> Case:
    return Case(
        ur_decision_date=dt.date(2016, 12, 1),
        records=[
            Record(
                id="r1",
                date=dt.date(2016, 11, 20),
                type="progress note",
                text="Right knee and left shoulder pain after a fall.",
            )
        ],
        items=[DisputedItem(request=r) for r in requests],
    )


def test_the_assistant_follows_the_shoulder_operation_not_the_knee_operation() -> None:
    determination = decide(_case(KNEE, SHOULDER, ASSISTANT))
    knee, shoulder, assistant = determination.items
    assert knee.decision is Decision.UPHELD and shoulder.decision is Decision.UPHELD
    assert assistant.hierarchy_step == "follows the primary procedure"
    assert SHOULDER in assistant.rationale and KNEE not in assistant.rationale


def test_a_service_whose_surgery_cannot_be_told_is_judged_on_its_own() -> None:
    determination = decide(_case(KNEE, SHOULDER, "Associated surgical service: Assistant surgeon"))
    assert determination.items[2].hierarchy_step != "follows the primary procedure"
