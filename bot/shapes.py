"""The JSON the commands print: each key, and where it is read from. People's scripts read
these keys, so they change only on purpose; everything is written by :func:`bot.output.emit_json`."""

from __future__ import annotations

from typing import Any

from bot import terminal
from bot.output import Shape


def _joined_path(r: Any) -> str | None:
    return " › ".join(r.place.path) if r.place else None


def _note(answer: Any) -> str | None:
    from bot.answer_words import scope_note

    return scope_note(answer)


def _place(answer: Any) -> str | None:
    from bot.answer_words import place_lead

    return place_lead(answer) and answer.hits[0].town


# a place; of no place, the same keys null (and no path)
PLACE = Shape(
    {
        "name": "name",
        "level": "level",
        "city": "city",
        "province": "province",
        "code": "code",
        "path": "path",
    },
    optional=frozenset({"path"}),
)

# `ingest --json`: one line per file; "warning" only when there is one, "error" always
INGESTED = Shape(
    {
        "path": "path",
        "town": "town",
        "county": "county",
        "city": "place.city",
        "province": "place.province",
        "level": "place.level",
        "code": "place.code",
        "place": _joined_path,
        "year": "year",
        "title": "title",
        "sections": "sections",
        "passages": "passages",
        "status": "status",
        "warning": terminal.ingest_warning,
        "error": terminal.ingest_error,
    },
    optional=frozenset({"warning"}),
)

# `reports --json`: the place's keys spread among the report's
STORED_REPORT = Shape(
    {
        "town": "town",
        "county": "county",
        **PLACE.under("place"),
        "year": "year",
        "title": "title",
        "passages": "passages",
        "ingested_at": "ingested_at",
        "source": "source_name",
        "superseded": "superseded",
    },
    optional=frozenset({"path"}),
)

# `show --json`
REPORT = Shape(
    {
        "town": "town",
        "county": "county",
        "place": "place",
        "year": "year",
        "title": "title",
        "meta": "meta",
        "sections": "sections",
    },
    nested={
        "place": PLACE,
        "sections": Shape({"level": "level", "number": "number", "title": "title"}),
    },
)

HIT = Shape(
    {
        "town": "town",
        "year": "year",
        "title": "title",
        "section": "section",
        "text": "text",
        "snippet": "snippet",
        "score": "score",
    }
)

# `ask --json`: one object per question; "id" is the batch line's id (null for one question)
ANSWER = Shape(
    {
        "id": "id",
        "question": "answer.question",
        "answers": "answer.hits",
        "hint": lambda q: terminal.answer_hint(q.answer),
        "note": lambda q: _note(q.answer),
        "place": lambda q: _place(q.answer),
        "whole_section": "answer.whole_section",
    },
    nested={"answers": HIT},
)
