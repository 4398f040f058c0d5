"""The PostgreSQL schema buildtrack keeps a shared portfolio in, its migrations, and who may change what.

Standard SQL plus row-level security, nothing vendor-specific, so PostgreSQL-compatible servers (openGauss,
KingbaseES) can hold it too. Tables (all prefixed ``bt_``):

- ``bt_schema``: the schema version; migrations run in one transaction each, in order.
- ``bt_meta``: one row: the commit ``generation`` (locked by every commit, so commits are serial) and the
  portfolio's settings as JSON.
- ``bt_projects``: one row per project: its JSON document plus the columns reports filter on (code, county,
  leader) and its revision.
- ``bt_changes``: the change log, one JSON line per change (the same line the file store appends).
- ``bt_counties``: which login may change which county's projects (``*``: every county).

Row-level security on ``bt_projects`` lets every login read every project and change only the rows of the
counties ``bt_counties`` gives it; the owner (the login that ran ``db init``) is the administrator.
"""

from __future__ import annotations

SCHEMA_VERSION = 1
CHANNEL = "buildtrack"  # NOTIFY channel: every commit announces its generation here

MIGRATIONS: dict[int, tuple[str, ...]] = {
    1: (
        "CREATE TABLE bt_schema (version integer NOT NULL)",
        "CREATE TABLE bt_meta (id integer PRIMARY KEY CHECK (id = 1), generation bigint NOT NULL, "
        "settings jsonb NOT NULL)",
        "CREATE TABLE bt_projects (code text PRIMARY KEY, county text NOT NULL DEFAULT '', "
        "leader text NOT NULL DEFAULT '', revision integer NOT NULL, doc jsonb NOT NULL)",
        "CREATE INDEX bt_projects_county ON bt_projects (county)",
        "CREATE TABLE bt_changes (seq bigserial PRIMARY KEY, generation bigint NOT NULL, "
        "at timestamptz NOT NULL, project text NOT NULL, line jsonb NOT NULL)",
        "CREATE INDEX bt_changes_at ON bt_changes (at)",
        "CREATE INDEX bt_changes_project ON bt_changes (project, generation)",
        "CREATE TABLE bt_counties (login text NOT NULL, county text NOT NULL, PRIMARY KEY (login, county))",
        "CREATE FUNCTION bt_may_change(wanted text) RETURNS boolean LANGUAGE sql STABLE AS "
        "$$ SELECT EXISTS (SELECT 1 FROM bt_counties WHERE login = current_user AND county IN (wanted, '*')) $$",
        "ALTER TABLE bt_projects ENABLE ROW LEVEL SECURITY",
        "CREATE POLICY bt_read ON bt_projects FOR SELECT USING (true)",
        "CREATE POLICY bt_insert ON bt_projects FOR INSERT WITH CHECK (bt_may_change(county))",
        "CREATE POLICY bt_update ON bt_projects FOR UPDATE USING (bt_may_change(county)) "
        "WITH CHECK (bt_may_change(county))",
        "CREATE POLICY bt_delete ON bt_projects FOR DELETE USING (bt_may_change(county))",
    ),
}


def grant_statements(login: str, county: str | None) -> list[str]:
    """The SQL that lets ``login`` read everything and, with a county (``*``: all), change that county's
    projects. ``login`` is quoted by the caller (psycopg.sql.Identifier); shown in the README."""
    reads = [
        f"GRANT SELECT ON bt_schema, bt_meta, bt_projects, bt_changes, bt_counties TO {login}",
    ]
    if county is None:
        return reads
    return reads + [
        f"GRANT INSERT, UPDATE, DELETE ON bt_projects TO {login}",
        f"GRANT INSERT ON bt_changes TO {login}",
        f"GRANT USAGE ON SEQUENCE bt_changes_seq_seq TO {login}",
        f"GRANT UPDATE (generation) ON bt_meta TO {login}",
    ]
