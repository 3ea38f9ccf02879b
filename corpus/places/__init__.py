"""地方：行政区划表、报告写的是哪个地方哪一年、已入库地方的目录，以及把问题中的地方和年度一次解析为 Scope。"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from corpus.places.catalog import PlaceCatalog
    from corpus.places.gazetteer import Division, gazetteer
    from corpus.places.locate import Parts, locate
    from corpus.places.place import Place, place_named
    from corpus.places.scope import Scope, resolve

# public names, imported on first use (the CLI starts without loading what it does not need)
_EXPORTS = {
    "Place": "place",
    "place_named": "place",
    "PlaceCatalog": "catalog",
    "Scope": "scope",
    "resolve": "scope",
    "Parts": "locate",
    "locate": "locate",
    "Division": "gazetteer",
    "gazetteer": "gazetteer",
}
__all__ = [
    "Division",
    "Parts",
    "Place",
    "PlaceCatalog",
    "Scope",
    "gazetteer",
    "locate",
    "place_named",
    "resolve",
]


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(import_module(f"{__name__}.{_EXPORTS[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
