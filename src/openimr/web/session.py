"""The web login's session: a signed cookie naming the user, and a form token against CSRF.

The cookie holds ``<user id>.<issued at>.<HMAC-SHA256>``; nothing else about the user. It is
HttpOnly and SameSite=Lax; forms that change something also carry a token derived from the
cookie, checked on every POST. The key comes from ``$OPENIMR_SECRET_KEY`` when set (so sessions
survive a restart and several workers agree), else a random key made when the app starts.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
import time
from dataclasses import dataclass

__all__ = ["COOKIE", "Sessions"]

COOKIE = "openimr_session"
_MAX_AGE = 12 * 3600


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


@dataclass(frozen=True)
class Sessions:
    """Signs and checks session cookies and form tokens with one key."""

    key: bytes
    max_age: int = _MAX_AGE

    @classmethod
    def from_environment(cls) -> Sessions:
        configured = os.environ.get("OPENIMR_SECRET_KEY")
        return cls(configured.encode("utf-8") if configured else secrets.token_bytes(32))

    def _sign(self, message: str) -> str:
        return _b64(hmac.new(self.key, message.encode("utf-8"), hashlib.sha256).digest())

    def issue(self, user_id: str, now: float | None = None) -> str:
        """A cookie value for ``user_id``."""
        message = f"{_b64(user_id.encode('utf-8'))}.{int(now if now is not None else time.time())}"
        return f"{message}.{self._sign(message)}"

    def user_id(self, cookie: str | None, now: float | None = None) -> str | None:
        """The user a cookie names, or None when it is missing, forged or expired."""
        if not cookie or cookie.count(".") != 2:
            return None
        encoded, issued, signature = cookie.split(".")
        if not hmac.compare_digest(signature, self._sign(f"{encoded}.{issued}")):
            return None
        if not issued.isdigit():
            return None
        age = (now if now is not None else time.time()) - int(issued)
        if age < 0 or age > self.max_age:
            return None
        try:
            return base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4)).decode("utf-8")
        except (ValueError, UnicodeDecodeError):
            return None

    def form_token(self, cookie: str) -> str:
        """The CSRF token that forms of this session carry."""
        return self._sign(f"form:{cookie}")

    def form_token_ok(self, cookie: str | None, token: str | None) -> bool:
        return bool(cookie and token and hmac.compare_digest(token, self.form_token(cookie)))
