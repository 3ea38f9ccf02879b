"""The library's Settings (database, data directory, limits), read from the environment and
passed explicitly. The Telegram bot's own settings live with the bot (bot/bot_settings.py)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

import platformdirs

APP_NAME = "townreport"


def default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


@dataclass(frozen=True)
class Limits:
    """Bounds on what one file or one template may cost (README: 限制)."""

    docx_unzipped_mb: float = 100.0  # all parts of a .docx, uncompressed
    docx_ratio: float = 200.0  # uncompressed / compressed size of one part (zip bombs)
    xml_node_mb: float = 5.0  # the longest text node of a .docx part
    docx_paragraphs: int = 20_000
    text_chars: int = 1_000_000  # characters of a report's text after decoding (a report: ~10,000)
    template_seconds: float = 5.0
    template_memory_mb: int = 300  # address space a template render may add
    validate_places: int = 200  # places a new template is tried on before it is saved

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> Limits:
        """``TOWNREPORT_LIMIT_<FIELD>`` overrides each field, e.g. TOWNREPORT_LIMIT_DOCX_PARAGRAPHS."""
        values: dict[str, object] = {}
        for name, current in cls().__dict__.items():
            raw = env.get(f"TOWNREPORT_LIMIT_{name.upper()}", "").strip()
            try:
                number = float(raw) if raw else None
            except ValueError:
                number = None  # not a number: the default stays, as for an unset variable
            if number is not None and number > 0:
                values[name] = int(number) if isinstance(current, int) else number
        return cls(**values)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Settings:
    """What the library needs. Build with :meth:`from_env`; override with :meth:`with_`."""

    database_url: str
    data_dir: Path
    max_file_mb: float = 20.0
    auto_ingest_bundled: bool = True
    limits: Limits = field(default_factory=lambda: Limits())

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env
        data_dir = Path(env.get("TOWNREPORT_DATA_DIR") or default_data_dir())
        url = env.get("TOWNREPORT_DATABASE_URL") or f"sqlite:///{data_dir / 'townreport.db'}"
        return cls(
            database_url=url,
            data_dir=data_dir,
            max_file_mb=float(env.get("TOWNREPORT_MAX_FILE_MB") or 20),
            auto_ingest_bundled=(env.get("TOWNREPORT_AUTO_INGEST", "1") != "0"),
            limits=Limits.from_env(env),
        )

    def with_(self, **changes: object) -> Settings:
        """A copy with the given fields replaced (``None`` values are ignored)."""
        return replace(self, **{k: v for k, v in changes.items() if v is not None})
