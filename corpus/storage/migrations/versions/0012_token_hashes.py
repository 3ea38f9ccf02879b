"""PostgreSQL: passages' tokens as an int4[] of their hashes instead of a tsvector; a
section stores the labels above its own, not its whole path

A passage's ``tsvector`` (about 900 bytes, most of a row's bytes and of its TOAST) becomes
an ``int4[]`` of its distinct token hashes (corpus.storage.fts_postgres.token_hash: the first 4
bytes of the token's MD5; single Han characters, never asked for, left out), under a GIN
index (built-in array_ops: ``@>``; with its pending list, whose ~4 MB of pages are nothing
beside the index of a large database and which makes inserts three times cheaper), written with the row by the SQL function ``token_hashes`` this migration
creates. The hashes are those of the tsvector's lexemes: the tokens ingest stored (a
downgrade derives them again from each passage's text and heading, as at ingest). SQLite's
contentless FTS5 table is unchanged.
On both databases a section's path (the labels from the top, its own last) is stored as
``above``, the labels above its own: its own label is its number and title, stored beside.
On PostgreSQL a section's primary key is (report, ordinal), the unique index a passage finds
it by, instead of an id never read (SQLite's id is the rowid, free).

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02
"""

from collections.abc import Iterator

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

BATCH = 5000
# a passage's tokens (joined by spaces) as the distinct hashes of those indexed (not a single
# Han character), ascending, written with the row: corpus.storage.fts_postgres.token_hashes in SQL
HASHES_SQL = (
    "CREATE OR REPLACE FUNCTION token_hashes(tokens text) RETURNS int4[] "
    "LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ "
    "SELECT coalesce(array_agg(DISTINCT ('x' || left(md5(t), 8))::bit(32)::int4 ORDER BY "
    "('x' || left(md5(t), 8))::bit(32)::int4), '{}') "
    "FROM unnest(string_to_array(tokens, ' ')) AS t WHERE t <> '' AND t !~ '^[一-鿿]$' $$"
)


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        _sections_above()
        return
    # each table rewritten once by ALTER COLUMN … USING (an UPDATE would leave every old row
    # beside its new one: a rewrite in the same transaction keeps them)
    _check_paths()
    bind.exec_driver_sql("ALTER TABLE sections DROP CONSTRAINT sections_pkey")
    bind.exec_driver_sql("ALTER TABLE sections DROP COLUMN id")  # never read
    bind.exec_driver_sql(
        "ALTER TABLE sections ALTER COLUMN path TYPE text USING CASE WHEN path = number || title "
        "THEN '' ELSE left(path, length(path) - length(number || title) - 3) END"
    )
    bind.exec_driver_sql("ALTER TABLE sections RENAME COLUMN path TO above")
    bind.exec_driver_sql("ALTER TABLE sections ALTER COLUMN above SET DEFAULT ''")
    bind.exec_driver_sql(
        "ALTER TABLE sections ADD CONSTRAINT sections_pkey PRIMARY KEY "
        "USING INDEX uq_sections_report_ordinal"
    )
    # the tsvector's lexemes are the passage's distinct tokens, as ingest wrote them
    bind.exec_driver_sql(HASHES_SQL)
    bind.exec_driver_sql("DROP INDEX ix_passages_tsv")
    bind.exec_driver_sql(
        "ALTER TABLE passages ALTER COLUMN tsv TYPE int4[] USING "
        "token_hashes(array_to_string(tsvector_to_array(coalesce(tsv, '')), ' '))"
    )
    bind.exec_driver_sql("ALTER TABLE passages RENAME COLUMN tsv TO hashes")
    bind.exec_driver_sql("ALTER TABLE passages ALTER COLUMN hashes SET NOT NULL")
    bind.exec_driver_sql("CREATE INDEX ix_passages_hashes ON passages USING gin (hashes)")
    bind.exec_driver_sql("ALTER TABLE passages ALTER COLUMN hashes SET STATISTICS 1000")
    bind.exec_driver_sql("ANALYZE passages")


def _check_paths() -> None:
    """Every stored path ends with its section's own label (ingest joins them so)."""
    bad = (
        op.get_bind()
        .exec_driver_sql(
            "SELECT count(*) FROM sections WHERE path <> number || title "
            "AND right(path, length(number || title) + 3) <> ' › ' || number || title"
        )
        .scalar()
    )
    if bad:
        raise ValueError(f"{bad} section paths do not end with their section's label")


def _sections_above() -> None:
    """SQLite: each stored path as the labels above the section's own (checked to end so)."""
    from corpus.storage.rows import PATH_SEPARATOR, section_above

    bind = op.get_bind()
    op.add_column("sections", sa.Column("above", sa.Text, nullable=False, server_default=""))
    rows = bind.execute(sa.text("SELECT id, path, number, title FROM sections ORDER BY id"))
    changes = []
    for id_, path, number, title in rows:
        label = number + title
        above = section_above(path, label)
        if (above + PATH_SEPARATOR if above else "") + label != path:
            raise ValueError(f"section {id_}: path {path!r} does not end with its label")
        if above:
            changes.append({"id": id_, "above": above})
    update = sa.text("UPDATE sections SET above = :above WHERE id = :id")
    for start in range(0, len(changes), BATCH):
        bind.execute(update, changes[start : start + BATCH])
    bind.exec_driver_sql("ALTER TABLE sections DROP COLUMN path")


def downgrade() -> None:
    bind = op.get_bind()
    op.add_column("sections", sa.Column("path", sa.Text, nullable=False, server_default=""))
    bind.exec_driver_sql(
        "UPDATE sections SET path = CASE WHEN above = '' THEN number || title "
        "ELSE above || ' › ' || number || title END"
    )
    bind.exec_driver_sql("ALTER TABLE sections DROP COLUMN above")
    if bind.dialect.name != "postgresql":
        return
    bind.exec_driver_sql("ALTER TABLE sections DROP CONSTRAINT sections_pkey")
    op.create_index("uq_sections_report_ordinal", "sections", ["report_id", "ordinal"], unique=True)
    bind.exec_driver_sql("ALTER TABLE sections ADD COLUMN id SERIAL PRIMARY KEY")
    bind.exec_driver_sql("ALTER TABLE passages ADD COLUMN tsv tsvector")
    update = sa.text(
        "UPDATE passages SET tsv = array_to_tsvector(string_to_array(:h, ' ')) WHERE id = :id"
    )
    _each_batch(update, lambda tokens: tokens)
    bind.exec_driver_sql("DROP INDEX ix_passages_hashes")
    bind.exec_driver_sql("ALTER TABLE passages DROP COLUMN hashes")
    bind.exec_driver_sql("DROP FUNCTION token_hashes(text)")
    bind.exec_driver_sql("CREATE INDEX ix_passages_tsv ON passages USING gin (tsv)")
    bind.exec_driver_sql("ALTER TABLE passages ALTER COLUMN tsv SET STATISTICS 1000")
    bind.exec_driver_sql("ANALYZE passages")


def _each_batch(update: sa.TextClause, value) -> None:  # type: ignore[no-untyped-def]
    bind = op.get_bind()
    changes: list[dict[str, object]] = []
    for rows in _derived_tokens():
        changes += [{"id": i, "h": value(t)} for i, t in rows]
        if len(changes) >= BATCH:
            bind.execute(update, changes)
            changes = []
    if changes:
        bind.execute(update, changes)


def _derived_tokens() -> Iterator[list[tuple[int, str]]]:
    """Every passage's tokens, segmented again from its text and heading, report by report."""
    from corpus.storage.rows import derived_tokens

    bind = op.get_bind()
    for (report_id,) in bind.execute(sa.text("SELECT id FROM reports ORDER BY id")).all():
        sections = bind.execute(
            sa.text(
                "SELECT ordinal, parent_ordinal, level, number, title FROM sections "
                "WHERE report_id = :r ORDER BY ordinal"
            ),
            {"r": report_id},
        ).all()
        passages = bind.execute(
            sa.text(
                "SELECT id, ordinal, section_ordinal, text FROM passages "
                "WHERE report_id = :r ORDER BY ordinal"
            ),
            {"r": report_id},
        ).all()
        yield derived_tokens([tuple(s) for s in sections], [tuple(p) for p in passages])
