"""Signing in with a password: the web login's check, over the users' repository.

Only the argon2 hash of a password is stored. Every failure (unknown email, inactive user, no
password set, wrong password, a damaged hash) spends one argon2 verification, so a stranger
cannot tell a registered email from an unknown one by timing, and every failure answers the
same None. A hash made with older parameters is replaced on the next successful sign-in.
"""

from __future__ import annotations

import logging
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from openimr.service.context import ServiceContext
from openimr.service.model import User

__all__ = ["PASSWORDS", "authenticate_password"]

log = logging.getLogger("openimr.service")

PASSWORDS = PasswordHasher()
"""Passwords are guessable: argon2's default (slow) parameters."""


@cache
def _decoy() -> str:
    """A hash no password is checked against for real: what a failure verifies instead."""
    return PASSWORDS.hash("no user has this password; it only spends the time")


def _verify(password_hash: str, password: str) -> bool:
    try:
        return PASSWORDS.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def authenticate_password(ctx: ServiceContext, email: str, password: str) -> User | None:
    """The active user with this email (any case) whose password this is, else None."""
    with ctx.uow() as uow:
        user = uow.users.get_by_email(email.strip())
        if user is None or not user.active or not user.password_hash:
            _verify(_decoy(), password)
            log.info("sign-in refused%s", f" for user {user.id}" if user else "")
            return None
        if not _verify(user.password_hash, password):
            log.info("sign-in refused for user %s", user.id)
            return None
        if PASSWORDS.check_needs_rehash(user.password_hash):
            user.password_hash = PASSWORDS.hash(password)
            uow.users.save(user)
            uow.commit()
    log.info("sign-in by user %s", user.id)
    return user
