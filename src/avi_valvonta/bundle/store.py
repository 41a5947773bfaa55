"""The working store: a private, temporary SQLite file that holds one bundle while it is audited.

Why SQLite and not Python objects: a national-scale bundle has millions of events and access-log rows. In SQLite
they cost disk, not memory; SQLite sorts them by client in C, and checks can ask indexed questions ("did this staff
member meet this client within 90 days?") without loading anything. The file lives in a 0700 temporary directory
and is deleted when the audit ends: it holds secret client data (julkisuuslaki 24 § 1 mom 25 k).
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from itertools import groupby
from operator import itemgetter
from pathlib import Path
from typing import Any

from avi_valvonta.records import (
    Access,
    Client,
    ClientHistory,
    DocumentRecord,
    Event,
    Page,
    ServicePoint,
    StaffMember,
)

_SCHEMA = """
CREATE TABLE clients (
    idx INTEGER PRIMARY KEY, client_id TEXT NOT NULL, birth_date INTEGER, home_municipality TEXT, gender TEXT,
    mother_tongue TEXT, service_language TEXT, citizenship TEXT, benefit TEXT, temporary_protection INTEGER,
    status TEXT, job_search_start INTEGER, job_search_end INTEGER, responsible TEXT, coach_id TEXT,
    needs_interpreter INTEGER, line INTEGER);
CREATE TABLE events_raw (
    event_id TEXT, client_idx INTEGER, client_id TEXT, date INTEGER, type TEXT, language TEXT, interpreter INTEGER,
    staff_id TEXT, channel TEXT, detail TEXT, line INTEGER);
CREATE TABLE staff (
    staff_id TEXT, role TEXT, languages TEXT, municipality TEXT, system_access INTEGER, active_from INTEGER,
    active_to INTEGER, line INTEGER);
CREATE TABLE access_log (
    timestamp TEXT, day INTEGER, staff_id TEXT, client_id TEXT, client_idx INTEGER, action TEXT, line INTEGER);
CREATE TABLE service_points (
    point_id TEXT, municipality TEXT, name TEXT, languages TEXT, hours_per_week REAL, accessible INTEGER,
    appointment_only INTEGER, line INTEGER);
CREATE TABLE documents (
    file TEXT PRIMARY KEY, doc_type TEXT, audience TEXT, client_id TEXT, date INTEGER, published_until INTEGER,
    translation_of TEXT, described INTEGER, line INTEGER, pages INTEGER, sha256 TEXT);
CREATE TABLE pages (file TEXT, page INTEGER, text TEXT, has_images INTEGER, lang TEXT, PRIMARY KEY (file, page));
CREATE TABLE page_codes (
    file TEXT, page INTEGER, start INTEGER, "end" INTEGER, line INTEGER, masked TEXT, valid INTEGER, birth_date INTEGER,
    excerpt TEXT);
"""

_dates: dict[int, dt.date] = {}


def to_date(ordinal: int | None) -> dt.date | None:
    if ordinal is None:
        return None
    d = _dates.get(ordinal)
    if d is None:
        d = _dates[ordinal] = dt.date.fromordinal(ordinal)
    return d


def _required_date(value: int) -> dt.date:
    d = _dates.get(value)
    if d is None:
        d = _dates[value] = dt.date.fromordinal(value)
    return d


def ordinal(d: dt.date | None) -> int | None:
    return None if d is None else d.toordinal()


_BOOLS: dict[int | None, bool | None] = {None: None, 0: False, 1: True}


def _bool(v: int | None) -> bool | None:
    return None if v is None else bool(v)


def _list(v: str | None) -> tuple[str, ...]:
    return tuple(v.split(";")) if v else ()


class WorkStore:
    """One bundle in a temporary SQLite file. Not thread-safe; one audit, one store."""

    def __init__(self, directory: Path | None = None) -> None:
        self._own_dir = directory is None
        self.dir = Path(directory) if directory else Path(tempfile.mkdtemp(prefix="valvonta-"))
        os.chmod(self.dir, 0o700)
        self.path = self.dir / "bundle.sqlite3"
        fd = os.open(self.path, os.O_CREAT | os.O_RDWR | os.O_TRUNC, 0o600)
        os.close(fd)
        self.conn = sqlite3.connect(self.path)
        # A scratch file: durability does not matter, speed and a bounded page cache do.
        self.conn.executescript(
            "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-65536; PRAGMA temp_store=FILE;"
        )
        self.conn.executescript(_SCHEMA)
        self._finalized = False
        self.events_sorted = False  # set by the loader when events.csv came in (client, date, line) order
        self.concurrent_reads = False  # WAL after finalize: a second process may use the store

    # -- writing ---------------------------------------------------------------------------------------------

    def insert(self, table: str, rows: Iterable[Sequence[Any]]) -> None:
        rows = list(rows)
        if not rows:
            return
        marks = ",".join("?" * len(rows[0]))
        self.conn.executemany(f"INSERT INTO {table} VALUES ({marks})", rows)

    def table_sql(self, table: str) -> str:
        """The CREATE TABLE statement of ``table`` (for a part file written by another process)."""
        row = self.conn.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)).fetchone()
        return str(row[0])

    def copy_from(self, path: Path, table: str) -> None:
        """Append the rows of ``table`` in another SQLite file (a part read by another process), then delete it."""
        self.conn.commit()
        self.conn.execute("ATTACH DATABASE ? AS part", (str(path),))
        try:
            self.conn.execute(f"INSERT INTO main.{table} SELECT * FROM part.{table}")
            self.conn.commit()
        finally:
            self.conn.execute("DETACH DATABASE part")
            path.unlink(missing_ok=True)

    def duplicates(self, table: str, column: str, limit: int = 200) -> list[tuple[str, int, int]]:
        """(value, first line, a later line) for values that occur more than once."""
        return list(
            self.conn.execute(
                f"SELECT {column}, MIN(line), MAX(line) FROM {table} WHERE {column} IS NOT NULL "
                f"GROUP BY {column} HAVING COUNT(*) > 1 ORDER BY MIN(line) LIMIT ?",
                (limit,),
            )
        )

    def finalize(self) -> None:
        """Sort events by client and date once, in SQLite, so every later pass reads them sequentially in rowid
        order (no index needed; checks that need one ask for it with :meth:`ensure_index`)."""
        if self._finalized:
            return
        c = self.conn
        if self.events_sorted:
            # Read in (client, date, line) order already (exports per client are): rowid order is that order.
            c.execute("ALTER TABLE events_raw RENAME TO events")
        else:
            c.execute("CREATE TABLE events AS SELECT * FROM events_raw ORDER BY client_idx, date, line")
            c.execute("DROP TABLE events_raw")
        c.execute("CREATE INDEX access_day ON access_log (day)")
        c.commit()
        # From here on another process may read (and index) the store while this one reads: WAL allows it.
        mode = c.execute("PRAGMA journal_mode=WAL").fetchone()[0]
        self.concurrent_reads = str(mode).lower() == "wal"
        self._finalized = True

    def reopen(self) -> None:
        """A fresh connection to the same file (in a forked process: connections must not cross a fork).

        The inherited connection is kept referenced, never closed here: closing it in the child could disturb the
        parent's locks on the same file.
        """
        self._inherited = self.conn
        self.conn = sqlite3.connect(self.path, timeout=600)
        self.conn.executescript("PRAGMA synchronous=OFF; PRAGMA cache_size=-65536; PRAGMA temp_store=FILE;")

    def ensure_index(self, table: str, columns: Sequence[str]) -> None:
        """Create an index a check needs (idempotent). Checks call this instead of writing DDL."""
        name = f"ix_{table}_{'_'.join(columns)}"
        self.conn.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} ({', '.join(columns)})")

    # -- reading ---------------------------------------------------------------------------------------------

    @staticmethod
    def _client(r: tuple[Any, ...]) -> Client:
        # birth_date and job_search_start are required columns: never NULL in the store.
        return Client(
            r[1],
            _required_date(r[2]),
            r[3],
            r[4],
            r[5],
            r[6],
            r[7],
            r[8],
            _bool(r[9]),
            r[10],
            _required_date(r[11]),
            to_date(r[12]),
            r[13],
            r[14],
            _bool(r[15]),
            r[16],
        )  # type: ignore[arg-type]

    @staticmethod
    def _event(r: tuple[Any, ...]) -> Event:
        return Event(r[0], r[2], to_date(r[3]), r[4], r[5], _bool(r[6]), r[7], r[8], r[9], r[10])  # type: ignore[arg-type]

    def count(self, table: str) -> int:
        return int(self.conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])

    def clients(self) -> Iterator[Client]:
        for r in self.conn.execute("SELECT * FROM clients ORDER BY idx"):
            yield self._client(r)

    def client_ids(self) -> set[str]:
        return {r[0] for r in self.conn.execute("SELECT client_id FROM clients")}

    def histories(self) -> Iterator[ClientHistory]:
        """Every client with his or her events (date order), streamed: one client in memory at a time.

        The hot loop of a national audit (millions of events): rows are grouped straight off the cursor and events
        built with ``Event._make`` from a prepared tuple, dates from a cache - about a third of the naive cost.
        """
        self.finalize()
        make = Event._make
        dates = _dates
        bools = _BOOLS
        ev_cur = self.conn.cursor().execute(
            "SELECT event_id, client_id, date, type, language, interpreter, staff_id, channel, detail, line, "
            "client_idx FROM events ORDER BY rowid"
        )
        groups = groupby(ev_cur, key=itemgetter(10))
        pending = next(groups, None)
        for r in self.conn.cursor().execute("SELECT * FROM clients ORDER BY idx"):
            idx = r[0]
            events: list[Event] = []
            if pending is not None and pending[0] == idx:
                for e in pending[1]:
                    d = dates.get(e[2]) or to_date(e[2])
                    events.append(make((e[0], e[1], d, e[3], e[4], bools[e[5]], e[6], e[7], e[8], e[9])))
                pending = next(groups, None)
            yield ClientHistory(self._client(r), events)

    def events(self, where: str = "", params: Sequence[Any] = ()) -> Iterator[Event]:
        self.finalize()
        sql = "SELECT * FROM events" + (f" WHERE {where}" if where else "") + " ORDER BY rowid"
        for r in self.conn.execute(sql, params):
            yield self._event(r)

    def access_log(self, where: str = "", params: Sequence[Any] = ()) -> Iterator[Access]:
        sql = "SELECT timestamp, day, staff_id, client_id, client_idx, action, line FROM access_log"
        sql += (f" WHERE {where}" if where else "") + " ORDER BY line"
        for r in self.conn.execute(sql, params):
            yield Access(r[0], to_date(r[1]), r[2], r[3], r[5], r[4] is not None, r[6])  # type: ignore[arg-type]

    def staff(self) -> list[StaffMember]:
        return [
            StaffMember(r[0], r[1], _list(r[2]), r[3], _bool(r[4]), to_date(r[5]), to_date(r[6]), r[7])
            for r in self.conn.execute("SELECT * FROM staff ORDER BY line")
        ]

    def service_points(self) -> list[ServicePoint]:
        return [
            ServicePoint(r[0], r[1], r[2], _list(r[3]), r[4], _bool(r[5]), _bool(r[6]), r[7])
            for r in self.conn.execute("SELECT * FROM service_points ORDER BY line")
        ]

    def documents(self) -> list[DocumentRecord]:
        return [
            DocumentRecord(r[0], r[1], r[2], r[3], to_date(r[4]), to_date(r[5]), r[6], bool(r[7]), r[8], r[9], r[10])
            for r in self.conn.execute("SELECT * FROM documents ORDER BY described DESC, line, file")
        ]

    def pages(self, file: str) -> list[Page]:
        return [
            Page(r[0], r[1], bool(r[2]))
            for r in self.conn.execute("SELECT page, text, has_images FROM pages WHERE file = ? ORDER BY page", (file,))
        ]

    def page_languages(self, file: str) -> list[tuple[int, str | None]]:
        """(page, language segments as JSON or None) of a document, as computed when it was loaded."""
        return list(self.conn.execute("SELECT page, lang FROM pages WHERE file = ? ORDER BY page", (file,)))

    def page_codes(self, file: str) -> list[tuple[int, int, int, int, str, bool, dt.date | None, str]]:
        """Identity codes found in a document's pages when it was loaded (the page text is stored masked):
        (page, start, end, line, masked, valid, birth_date, excerpt), offsets in the masked text."""
        return [
            (r[0], r[1], r[2], r[3], r[4], bool(r[5]), to_date(r[6]), r[7])
            for r in self.conn.execute(
                'SELECT page, start, "end", line, masked, valid, birth_date, excerpt FROM page_codes '
                "WHERE file = ? ORDER BY page, start",
                (file,),
            )
        ]

    def query(self, sql: str, params: Sequence[Any] = ()) -> Iterator[tuple[Any, ...]]:
        """Read-only SQL over the documented tables (dates are ordinals: ``date.toordinal()``)."""
        self.finalize()
        yield from self.conn.execute(sql, params)

    def close(self) -> None:
        try:
            self.conn.close()
        finally:
            if self._own_dir:
                shutil.rmtree(self.dir, ignore_errors=True)
            else:
                self.path.unlink(missing_ok=True)
