"""The one JSON path: an encoder for what json cannot write, and declared shapes."""

from __future__ import annotations

import enum
import json
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from bot.output import Shape, to_json
from bot.shapes import INGESTED, PLACE, REPORT, STORED_REPORT
from corpus.places.place import Place


class Kind(enum.Enum):
    TOWN = "镇"


@dataclass(frozen=True)
class Item:
    name: str
    place: Place | None


@dataclass(frozen=True)
class Thing:
    name: str
    when: date


def test_the_encoder_writes_what_json_cannot() -> None:
    value = {
        "date": date(2023, 5, 1),
        "moment": datetime(2023, 5, 1, 8, 30, 15, 123456),
        "path": Path("/tmp/报告.docx"),
        "kind": Kind.TOWN,
        "pair": (1, 2),
        "ids": frozenset({3, 1, 2}),
        "thing": Thing("辛口镇", date(2022, 1, 2)),
    }
    assert json.loads(to_json(value)) == {
        "date": "2023-05-01",
        "moment": "2023-05-01T08:30:15",
        "path": "/tmp/报告.docx",
        "kind": "镇",
        "pair": [1, 2],
        "ids": [1, 2, 3],
        "thing": {"name": "辛口镇", "when": "2022-01-02"},
    }
    assert "辛口镇" in to_json(value)  # not \\u escapes


def test_a_shape_renames_drops_and_nests() -> None:
    place = Place("辛口镇", "镇", "西青区", "天津市", "天津市", "120111102")
    assert PLACE(place)["path"] == ("天津市", "西青区", "辛口镇")
    assert PLACE(None) == dict.fromkeys(["name", "level", "city", "province", "code"])
    shape = Shape({"n": "name", "city": "place.city", "len": lambda o: len(o.name)})
    assert shape(Item("x", None)) == {"n": "x", "city": None, "len": 1}
    assert shape(Item("ab", place)) == {"n": "ab", "city": "天津市", "len": 2}


def test_the_declared_keys_are_the_ones_scripts_read() -> None:
    assert list(INGESTED.fields) == [
        "path", "town", "county", "city", "province", "level", "code", "place",
        "year", "title", "sections", "passages", "status", "warning", "error",
    ]  # fmt: skip
    assert list(STORED_REPORT.fields) == [
        "town", "county", "name", "level", "city", "province", "code", "path",
        "year", "title", "passages", "ingested_at", "source", "superseded",
    ]  # fmt: skip
    assert list(REPORT.fields) == ["town", "county", "place", "year", "title", "meta", "sections"]
