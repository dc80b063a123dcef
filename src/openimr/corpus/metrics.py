"""Agreement between the engine's decisions and real reviewers' decisions.

Upheld is the majority class (about 90% of items), so accuracy alone says little: a system that
always upholds is right 90% of the time. The figures that matter are the recall of each class,
their mean (balanced accuracy) and Cohen's kappa (agreement beyond chance).

A figure that cannot be computed from the input (the overturned recall of a set with no
Overturned item) is None, "undefined", never 0: a 0 would read as a measured failure.
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
    def accuracy(self) -> float | None:
        return _ratio(self.upheld_as_upheld + self.overturned_as_overturned, self.items)

    @property
    def upheld_recall(self) -> float | None:
        """Undefined (None) when no real decision was Upheld."""
        return _ratio(self.upheld_as_upheld, self.upheld_as_upheld + self.upheld_as_overturned)

    @property
    def overturned_recall(self) -> float | None:
        """Undefined (None) when no real decision was Overturned."""
        return _ratio(
            self.overturned_as_overturned, self.overturned_as_upheld + self.overturned_as_overturned
        )

    @property
    def balanced_accuracy(self) -> float | None:
        """The mean of the two recalls; undefined unless both classes occur in the real decisions."""
        upheld, overturned = self.upheld_recall, self.overturned_recall
        return None if upheld is None or overturned is None else (upheld + overturned) / 2

    @property
    def kappa(self) -> float | None:
        """Cohen's kappa: (observed - chance agreement) / (1 - chance agreement); undefined when
        chance agreement is certain (both sides gave one and the same answer throughout)."""
        n = self.items
        if not n:
            return None
        real_upheld = (self.upheld_as_upheld + self.upheld_as_overturned) / n
        said_upheld = (self.upheld_as_upheld + self.overturned_as_upheld) / n
        chance = real_upheld * said_upheld + (1 - real_upheld) * (1 - said_upheld)
        observed = (self.upheld_as_upheld + self.overturned_as_overturned) / n
        return None if chance == 1 else (observed - chance) / (1 - chance)

    def always_upheld(self) -> Agreement:
        """The baseline that answers "Upheld" every time, on the same real decisions."""
        return Agreement(
            upheld_as_upheld=self.upheld_as_upheld + self.upheld_as_overturned,
            overturned_as_upheld=self.overturned_as_upheld + self.overturned_as_overturned,
        )

    def __add__(self, other: Agreement) -> Agreement:
        return Agreement(
            self.upheld_as_upheld + other.upheld_as_upheld,
            self.upheld_as_overturned + other.upheld_as_overturned,
            self.overturned_as_upheld + other.overturned_as_upheld,
            self.overturned_as_overturned + other.overturned_as_overturned,
        )


def _ratio(part: int, whole: int) -> float | None:
    return part / whole if whole else None


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
