"""Reading the catalog of places and years: whole, or only the places changed since a
version a process holds (the changes migration 0011 records). Plain SQL on the store's
:class:`~corpus.storage.reads.Reads`: every question starts here."""

from __future__ import annotations

from corpus.places.catalog import PlaceCatalog
from corpus.places.place import Place, labels
from corpus.storage.reads import Reads, in_list

KEEP_CHANGES = 1000  # catalog versions whose change is remembered

_CURRENT = (
    "SELECT DISTINCT p.id, p.name, p.level, p.county, p.city, p.province, p.code, r.year"
    " FROM places p JOIN reports r ON r.place_id = p.id WHERE r.superseded_at IS NULL{ids}"
    " ORDER BY p.id, r.year"
)
_CHANGES = "SELECT place_id FROM catalog_changes WHERE version > :since AND version <= :now"


def read_catalog(reads: Reads) -> PlaceCatalog:
    """Every place with a current report, and its years."""
    return _catalog(_current(reads, None))


def _current(reads: Reads, ids: list[int] | None) -> dict[int, tuple[Place, tuple[int, ...]]]:
    """Places with a current report (of ``ids``, if given) and their years, by name and id."""
    if ids is None:
        rows = reads.rows(_CURRENT.format(ids=""))
    else:
        wanted, params = in_list("id", ids)
        rows = reads.rows(_CURRENT.format(ids=f" AND p.id IN {wanted}"), params)
    years: dict[int, list[int]] = {}
    places: dict[int, Place] = {}
    for id_, *cols, year in rows:
        places.setdefault(id_, Place(*cols))
        years.setdefault(id_, []).append(year)
    # ordered here, not by the database's collation: the same order however it was read
    order = sorted(places, key=lambda i: (places[i].name, i))
    return {i: (places[i], tuple(years[i])) for i in order}


def _catalog(rows: dict[int, tuple[Place, tuple[int, ...]]]) -> PlaceCatalog:
    """``rows`` in (name, id) order, each under a name unique among them."""
    ids = list(rows)
    names = labels([rows[i][0] for i in ids])
    return PlaceCatalog([(label, i, *rows[i]) for label, i in zip(names, ids, strict=True)])


def catalog_since(
    reads: Reads, old: PlaceCatalog, since: int, now: int
) -> tuple[PlaceCatalog, bool] | None:
    """The catalog at version ``now`` from ``old`` (at ``since``), re-reading only the places
    changed in between, and whether the token statistics were refreshed meanwhile; ``None``
    when the changes are no longer all known (then read the catalog whole)."""
    changes = reads.rows(_CHANGES, {"since": since, "now": now})
    if len(changes) != now - since or now - since > KEEP_CHANGES // 2:
        return None
    statistics = any(c[0] is None for c in changes)
    changed = sorted({c[0] for c in changes if c[0] is not None})
    if not changed:
        return old, statistics
    fresh = _current(reads, changed)
    by_id = {i: label for label, i in old.ids.items()}
    if all(i in by_id and i in fresh and fresh[i][0] == old.places[by_id[i]] for i in changed):
        # the usual change (a place's new year, a new version, a removed year): the same
        # places, so the same names and forms
        return old.with_years({by_id[i]: fresh[i][1] for i in changed}), statistics
    rows = {i: (old.places[label], old[label]) for label, i in old.ids.items()}
    for i in changed:
        rows.pop(i, None)
    rows.update(fresh)
    order = sorted(rows, key=lambda i: (rows[i][0].name, i))
    catalog = _catalog({i: rows[i] for i in order})
    catalog.take_forms(old, changed)  # from the old forms and the changed places
    return catalog, statistics
