"""The rule-firing count: in how many texts each target rule fires (docs/EVALUATION.md)."""

from __future__ import annotations

from openimr.clinical.firing import firing_counts


def test_a_rule_counts_once_per_text_it_fires_in() -> None:
    counts = firing_counts(
        [
            "Physical therapy helped. More physical therapy was requested.",
            "She had physical therapy in 2015.",
            "No treatment to date.",
        ]
    )
    therapy = [
        n
        for (literal, category), n in counts.items()
        if category == "treatment_tried" and "therapy" in literal.lower()
    ]
    assert therapy and max(therapy) == 2
