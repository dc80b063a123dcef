"""Users and their API tokens: creating them, and recognising a token on a request.

A token reads ``oimr_<token id>_<secret>``. Only the argon2 hash of the secret is stored, beside
the public token id, so a request's token is looked up by its id and verified once (not against
every user's hash). Verified tokens are remembered in this process for ``CACHE_SECONDS`` (keyed
by the token's SHA-256, never the token itself), so a busy client does not pay an argon2
verification on every request; revoking a token through this module forgets it at once here.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import threading
import time
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from openimr.service.context import Actor, ServiceContext
from openimr.service.errors import InvalidRequest, NotFound, NotPermitted
from openimr.service.model import ApiToken, AuditEntry, Role, User
from openimr.service.ports import AbstractUnitOfWork
from openimr.service.usecases.accounts import PASSWORDS

__all__ = [
    "CACHE_SECONDS",
    "IssuedToken",
    "audit_log",
    "set_active",
    "authenticate_token",
    "create_user",
    "current_user",
    "list_users",
    "recently_verified",
    "hash_password",
    "issue_token",
    "revoke_token",
    "set_password",
]

CACHE_SECONDS = 30.0
TOKEN_PREFIX = "oimr"
_TOKEN = re.compile(r"^oimr_([0-9a-f]{16})_([A-Za-z0-9_\-]{20,100})$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

# Passwords are hashed as the sign-in use case verifies them (argon2's default, slow
# parameters). Token secrets are 256 random bits: a lighter argon2 still hashes them one way,
# at a cost a request can pay.
_SECRETS = PasswordHasher(time_cost=1, memory_cost=8 * 1024, parallelism=1)


@dataclass(frozen=True)
class IssuedToken:
    """A new token: ``token`` is shown once and never stored."""

    token_id: str
    token: str
    user_id: str


class _VerifiedTokens:
    """Tokens verified lately, by SHA-256 digest, with the actor and when to check again."""

    def __init__(self) -> None:
        self._entries: dict[str, tuple[float, str, Actor]] = {}
        self._lock = threading.Lock()

    def get(self, digest: str) -> Actor | None:
        with self._lock:
            entry = self._entries.get(digest)
            if entry is None or entry[0] < time.monotonic():
                self._entries.pop(digest, None)
                return None
            return entry[2]

    def put(self, digest: str, token_id: str, actor: Actor) -> None:
        with self._lock:
            if len(self._entries) > 10_000:
                self._entries.clear()
            self._entries[digest] = (time.monotonic() + CACHE_SECONDS, token_id, actor)

    def forget(self, *, token_id: str | None = None, user_id: str | None = None) -> None:
        with self._lock:
            for digest, (_, tid, actor) in list(self._entries.items()):
                if tid == token_id or actor.user_id == user_id:
                    del self._entries[digest]


_verified = _VerifiedTokens()


def hash_password(password: str) -> str:
    if len(password) < 12:
        raise InvalidRequest("password: at least 12 characters")
    return PASSWORDS.hash(password)


def _actor(user: User) -> Actor:
    return Actor(user_id=user.id, role=user.role, reviewer_id=user.reviewer_id)


def recently_verified(token: str) -> Actor | None:
    """The actor of a token verified in the last ``CACHE_SECONDS`` (no database, no argon2)."""
    return _verified.get(hashlib.sha256(token.encode()).hexdigest())


def authenticate_token(ctx: ServiceContext, token: str) -> Actor | None:
    """The actor a bearer token stands for, or None (malformed, unknown, revoked, wrong secret,
    or its user inactive)."""
    digest = hashlib.sha256(token.encode()).hexdigest()
    cached = _verified.get(digest)
    if cached is not None:
        return cached
    match = _TOKEN.match(token)
    if match is None:
        return None
    token_id, secret = match.groups()
    with ctx.uow() as uow:
        user = uow.users.get_by_token_id(token_id)
    stored = next((t for t in user.tokens if t.token_id == token_id), None) if user else None
    if user is None or stored is None or stored.revoked or not user.active:
        _SECRETS.hash("spend the same time")  # unknown ids cost what a wrong secret costs
        return None
    try:
        _SECRETS.verify(stored.hash, secret)
    except (VerificationError, InvalidHashError):
        return None
    actor = _actor(user)
    _verified.put(digest, token_id, actor)
    return actor


def _audit(
    ctx: ServiceContext, uow: AbstractUnitOfWork, actor: Actor, action: str, detail: str
) -> None:
    uow.audit.add(
        AuditEntry(at=ctx.clock(), actor=actor.user_id, case_id=None, action=action, detail=detail)
    )


def _require_admin(actor: Actor, action: str) -> None:
    if actor.role is not Role.ADMINISTRATOR:
        raise NotPermitted(f"{action}: not permitted to a {actor.role.value.replace('_', ' ')}")


def create_user(
    ctx: ServiceContext,
    actor: Actor,
    *,
    email: str,
    role: Role,
    reviewer_id: str | None = None,
    password: str | None = None,
) -> User:
    """An administrator adds a user (a reviewer user names their registry entry)."""
    _require_admin(actor, "create_user")
    email = email.strip()
    if not _EMAIL.match(email):
        raise InvalidRequest("email: not an email address")
    if (role is Role.REVIEWER) != (reviewer_id is not None):
        raise InvalidRequest("reviewer_id: a reviewer user names a reviewer, and only they do")
    user = User(
        id=ctx.new_id(),
        email=email,
        role=role,
        reviewer_id=reviewer_id,
        password_hash=hash_password(password) if password else None,
    )
    with ctx.uow() as uow:
        if uow.users.get_by_email(email) is not None:
            raise InvalidRequest("email: already registered")
        if reviewer_id is not None and uow.reviewers.get(reviewer_id) is None:
            raise InvalidRequest(f"reviewer_id: no reviewer {reviewer_id}")
        uow.users.add(user)
        _audit(ctx, uow, actor, "create_user", f"user {user.id} role {role.value}")
        uow.commit()
    return user


def set_password(ctx: ServiceContext, actor: Actor, user_id: str, password: str) -> None:
    """An administrator, or the user themself, sets a user's web password."""
    if actor.user_id != user_id:
        _require_admin(actor, "set_password")
    password_hash = hash_password(password)
    with ctx.uow() as uow:
        user = uow.users.get(user_id)
        if user is None:
            raise NotFound(f"no user {user_id}")
        user.password_hash = password_hash
        uow.users.save(user)
        _audit(ctx, uow, actor, "set_password", f"user {user_id}")
        uow.commit()


def issue_token(
    ctx: ServiceContext, actor: Actor, user_id: str, *, label: str | None = None
) -> IssuedToken:
    """A new API token for a user (an administrator's, or the user's own)."""
    if actor.user_id != user_id:
        _require_admin(actor, "issue_token")
    token_id = secrets.token_hex(8)
    secret = secrets.token_urlsafe(32)
    stored = ApiToken(
        token_id=token_id, hash=_SECRETS.hash(secret), created_at=ctx.clock(), label=label
    )
    with ctx.uow() as uow:
        user = uow.users.get(user_id)
        if user is None:
            raise NotFound(f"no user {user_id}")
        user.tokens = [*user.tokens, stored]
        uow.users.save(user)
        _audit(ctx, uow, actor, "issue_token", f"user {user_id} token {token_id}")
        uow.commit()
    return IssuedToken(
        token_id=token_id, token=f"{TOKEN_PREFIX}_{token_id}_{secret}", user_id=user_id
    )


def revoke_token(ctx: ServiceContext, actor: Actor, token_id: str) -> None:
    """Revoke a token (an administrator's act, or its owner's); it stops working at once."""
    with ctx.uow() as uow:
        user = uow.users.get_by_token_id(token_id)
        if user is None or (actor.user_id != user.id and actor.role is not Role.ADMINISTRATOR):
            raise NotFound(f"no token {token_id}")
        user.tokens = [
            t.model_copy(update={"revoked": True}) if t.token_id == token_id else t
            for t in user.tokens
        ]
        uow.users.save(user)
        _audit(ctx, uow, actor, "revoke_token", f"user {user.id} token {token_id}")
        uow.commit()
    _verified.forget(token_id=token_id)


def current_user(ctx: ServiceContext, actor: Actor) -> User:
    """The signed-in user."""
    with ctx.uow() as uow:
        user = uow.users.get(actor.user_id)
    if user is None:
        raise NotFound(f"no user {actor.user_id}")
    return user


def set_active(ctx: ServiceContext, actor: Actor, user_id: str, active: bool) -> User:
    """An administrator deactivates a user (their tokens and password stop working at once) or
    reactivates one. No one deactivates themself."""
    _require_admin(actor, "set_active")
    if user_id == actor.user_id and not active:
        raise InvalidRequest("active: an administrator cannot deactivate themself")
    with ctx.uow() as uow:
        user = uow.users.get(user_id)
        if user is None:
            raise NotFound(f"no user {user_id}")
        user.active = active
        uow.users.save(user)
        _audit(ctx, uow, actor, "activate_user" if active else "deactivate_user", f"user {user_id}")
        uow.commit()
    _verified.forget(user_id=user_id)
    return user


def audit_log(ctx: ServiceContext, actor: Actor) -> list[AuditEntry]:
    """Every audit entry, cases' and accounts', in order (administrators; read only)."""
    _require_admin(actor, "audit_log")
    with ctx.uow() as uow:
        return uow.audit.list()


def list_users(ctx: ServiceContext, actor: Actor) -> list[User]:
    _require_admin(actor, "list_users")
    with ctx.uow() as uow:
        return uow.users.list()
