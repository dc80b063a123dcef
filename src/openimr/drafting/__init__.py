"""Drafting: the clinical case summary and the Final Determination letter of a determination.

``review.decide`` decides; this package writes. ``summary`` writes the clinical case summary
from the records (each sentence with its sources), ``letter`` builds the :class:`Letter` of a
determination (guideline lines from citations as domain values), ``render`` lays it out as text,
HTML or PDF, marked DRAFT until signed and carrying the notice of appeal rights once issued.
"""
