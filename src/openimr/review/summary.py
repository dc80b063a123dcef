"""Moved to :mod:`openimr.drafting.summary`; kept only until every caller imports it from there."""

from openimr.drafting.summary import SummarySentence, summary_text, write_summary

__all__ = ["SummarySentence", "summary_text", "write_summary"]
