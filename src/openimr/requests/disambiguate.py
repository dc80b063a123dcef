"""Requests whose words name two services: a procedure written with its drug, a test written
like a treatment.

- A corticosteroid or local anaesthetic *injected into a joint* ("Kenalog injection to the right
  knee", "Lidocaine and Depo-Medrol injection, left shoulder") is a joint injection, a procedure;
  the drug stays in the drug fields. An injection into a muscle ("Toradol 60mg IM injection") is
  the drug.
- "Ultrasound" alone is a diagnostic ultrasound ("Right shoulder ultrasound"); it is ultrasound
  therapy only when written as a therapy or counted in sessions ("Ultrasound 1 times 8").
"""

from __future__ import annotations

import re

__all__ = ["INJECTATES", "procedure_for_drug", "test_or_treatment"]

_INJECTED = re.compile(r"\binject(?:ion|ions|ed|able)?\b|\binj\b", re.I)
_INTO_MUSCLE = re.compile(
    r"\b(?:im|intramuscular(?:ly)?|iv|intravenous(?:ly)?|sq|subq|subcutaneous)\b", re.I
)
_JOINTS = frozenset(
    {"shoulder", "elbow", "wrist", "hand", "hip", "knee", "ankle", "foot", "sacroiliac joint"}
)
# the classes of drug an injection procedure injects
INJECTATES = frozenset({"corticosteroid", "local_anesthetic"})
_DIAGNOSTIC = re.compile(r"\b(?:diagnostic|doppler|duplex|musculoskeletal|guided|guidance)\b", re.I)
_THERAPY = re.compile(r"\b(?:therap\w*|pulsed|phonophoresis|treatments?|sessions?|visits?)\b", re.I)


def procedure_for_drug(text: str, body_parts: list[str], drug_class: str | None) -> str | None:
    """``joint_injection`` when a request names a corticosteroid or local anaesthetic injected
    into a joint; None when the request is for the drug."""
    if drug_class not in INJECTATES or not _INJECTED.search(text):
        return None
    if _INTO_MUSCLE.search(text) or not _JOINTS.intersection(body_parts):
        return None
    return "joint_injection"


def test_or_treatment(text: str, family_id: str, counted: bool) -> str:
    """``ultrasound_therapy`` for an ultrasound counted in sessions or written as a therapy and
    not said to be diagnostic; any other family unchanged."""
    if family_id != "diagnostic_ultrasound" or _DIAGNOSTIC.search(text):
        return family_id
    return "ultrasound_therapy" if counted or _THERAPY.search(text) else family_id
