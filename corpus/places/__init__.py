"""地方：行政区划表、报告写的是哪个地方哪一年、已入库地方的目录，以及把问题中的地方和年度一次解析为 Scope。"""

from __future__ import annotations

from typing import TYPE_CHECKING

from corpus.exports import lazy

if TYPE_CHECKING:
    from corpus.places.catalog import PlaceCatalog, StoredPlace
    from corpus.places.gazetteer import Division, gazetteer
    from corpus.places.locate import Parts, locate
    from corpus.places.place import Place, place_named
    from corpus.places.scope import Scope, resolve

# public names, imported on first use (the CLI starts without loading what it does not need)
_EXPORTS = {
    "Place": "place",
    "place_named": "place",
    "PlaceCatalog": "catalog",
    "StoredPlace": "catalog",
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
    "StoredPlace",
    "gazetteer",
    "locate",
    "place_named",
    "resolve",
]

__getattr__ = lazy(__name__, _EXPORTS)
