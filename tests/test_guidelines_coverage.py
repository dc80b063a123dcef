"""Every service the request parser knows has a criteria set, and the common surgeries and the
services around them reach their own sets."""

from __future__ import annotations

import datetime as dt

import pytest

from openimr.guidelines import Family, KnowledgeBase
from openimr.requests import parse

try:  # the vocabularies are moving from the requests package to openimr.vocab
    from openimr.vocab.schema import load_vocabulary
except ImportError:  # pragma: no cover - before the move
    from openimr.requests.vocabulary import load_vocabulary  # type: ignore[no-redef]

ON = dt.date(2016, 12, 1)
# "unknown" is what the parser gives a request it cannot place: there is nothing to match.
PARSER_FAMILIES = sorted(f.id for f in load_vocabulary().services.families if f.id != "unknown")


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return KnowledgeBase.load()


@pytest.mark.parametrize("family", PARSER_FAMILIES)
def test_every_parser_family_is_a_knowledge_base_family(family: str) -> None:
    assert family in {f.value for f in Family}


@pytest.mark.parametrize("family", PARSER_FAMILIES)
def test_every_parser_family_has_a_criteria_set(kb: KnowledgeBase, family: str) -> None:
    covering = [s.id for s in kb.all() if family in {f.value for f in s.families}]
    assert covering, f"no criteria set covers the parser family '{family}'"


@pytest.mark.parametrize(
    ("request_text", "criteria_set"),
    [
        ("Right knee arthroscopy with partial medial meniscectomy", "surgery_knee_arthroscopy"),
        ("Left total knee arthroplasty", "surgery_knee_arthroplasty"),
        ("Right total hip replacement", "surgery_hip_arthroplasty"),
        ("Right carpal tunnel release", "surgery_carpal_tunnel_release"),
        ("L4-5 laminectomy and discectomy", "surgery_lumbar_decompression"),
        ("L4-S1 posterior lumbar fusion", "surgery_lumbar_fusion"),
        ("Anterior cervical discectomy and fusion C5-6", "surgery_cervical_spine"),
        ("Left shoulder arthroscopy with subacromial decompression", "surgery_shoulder"),
        ("Crutches", "walking_aids"),
        ("CPM machine rental 21 days", "continuous_passive_motion"),
        ("Assistant surgeon", "assistant_surgeon"),
        ("Medical clearance", "preoperative_clearance"),
        ("Pre-op EKG", "preoperative_ekg"),
    ],
)
def test_common_surgeries_and_their_services_reach_their_sets(
    kb: KnowledgeBase, request_text: str, criteria_set: str
) -> None:
    found = kb.match(parse(request_text), ON)
    assert found is not None, request_text
    assert found.criteria_set.id == criteria_set
    assert found.guideline is not None


def test_a_surgery_set_for_one_operation_is_not_used_for_another(kb: KnowledgeBase) -> None:
    found = kb.match(parse("Right knee ACL reconstruction"), ON)
    assert found is not None and found.criteria_set.id != "surgery_knee_arthroplasty"


def test_a_silent_mtus_hands_knee_replacement_to_odg(kb: KnowledgeBase) -> None:
    found = kb.match(parse("Left total knee arthroplasty"), ON)
    assert found is not None and found.guideline is not None
    assert found.guideline.citation.document == "Official Disability Guidelines (ODG)"
