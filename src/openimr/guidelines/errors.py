"""The error the knowledge base raises when its data files are malformed (see ``openimr.errors``)."""

from openimr.errors import GuidelineDataError

__all__ = ["GuidelineDataError"]
