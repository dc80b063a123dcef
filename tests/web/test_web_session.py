"""The web session cookie and the form token: signed, tied to one user, expiring."""

from __future__ import annotations

from openimr.web.session import Sessions

KEY = Sessions(b"k" * 32, max_age=3600)


def test_a_cookie_names_its_user_until_it_expires() -> None:
    cookie = KEY.issue("user-1", now=1_000_000)
    assert KEY.user_id(cookie, now=1_000_000 + 3599) == "user-1"
    assert KEY.user_id(cookie, now=1_000_000 + 3601) is None
    assert KEY.user_id(cookie, now=1_000_000 - 10) is None  # issued in the future


def test_a_forged_or_mangled_cookie_names_nobody() -> None:
    cookie = KEY.issue("user-1", now=1_000_000)
    encoded, issued, signature = cookie.split(".")
    other = Sessions(b"x" * 32).issue("user-1", now=1_000_000)
    assert KEY.user_id(other, now=1_000_000) is None
    forged_user = KEY.issue("user-2", now=1_000_000).split(".")[0]
    assert KEY.user_id(f"{forged_user}.{issued}.{signature}", now=1_000_000) is None
    assert KEY.user_id(f"{encoded}.{int(issued) + 1}.{signature}", now=1_000_000) is None
    for bad in (None, "", "a.b", "a.b.c.d", "....", cookie + "x"):
        assert KEY.user_id(bad, now=1_000_000) is None


def test_the_form_token_belongs_to_one_session() -> None:
    first = KEY.issue("user-1", now=1_000_000)
    second = KEY.issue("user-1", now=1_000_001)
    token = KEY.form_token(first)
    assert KEY.form_token_ok(first, token)
    assert not KEY.form_token_ok(second, token)
    assert not KEY.form_token_ok(None, token)
    assert not KEY.form_token_ok(first, None)
    assert not KEY.form_token_ok(first, token[:-1])
