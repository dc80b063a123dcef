"""Signing in with a password (the web login's use case): the right password signs in, every
failure answers the same None after one argon2 verification, and an old hash is renewed."""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher

from openimr.service.context import ServiceContext
from openimr.service.model import Role, User
from openimr.service.usecases import accounts, authenticate_password

PASSWORD = "correct horse battery staple"


class CountingHasher(PasswordHasher):
    """argon2 itself, counting the verifications it makes."""

    verified = 0

    def verify(self, hash: str | bytes, password: str | bytes) -> bool:
        type(self).verified += 1
        return super().verify(hash, password)


@pytest.fixture
def hasher(monkeypatch: pytest.MonkeyPatch) -> type[CountingHasher]:
    CountingHasher.verified = 0
    monkeypatch.setattr(accounts, "PASSWORDS", CountingHasher())
    return CountingHasher


def _user(ctx: ServiceContext, user_id: str, email: str, **changes: object) -> User:
    values: dict[str, object] = {
        "id": user_id,
        "email": email,
        "role": Role.CASE_MANAGER,
        "password_hash": PasswordHasher().hash(PASSWORD),
    }
    values.update(changes)
    user = User.model_validate(values)
    with ctx.uow() as uow:
        uow.users.add(user)
        uow.commit()
    return user


def test_the_right_password_signs_in_whatever_the_emails_case(ctx: ServiceContext) -> None:
    _user(ctx, "u1", "manager@example.org")
    signed = authenticate_password(ctx, "  Manager@Example.ORG ", PASSWORD)
    assert signed is not None and signed.id == "u1"


@pytest.mark.parametrize(
    ("email", "password", "changes"),
    [
        ("manager@example.org", "correct horse battery stapler", {}),
        ("nobody@example.org", PASSWORD, {}),
        ("manager@example.org", PASSWORD, {"active": False}),
        ("manager@example.org", PASSWORD, {"password_hash": None}),
        ("manager@example.org", PASSWORD, {"password_hash": "not an argon2 hash"}),
        ("manager@example.org", "", {}),
    ],
    ids=["wrong password", "unknown email", "inactive", "no password set", "damaged hash", "empty"],
)
def test_every_failure_is_none_after_one_verification(
    ctx: ServiceContext,
    hasher: type[CountingHasher],
    email: str,
    password: str,
    changes: dict[str, object],
) -> None:
    _user(ctx, "u1", "manager@example.org", **changes)
    assert authenticate_password(ctx, email, password) is None
    # The same work on every path: a stranger learns nothing from the time it took.
    assert hasher.verified == 1


def test_a_hash_with_older_parameters_is_renewed_on_sign_in(
    ctx: ServiceContext, hasher: type[CountingHasher]
) -> None:
    weak = PasswordHasher(time_cost=1, memory_cost=8 * 1024, parallelism=1).hash(PASSWORD)
    _user(ctx, "u1", "manager@example.org", password_hash=weak)
    assert authenticate_password(ctx, "manager@example.org", PASSWORD) is not None
    with ctx.uow() as uow:
        stored = uow.users.get("u1")
    assert stored is not None and stored.password_hash not in (None, weak)
    assert stored.password_hash is not None
    assert not accounts.PASSWORDS.check_needs_rehash(stored.password_hash)
    assert authenticate_password(ctx, "manager@example.org", PASSWORD) is not None
    assert authenticate_password(ctx, "manager@example.org", "not the password") is None
