"""Agreement figures, checked against values worked by hand."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from openimr.corpus.metrics import agreement

UP, OV = "Upheld", "Overturned"


def test_always_upholding_is_ninety_percent_accurate_and_worthless() -> None:
    result = agreement([UP] * 9 + [OV], [UP] * 10)
    assert result.accuracy == pytest.approx(0.9)
    assert result.balanced_accuracy == pytest.approx(0.5)
    assert result.kappa == pytest.approx(0.0)
    assert result.overturned_recall == 0.0


def test_a_confusion_matrix_worked_by_hand() -> None:
    # real: 8 upheld, 2 overturned; engine upholds 7 of the 8 and overturns 1 of the 2
    result = agreement([UP] * 8 + [OV] * 2, [UP] * 7 + [OV] + [UP, OV])
    assert (
        result.upheld_as_upheld,
        result.upheld_as_overturned,
        result.overturned_as_upheld,
        result.overturned_as_overturned,
    ) == (7, 1, 1, 1)
    assert result.upheld_recall == pytest.approx(7 / 8)
    assert result.overturned_recall == pytest.approx(1 / 2)
    assert result.balanced_accuracy == pytest.approx((7 / 8 + 1 / 2) / 2)
    # observed 0.8; chance = 0.8*0.8 + 0.2*0.2 = 0.68; kappa = 0.12 / 0.32
    assert result.kappa == pytest.approx(0.375)


def test_a_recall_with_no_item_of_its_class_is_undefined_not_zero() -> None:
    result = agreement([UP] * 5, [UP] * 4 + [OV])
    assert result.overturned_recall is None
    assert result.balanced_accuracy is None
    assert result.upheld_recall == pytest.approx(0.8)
    assert agreement([OV] * 3, [OV] * 3).upheld_recall is None


def test_kappa_is_undefined_when_chance_agreement_is_certain() -> None:
    assert agreement([UP] * 4, [UP] * 4).kappa is None
    assert agreement([], []).kappa is None
    assert agreement([], []).accuracy is None


def test_the_always_upheld_baseline_keeps_the_real_decisions() -> None:
    result = agreement([UP] * 8 + [OV] * 2, [UP] * 7 + [OV] + [UP, OV])
    baseline = result.always_upheld()
    assert (baseline.upheld_as_upheld, baseline.overturned_as_upheld) == (8, 2)
    assert baseline.upheld_as_overturned == baseline.overturned_as_overturned == 0
    assert baseline.accuracy == pytest.approx(0.8)
    assert baseline.kappa == pytest.approx(0.0)


@given(st.lists(st.sampled_from([UP, OV]), min_size=1, max_size=50))
def test_perfect_agreement_has_accuracy_one(decisions: list[str]) -> None:
    result = agreement(decisions, decisions)
    assert result.accuracy == 1.0
    if UP in decisions and OV in decisions:
        assert result.kappa == pytest.approx(1.0)
    else:
        assert result.kappa is None


@given(
    st.lists(st.tuples(st.sampled_from([UP, OV]), st.sampled_from([UP, OV])), max_size=40),
    st.lists(st.tuples(st.sampled_from([UP, OV]), st.sampled_from([UP, OV])), max_size=40),
)
def test_matrices_add_like_their_items(
    first: list[tuple[str, str]], second: list[tuple[str, str]]
) -> None:
    def of(pairs: list[tuple[str, str]]):  # type: ignore[no-untyped-def]
        return agreement([r for r, _ in pairs], [e for _, e in pairs])

    assert of(first) + of(second) == of(first + second)
