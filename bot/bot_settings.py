"""The Telegram bot's settings: token, Bot API servers, who may use it, rate limits, webhook.

Read from the same environment as the library's :class:`corpus.settings.Settings` (which keeps
only what the library needs) and passed explicitly; the ``bot`` command's options override.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

USER_LIMIT = 30  # updates per user per minute, across all bot processes on the database
STRANGER_LIMIT = 3  # refusals a stranger gets per minute; past that, silence


def _ids(raw: str | None) -> frozenset[int]:
    if not raw:
        return frozenset()
    parts = raw.replace("，", ",").replace(" ", ",").split(",")
    return frozenset(int(p) for p in parts if p.strip().lstrip("-").isdigit())


def _count(raw: str | None, default: int) -> int:
    try:
        value = int(raw or "")
    except ValueError:
        return default  # unset or not a number: the default, as for the library's limits
    return value if value > 0 else default


@dataclass(frozen=True)
class BotSettings:
    """Build with :meth:`from_env`; override with :meth:`with_`."""

    token: str | None = None
    base_url: str | None = None
    base_file_url: str | None = None
    allowed_users: frozenset[int] = field(default_factory=frozenset)
    admins: frozenset[int] = field(default_factory=frozenset)
    rate_limit: int = USER_LIMIT
    stranger_limit: int = STRANGER_LIMIT
    webhook_url: str | None = None  # None: long polling
    listen: str = "0.0.0.0"
    port: int = 8443

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> BotSettings:
        env = os.environ if env is None else env
        return cls(
            token=env.get("TELEGRAM_BOT_TOKEN") or None,
            base_url=env.get("TELEGRAM_BASE_URL") or None,
            base_file_url=env.get("TELEGRAM_BASE_FILE_URL") or None,
            allowed_users=_ids(env.get("TOWNREPORT_ALLOWED_USERS")),
            admins=_ids(env.get("TOWNREPORT_ADMINS")),
            rate_limit=_count(env.get("TOWNREPORT_RATE_LIMIT"), USER_LIMIT),
        )

    def with_(self, **changes: object) -> BotSettings:
        """A copy with the given fields replaced (``None`` values are ignored)."""
        return replace(self, **{k: v for k, v in changes.items() if v is not None})  # type: ignore[arg-type]

    @property
    def users(self) -> frozenset[int]:
        """Everyone the bot answers: the allowed users and the administrators."""
        return self.allowed_users | self.admins
