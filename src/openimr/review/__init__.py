"""The determination engine: decide each disputed item of a case from criteria and facts."""

from openimr.review.engine import case_facts, decide

__all__ = ["case_facts", "decide"]
