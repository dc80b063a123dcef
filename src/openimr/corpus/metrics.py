"""Agreement between the engine's decisions and real reviewers' decisions.

Upheld is the majority class (about 90% of items), so accuracy alone says little: a system that
always upholds is right 90% of the time. The figures that matter are the recall of each class,
their mean (balanced accuracy) and Cohen's kappa (agreement beyond chance).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["Agreement", "agreement"]

UPHELD, OVERTURNED = "Upheld", "Overturned"


@dataclass(frozen=True)
class Agreement:
    """A confusion matrix of real (rows) against engine (columns) decisions, and its figures."""

    upheld_as_upheld: int = 0
    upheld_as_overturned: int = 0
    overturned_as_upheld: int = 0
    overturned_as_overturned: int = 0

    @property
    def items(self) -> int:
        return (
            self.upheld_as_upheld
            + self.upheld_as_overturned
            + self.overturned_as_upheld
            + self.overturned_as_overturned
        )

    @property
    def accuracy(self) -> float:
        return _ratio(self.upheld_as_upheld + self.overturned_as_overturned, self.items)

    @property
    def upheld_recall(self) -> float:
        return _ratio(self.upheld_as_upheld, self.upheld_as_upheld + self.upheld_as_overturned)

    @property
    def overturned_recall(self) -> float:
        return _ratio(
            self.overturned_as_overturned, self.overturned_as_upheld + self.overturned_as_overturned
        )

    @property
    def balanced_accuracy(self) -> float:
        return (self.upheld_recall + self.overturned_recall) / 2

    @property
    def kappa(self) -> float:
        """Cohen's kappa: (observed - chance agreement) / (1 - chance agreement)."""
        n = self.items
        if not n:
            return 0.0
        real_upheld = (self.upheld_as_upheld + self.upheld_as_overturned) / n
        said_upheld = (self.upheld_as_upheld + self.overturned_as_upheld) / n
        chance = real_upheld * said_upheld + (1 - real_upheld) * (1 - said_upheld)
        return 0.0 if chance == 1 else (self.accuracy - chance) / (1 - chance)


def _ratio(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


def agreement(real: Sequence[str], engine: Sequence[str]) -> Agreement:
    """Count the pairs of (real, engine) decisions, each "Upheld" or "Overturned"."""
    counts = {
        (UPHELD, UPHELD): 0,
        (UPHELD, OVERTURNED): 0,
        (OVERTURNED, UPHELD): 0,
        (OVERTURNED, OVERTURNED): 0,
    }
    for pair in zip(real, engine, strict=True):
        counts[pair] += 1
    return Agreement(
        counts[UPHELD, UPHELD],
        counts[UPHELD, OVERTURNED],
        counts[OVERTURNED, UPHELD],
        counts[OVERTURNED, OVERTURNED],
    )
