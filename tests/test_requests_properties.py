"""Properties of ``parse`` that hold for every text, checked with Hypothesis."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from openimr import vocab
from openimr.requests import Request, parse, parse_item, parse_items
from openimr.requests.anatomy import _regions
from openimr.requests.medication import drug_index
from openimr.requests.quantity import NUMBER_WORDS
from openimr.requests.services import _service_index

_WORDS = {
    value: word for word, value in NUMBER_WORDS.items() if word not in {"once", "twice", "thrice"}
}
frequencies = st.integers(min_value=1, max_value=7)
weeks = st.integers(min_value=1, max_value=12)
services = st.sampled_from(
    ["Physical therapy", "Chiropractic care", "Acupuncture", "Post-op physical therapy", "PT", ""]
)
body_parts = st.sampled_from(["", " for the lumbar spine", " to the right knee", " of the neck"])

request_like = st.lists(
    st.sampled_from(
        [
            "MRI",
            "Norco",
            "10/325mg",
            "#90",
            "x",
            "times",
            "a week",
            "for",
            "weeks",
            "-",
            "/",
            "2",
            "12",
            "two",
            "(",
            ")",
            "%",
            "DOS:",
            "11/31/2016",
            "99/99/99",
            "L4-5",
            "L",
            "R",
            "left",
            "bilateral",
            "Associated surgical service:",
            "Retrospective",
            "with",
            "refills",
            "was the original request.",
            "day supply:",
            "cream base",
            "0",
            "1-",
            "to",
            "sessions",
        ]
    ),
    max_size=12,
).map(" ".join)


@given(st.text())
def test_parse_never_raises_on_any_text(text: str) -> None:
    assert isinstance(parse(text), Request)


@given(request_like)
def test_parse_never_raises_on_text_made_of_request_words(text: str) -> None:
    request = parse(text)
    assert request.family == "unknown" or request.family in vocab.family_ids()


@given(services, frequencies, weeks, body_parts)
def test_n_times_a_week_for_m_weeks_is_n_times_m_sessions(
    service: str, n: int, m: int, where: str
) -> None:
    week = "week" if m == 1 else "weeks"
    request = parse(f"{service} {n} times a week for {m} {week}{where}")
    assert (request.sessions, request.frequency_per_week, request.duration_weeks) == (n * m, n, m)


@given(services, frequencies, weeks)
def test_number_words_give_the_same_sessions_as_figures(service: str, n: int, m: int) -> None:
    request = parse(f"{service} {_WORDS[n]} times a week for {_WORDS[m]} weeks")
    assert request.sessions == n * m


@given(services, frequencies, weeks)
def test_n_x_per_week_x_m_weeks_is_n_times_m_sessions(service: str, n: int, m: int) -> None:
    assert parse(f"{service} {n}x/week x {m} weeks").sessions == n * m


@given(services, frequencies, weeks, st.sampled_from(["x", " x ", " times ", "X"]))
def test_n_by_m_is_n_times_m_sessions(service: str, n: int, m: int, by: str) -> None:
    request = parse(f"{service} {n}{by}{m}")
    assert (request.sessions, request.frequency_per_week, request.duration_weeks) == (n * m, n, m)


@given(services, frequencies, weeks)
def test_times_a_week_times_m_weeks_is_n_times_m_sessions(service: str, n: int, m: int) -> None:
    assert parse(f"{service} {_WORDS[n]} times a week times {_WORDS[m]} weeks").sessions == n * m


@given(st.integers(min_value=1, max_value=6), st.integers(min_value=1, max_value=11))
def test_a_range_of_frequencies_gives_a_range_of_sessions(low: int, m: int) -> None:
    request = parse(f"Physical therapy {low}-{low + 1} times a week for {m} weeks")
    assert request.sessions is None
    assert request.sessions_range == (low * m, (low + 1) * m)


@given(st.text(max_size=40))
def test_the_associated_surgical_lead_always_sets_the_category(rest: str) -> None:
    request = parse(f"Associated surgical service: {rest}")
    assert request.associated_surgical_service
    assert request.category == "associated surgical service"


@given(st.lists(request_like, max_size=6))
def test_parse_items_never_raises_and_gives_one_request_per_item(texts: list[str]) -> None:
    parsed = parse_items(texts)
    assert [request.text for request in parsed] == texts
    for index, request in enumerate(parsed):
        if request.continues is not None:
            assert request.fragment
            assert request.continues in texts[:index]


@given(st.one_of(request_like, st.text(max_size=60)))
def test_a_cached_parse_equals_a_fresh_one(text: str) -> None:
    assert parse(text) == parse.__wrapped__(text)


@settings(deadline=None)  # the first example compiles every phrase
@given(st.one_of(request_like, st.text(max_size=60)))
def test_the_phrase_prefilter_finds_what_trying_every_phrase_finds(text: str) -> None:
    for index in (_service_index(), drug_index(), _regions()):
        assert index.mentions(text) == index.every_mention(text)


@given(request_like, st.one_of(st.none(), request_like), st.one_of(st.none(), request_like))
def test_parse_item_never_raises_and_keeps_what_it_is_given(
    text: str, original: str | None, authorized: str | None
) -> None:
    request = parse_item(text, original_request=original, authorized=authorized)
    assert request.text == text
    if authorized:
        assert request.authorized == authorized
        assert request.authorized_request == parse(authorized)
