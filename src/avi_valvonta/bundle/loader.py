"""Load and validate a case bundle in one pass: every problem with file, line and column, then refuse or go on.

Rows stream from the CSV files into the working store (:mod:`avi_valvonta.bundle.store`); nothing national-scale
is held as Python objects. Identity codes found in any CSV cell are recorded (for PRIV-HETU-BUNDLE) and masked before
the cell is stored.
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
import re
import tomllib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from avi_valvonta.bundle import csvread
from avi_valvonta.bundle.csvread import CellError, CsvFile, Problems, iter_rows, open_csv, split_ranges
from avi_valvonta.bundle.documents import DocumentError, extract
from avi_valvonta.bundle.schema import (
    ACCESS_LOG,
    CLIENTS,
    DOCUMENTS,
    EVENTS,
    FILES,
    KNOWN_TOP_LEVEL,
    SERVICE_POINTS,
    STAFF,
    FileSpec,
)
from avi_valvonta.bundle.store import WorkStore, ordinal
from avi_valvonta.errors import InvalidInput, Problem, UsageError
from avi_valvonta.i18n import Text
from avi_valvonta.identity import (
    MaskedText,
    iter_identity_codes,
    line_of,
    mask_identity_codes,
    may_contain_identity_code,
)
from avi_valvonta.reference import reference

HELSINKI = ZoneInfo("Europe/Helsinki")
_MISSING = object()
# Columns that identify a record and are compared across files: an identity code in one keeps them distinct.
ID_COLUMNS = frozenset({"client_id", "coach_id", "staff_id", "event_id", "point_id"})
BATCH = 20_000
# A CSV file bigger than this is read by two processes (when it can be split: see csvread.split_ranges).
SPLIT_MIN_BYTES = int(os.environ.get("VALVONTA_SPLIT_MIN_BYTES", 32 * 2**20))
PARALLEL_PARTS = min(2, os.cpu_count() or 1)


def _can_fork() -> bool:
    import multiprocessing

    return PARALLEL_PARTS > 1 and "fork" in multiprocessing.get_all_start_methods()


Progress = Callable[[str, int], None]


@dataclass(frozen=True)
class BundleMeta:
    """bundle.toml."""

    format: int
    municipality: str
    period_start: dt.date
    period_end: dt.date
    as_of: dt.date
    area: str | None = None
    source: str | None = None
    # key → its line in bundle.toml, so that a message can point at the line (not part of the metadata itself)
    lines: dict[str, int] = field(default_factory=dict, compare=False, hash=False, repr=False)


@dataclass(frozen=True)
class CellIdentityCode:
    """An identity code found in a CSV cell (masked; file, line and column point to the original)."""

    file: str
    line: int
    column: str
    masked: str
    valid: bool


@dataclass
class Bundle:
    """A validated bundle: its metadata, the working store, and what loading found out."""

    path: Path
    meta: BundleMeta
    store: WorkStore
    files: dict[str, str] = field(default_factory=dict)  # relative path → SHA-256
    rows: dict[str, int] = field(default_factory=dict)  # CSV file → data rows
    warnings: list[Problem] = field(default_factory=list)
    cell_identity_codes: list[CellIdentityCode] = field(default_factory=list)
    present: set[str] = field(default_factory=set)  # which optional CSV files exist

    def has(self, file: str) -> bool:
        return file in self.present

    def close(self) -> None:
        self.store.close()


def _toml_date(value: Any, key: str, problems: Problems, line: int | None = None) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return csvread.parse_date(value)
        except CellError as e:
            problems.add("bundle.toml", str(e), line, key)
            return None
    problems.add("bundle.toml", f"{key} must be a date (YYYY-MM-DD), got {value!r}", line, key)
    return None


_TOML_KEY = re.compile(r"""\s*["']?([A-Za-z0-9_-]+)["']?\s*=""")


def _toml_key_lines(text: str) -> dict[str, int]:
    """The line of each top-level key: tomllib gives values, not where they were (a message must name the line)."""
    lines: dict[str, int] = {}
    for n, line in enumerate(text.splitlines(), 1):
        if line.lstrip().startswith("["):
            break  # a table starts: the keys of bundle.toml are all above it
        m = _TOML_KEY.match(line)
        if m:
            lines.setdefault(m.group(1), n)
    return lines


def read_meta(path: Path, problems: Problems, as_of_override: dt.date | None = None) -> BundleMeta | None:
    toml_path = path / "bundle.toml"
    if not toml_path.exists() and not toml_path.is_symlink():
        problems.add("bundle.toml", "missing: every bundle needs bundle.toml (case-bundle.md)")
        return None
    if not toml_path.is_file() or not toml_path.resolve().is_relative_to(path.resolve()):
        problems.add(
            "bundle.toml", "not a regular file inside the bundle (a link or folder pointing elsewhere is not read)"
        )
        return None
    try:
        text = toml_path.read_text(encoding="utf-8-sig")
        data = tomllib.loads(text)
    except UnicodeDecodeError:
        problems.add("bundle.toml", "not UTF-8: save the file as UTF-8", csvread._first_bad_utf8_line(toml_path))
        return None
    except OSError as e:
        problems.add("bundle.toml", f"cannot read the file: {e.strerror}")
        return None
    except tomllib.TOMLDecodeError as e:
        line = None
        msg = str(e)
        if "(at line " in msg:
            try:
                line = int(msg.split("(at line ")[1].split(",")[0])
            except ValueError:
                line = None
        problems.add("bundle.toml", f"not valid TOML: {msg}", line)
        return None
    lines = _toml_key_lines(text)
    fmt = data.get("format")
    if fmt is None:
        problems.add("bundle.toml", "format is required (format = 1)", None, "format")
    elif fmt != 1 or isinstance(fmt, bool):
        problems.add(
            "bundle.toml", f"format must be 1 (this tool reads format 1), got {fmt!r}", lines.get("format"), "format"
        )
    municipality = data.get("municipality")
    if municipality is None:
        problems.add("bundle.toml", "municipality is required (name or code)", None, "municipality")
    elif isinstance(municipality, bool) or not isinstance(municipality, str | int) or not str(municipality).strip():
        problems.add(
            "bundle.toml",
            f"municipality must be a name or a code (text), got {municipality!r}",
            lines.get("municipality"),
            "municipality",
        )
        municipality = None
    for key in ("period_start", "period_end"):
        if key not in data:
            problems.add("bundle.toml", f"{key} is required", None, key)
    start = end = None
    if "period_start" in data:
        start = _toml_date(data["period_start"], "period_start", problems, lines.get("period_start"))
    if "period_end" in data:
        end = _toml_date(data["period_end"], "period_end", problems, lines.get("period_end"))
    as_of = as_of_override
    if as_of is None and "as_of" in data:
        as_of = _toml_date(data["as_of"], "as_of", problems, lines.get("as_of"))
    elif as_of is None:
        problems.add("bundle.toml", "as_of is required (or give --as-of)", None, "as_of")
    if start and end and end < start:
        problems.add(
            "bundle.toml", f"period_end {end} is before period_start {start}", lines.get("period_end"), "period_end"
        )
    if start and as_of and as_of < start:
        if as_of_override is None:
            problems.add("bundle.toml", f"as_of {as_of} is before period_start {start}", lines.get("as_of"), "as_of")
        else:
            problems.add(
                "bundle.toml",
                f"--as-of {as_of} is before period_start {start}",
                lines.get("period_start"),
                "period_start",
            )
    if None in (start, end, as_of) or municipality is None or fmt != 1 or isinstance(fmt, bool):
        return None
    area = data.get("area")
    source = data.get("source")
    assert start is not None and end is not None and as_of is not None
    return BundleMeta(
        1,
        str(municipality),
        start,
        end,
        as_of,
        str(area) if area else None,
        str(source) if source else None,
        lines,
    )


class _Loader:
    def __init__(
        self, path: Path, meta: BundleMeta, store: WorkStore, problems: Problems, progress: Progress | None
    ) -> None:
        self.path = path
        self.meta = meta
        self.store = store
        self.problems = problems
        self.progress = progress
        self.bundle = Bundle(path, meta, store)
        self.client_idx: dict[str, int] = {}
        self.event_order: list[tuple[Any, Any, bool]] = []  # (first key, last key, in order) per part read
        self.staff_ids: set[str] = set()
        self.coach_refs: list[tuple[str, int]] = []
        self.rejected_clients: set[str] = set()  # client rows refused for their own errors
        self._muni_cache: dict[str, str] = {}
        self._code_ids: dict[str, str] = {}  # identity code used as an id -> its masked, numbered stand-in

    # -- helpers ---------------------------------------------------------------------------------------------

    def resolve_municipality(self, s: str) -> str:
        code = self._muni_cache.get(s)
        if code is None:
            m = reference().lookup(s)
            if m is None:
                raise CellError(f"unknown municipality {s!r}")
            code = self._muni_cache[s] = m.code
        return code

    def _inside(self, p: Path) -> bool:
        try:
            return p.resolve().is_relative_to(self.path.resolve())
        except OSError:
            return False

    def _rows(  # type: ignore[no-untyped-def]
        self, spec: FileSpec, f: CsvFile | None = None, byte_range: tuple[int, int, int] | None = None
    ):
        """Converted rows of a file: (line, values by schema order, ok). Records problems as it goes.

        ``f`` and ``byte_range``: an already opened file and the part of it to read (see :meth:`_load_split`).
        """
        if f is None:
            f = self._open(spec)
            if f is None:
                return
        yield from self._converted(spec, f, byte_range)

    def _open(self, spec: FileSpec) -> CsvFile | None:
        """Check that the file is a regular file inside the bundle and read its header."""
        path = self.path / spec.name
        if not path.exists() and not path.is_symlink():
            if spec.required:
                self.problems.broken.add(spec.name)
                self.problems.add(spec.name, "missing: this file is required (case-bundle.md)")
            return None
        if (path.is_symlink() and not self._inside(path)) or not path.is_file():
            self.problems.broken.add(spec.name)
            self.problems.add(
                spec.name,
                "not a regular file inside the bundle (a link or folder pointing elsewhere is not read)",
            )
            return None
        f = open_csv(path, spec, self.problems)
        if f is None:
            self.problems.broken.add(spec.name)
            self.bundle.present.add(spec.name)
            return None
        self.bundle.present.add(spec.name)
        self.bundle.files[spec.name] = f.sha256
        return f

    def _converted(  # type: ignore[no-untyped-def]
        self, spec: FileSpec, f: CsvFile, byte_range: tuple[int, int, int] | None = None
    ):
        # Per column: (name, position, required, converter, cache). Low-cardinality columns (dates, codes, enums,
        # municipalities) convert each distinct string once: a national file repeats them millions of times.
        plans: list[tuple[str, int | None, bool, Any, dict[str, Any] | None]] = []
        for col in spec.columns:
            conv = csvread.converter(col, f.list_separator, self.resolve_municipality)
            cache: dict[str, Any] | None = None if col.kind in ("id", "text", "timestamp") else {}
            plans.append((col.name, f.positions.get(col.name), col.required, conv, cache))
        problems = self.problems
        name = spec.name
        count = 0
        hits = self.bundle.cell_identity_codes
        for line, cells in iter_rows(f, problems, byte_range):
            count += 1
            if self.progress and count % 100_000 == 0:
                self.progress(name, count)
            # Identity codes in any cell (pseudonyms were required): record, then mask before storing.
            joined = "\x00".join(cells)  # NUL: not whitespace, never in a cell (csvread refuses it)
            if may_contain_identity_code(joined):
                cells = self._scan_identity_codes(f.header, cells, name, line, hits)
            values: list[Any] = []
            ok = True
            for col_name, pos, required, conv, cache in plans:
                s = cells[pos] if pos is not None else ""
                if not s:
                    if required:
                        problems.add(name, f"{col_name} is required but empty", line, col_name)
                        ok = False
                    values.append(None)
                    continue
                if cache is None:
                    values.append(conv(s))
                    continue
                v = cache.get(s, _MISSING)
                if v is _MISSING:
                    try:
                        v = conv(s)
                    except CellError as e:
                        problems.add(name, str(e), line, col_name)
                        values.append(None)
                        ok = False
                        continue
                    if len(cache) < 100_000:
                        cache[s] = v
                values.append(v)
            yield line, values, ok
        self.bundle.rows[name] = self.bundle.rows.get(name, 0) + count

    def _scan_identity_codes(
        self, header: list[str], cells: list[str], file: str, line: int, hits: list[CellIdentityCode]
    ) -> list[str]:
        out = list(cells)
        for i, cell in enumerate(cells):
            found = list(iter_identity_codes(cell))
            if not found:
                continue
            for m in found:
                if m.checksum_ok:
                    hits.append(CellIdentityCode(file, line, header[i], m.masked, m.counts_on(self.meta.as_of)))
            out[i] = mask_identity_codes(cell)
            if (
                header[i] in ID_COLUMNS
                and len(found) == 1
                and found[0].checksum_ok
                and out[i].strip() == found[0].masked
            ):
                # An identity code used as an id (PRIV-HETU-BUNDLE reports it): a bare mask would make different
                # people one id (403 masks in all), so each code gets a numbered stand-in, the same in every file.
                code = found[0].code
                stand_in = self._code_ids.get(code)
                if stand_in is None:
                    stand_in = self._code_ids[code] = f"{found[0].masked}~{len(self._code_ids) + 1}"
                out[i] = stand_in
        return out

    def _unknown_client(self, file: str, cid: str, line: int) -> None:
        """A reference to a client that is not loaded. Said only when clients.csv is not the reason: a client row
        refused for its own errors, or a clients.csv that could not be read, would turn one problem into many."""
        if cid in self.rejected_clients or CLIENTS.name in self.problems.broken:
            return
        self.problems.add(file, f"client_id {cid!r} is not in clients.csv", line, "client_id")

    # -- files -----------------------------------------------------------------------------------------------

    def load_clients(self) -> None:
        batch: list[tuple[Any, ...]] = []
        p, name = self.problems, CLIENTS.name
        as_of = self.meta.as_of
        for line, v, ok in self._rows(CLIENTS):
            (
                cid,
                birth,
                home,
                gender,
                mother,
                service,
                citizen,
                benefit,
                tp,
                status,
                start,
                end,
                resp,
                coach,
                interp,
            ) = v
            if cid is not None and cid in self.client_idx:
                p.add(name, f"client_id {cid!r} appears twice (first on an earlier line)", line, "client_id")
                ok = False
            if birth and start and birth > start:
                p.add(name, f"birth_date {birth} is after job_search_start {start}", line, "birth_date")
                ok = False
            if birth and birth > as_of:
                p.add(name, f"birth_date {birth} is after as_of {as_of}", line, "birth_date")
                ok = False
            if start and end and end < start:
                p.add(name, f"job_search_end {end} is before job_search_start {start}", line, "job_search_end")
                ok = False
            if not ok or cid is None:
                if cid is not None:
                    self.rejected_clients.add(cid)
                continue
            idx = len(self.client_idx) + 1
            self.client_idx[cid] = idx
            if coach:
                self.coach_refs.append((coach, line))
            batch.append(
                (
                    idx,
                    cid,
                    ordinal(birth),
                    home,
                    gender,
                    mother,
                    service,
                    citizen,
                    benefit,
                    None if tp is None else int(tp),
                    status,
                    ordinal(start),
                    ordinal(end),
                    resp,
                    coach,
                    None if interp is None else int(interp),
                    line,
                )
            )
            if len(batch) >= BATCH:
                self.store.insert("clients", batch)
                batch = []
        self.store.insert("clients", batch)

    def load_staff(self) -> None:
        rows = []
        for line, v, ok in self._rows(STAFF):
            sid, role, langs, muni, access, start, end = v
            if sid in self.staff_ids:
                self.problems.add(STAFF.name, f"staff_id {sid!r} appears twice", line, "staff_id")
                ok = False
            if start and end and end < start:
                self.problems.add(STAFF.name, f"active_to {end} is before active_from {start}", line, "active_to")
                ok = False
            if not ok:
                continue
            self.staff_ids.add(sid)
            rows.append(
                (
                    sid,
                    role,
                    ";".join(langs or ()),
                    muni,
                    None if access is None else int(access),
                    ordinal(start),
                    ordinal(end),
                    line,
                )
            )
        self.store.insert("staff", rows)
        if STAFF.name in self.bundle.present and STAFF.name not in self.problems.broken:
            for coach, line in self.coach_refs:
                if coach not in self.staff_ids:
                    self.problems.warn(
                        CLIENTS.name,
                        Text(
                            f"coach_id {coach!r} puuttuu tiedostosta staff.csv",
                            f"coach_id {coach!r} saknas i staff.csv",
                        ),
                        line,
                        "coach_id",
                    )

    def load_events(self) -> None:
        self.event_order = []
        self._load_split(EVENTS, self._event_rows, "events_raw")
        parts = [o for o in self.event_order if o[0] is not None]
        self.store.events_sorted = all(o[2] for o in parts) and all(a[1] <= b[0] for a, b in itertools.pairwise(parts))
        for value, first, later in self.store.duplicates("events_raw", "event_id"):
            self.problems.add(
                EVENTS.name, f"event_id {value!r} appears twice (first on line {first})", later, "event_id"
            )

    def _event_rows(self, rows: Iterator[tuple[int, list[Any], bool]]) -> Iterator[tuple[Any, ...]]:
        idx_of = self.client_idx
        name = EVENTS.name
        # Whether the rows come in (client, date) order, as exports per client do: then the store need not sort.
        order = self.event_order
        first: tuple[Any, int] | None = None
        last: tuple[Any, int] = (-1, -1)
        in_order = True
        for line, v, ok in rows:
            eid, cid, date, etype, lang, interp, staff, channel, detail = v
            idx = idx_of.get(cid) if cid is not None else None
            if cid is not None and idx is None:
                self._unknown_client(name, cid, line)
                ok = False
            if not ok:
                continue
            key = (idx, date.toordinal())
            if first is None:
                first = key
            if key < last:
                in_order = False
            last = key
            yield (
                eid,
                idx,
                cid,
                ordinal(date),
                etype,
                lang,
                None if interp is None else int(interp),
                staff,
                channel,
                detail,
                line,
            )
        order.append((first, last, in_order))

    # -- both cores for the big files ------------------------------------------------------------------------

    def _load_split(self, spec: FileSpec, make_rows: Callable[..., Iterator[tuple[Any, ...]]], table: str) -> None:
        """Load a big CSV file into ``table``, its second half in a forked process when it can be split.

        Why: a national events.csv has millions of rows and Python converts and validates them at a few µs each;
        two cores halve that. Each part is validated exactly as a whole file would be (problems keep their line
        numbers); the other process writes its rows to its own SQLite file, which is then copied in by SQLite.
        """
        f = self._open(spec)
        if f is None:
            return
        ranges = split_ranges(f, PARALLEL_PARTS, SPLIT_MIN_BYTES) if _can_fork() else None
        if not ranges:
            self._insert_all(table, make_rows(self._converted(spec, f)))
            return
        import multiprocessing

        ctx = multiprocessing.get_context("fork")
        schema = self.store.table_sql(table)
        self.store.conn.commit()  # nothing open in the connection the children inherit
        jobs = []
        for i, part in enumerate(ranges[1:], 1):
            path = self.store.dir / f"{table}.part{i}.sqlite3"
            recv, send = ctx.Pipe(duplex=False)
            proc = ctx.Process(target=self._load_part, args=(spec, f, part, make_rows, schema, table, path, send))
            proc.start()
            send.close()
            jobs.append((proc, recv, path))
        self._insert_all(table, make_rows(self._converted(spec, f, ranges[0])))
        for proc, recv, path in jobs:
            try:
                result = recv.recv()
            except EOFError:
                result = None
            proc.join()
            if result is None or proc.exitcode != 0:
                raise RuntimeError(f"reading {spec.name} in a second process failed (exit {proc.exitcode})")
            order, items, omitted, hits, count, broken = result
            self.event_order.extend(order)
            for prob in items:
                self.problems.add(prob.file, prob.message, prob.line, prob.column, prob.severity, prob.text)
            self.problems.omitted += omitted
            self.problems.broken |= broken
            self.bundle.cell_identity_codes.extend(hits)
            self.bundle.rows[spec.name] = self.bundle.rows.get(spec.name, 0) + count
            self.store.copy_from(path, table)

    def _load_part(
        self,
        spec: FileSpec,
        f: CsvFile,
        part: tuple[int, int, int],
        make_rows: Callable[..., Iterator[tuple[Any, ...]]],
        schema: str,
        table: str,
        path: Path,
        send: Any,
    ) -> None:
        """In the forked process: read one part into its own SQLite file, send back what was found."""
        import sqlite3

        try:
            self.progress = None
            self.problems = Problems()
            self.bundle.cell_identity_codes = []
            self.bundle.rows = {}
            fd = os.open(path, os.O_CREAT | os.O_RDWR | os.O_TRUNC, 0o600)
            os.close(fd)
            conn = sqlite3.connect(path)
            conn.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;")
            conn.execute(schema)
            batch: list[tuple[Any, ...]] = []
            for row in make_rows(self._converted(spec, f, part)):
                batch.append(row)
                if len(batch) >= BATCH:
                    conn.executemany(f"INSERT INTO {table} VALUES ({','.join('?' * len(row))})", batch)
                    batch = []
            if batch:
                conn.executemany(f"INSERT INTO {table} VALUES ({','.join('?' * len(batch[0]))})", batch)
            conn.commit()
            conn.close()
            send.send(
                (
                    self.event_order,
                    self.problems.items,
                    self.problems.omitted,
                    self.bundle.cell_identity_codes,
                    self.bundle.rows.get(spec.name, 0),
                    self.problems.broken,
                )
            )
        except BaseException:
            send.send(None)
            raise
        finally:
            send.close()

    def _insert_all(self, table: str, rows: Iterator[tuple[Any, ...]]) -> None:
        batch: list[tuple[Any, ...]] = []
        for row in rows:
            batch.append(row)
            if len(batch) >= BATCH:
                self.store.insert(table, batch)
                batch = []
        self.store.insert(table, batch)

    def _helsinki_day(self, ts: str) -> dt.date:
        if "T" not in ts and " " not in ts:
            raise CellError(f"not a timestamp (ISO 8601 date and time): {ts!r}")
        try:
            stamp = dt.datetime.fromisoformat(ts)
        except ValueError:
            raise CellError(f"not a timestamp (ISO 8601, e.g. 2024-03-04T09:15:00+02:00): {ts!r}") from None
        if stamp.tzinfo is None:
            return stamp.date()  # no offset = Europe/Helsinki (case-bundle.md)
        try:
            return stamp.astimezone(HELSINKI).date()
        except OverflowError:  # 9999-12-31T23:59-23:59 is a valid ISO string but no Helsinki day
            raise CellError(f"timestamp out of range: {ts!r}") from None

    def load_access_log(self) -> None:
        self._load_split(ACCESS_LOG, self._access_rows, "access_log")

    def _access_rows(self, rows: Iterator[tuple[int, list[Any], bool]]) -> Iterator[tuple[Any, ...]]:
        idx_of = self.client_idx
        p, name = self.problems, ACCESS_LOG.name
        for line, v, ok in rows:
            ts, staff, cid, action = v
            day = None
            if ts is not None:
                try:
                    day = self._helsinki_day(ts)
                except CellError as e:
                    p.add(name, str(e), line, "timestamp")
                    ok = False
            if not ok:
                continue
            yield (ts, ordinal(day), staff, cid, idx_of.get(cid), action, line)

    def load_service_points(self) -> None:
        rows = []
        seen: set[str] = set()
        for line, v, ok in self._rows(SERVICE_POINTS):
            pid, muni, pname, langs, hours, accessible, appt = v
            if pid is not None and pid in seen:
                self.problems.add(SERVICE_POINTS.name, f"point_id {pid!r} appears twice", line, "point_id")
                ok = False
            if hours is not None and hours < 0:
                self.problems.add(SERVICE_POINTS.name, "hours_per_week cannot be negative", line, "hours_per_week")
                ok = False
            if not ok:
                continue
            if pid:
                seen.add(pid)
            rows.append(
                (
                    pid,
                    muni,
                    pname,
                    ";".join(langs or ()),
                    hours,
                    None if accessible is None else int(accessible),
                    None if appt is None else int(appt),
                    line,
                )
            )
        self.store.insert("service_points", rows)

    def load_documents(self) -> None:
        docs_dir = self.path / "documents"
        listed: dict[str, tuple[Any, ...]] = {}
        p, name = self.problems, DOCUMENTS.name
        rows = list(self._rows(DOCUMENTS))
        # documents.csv cells are masked like every cell, so a file name that carries an identity code is listed
        # under its masked name: find such files on disk by their masked name (and store them under it).
        real_path: dict[str, Path] = {}
        if docs_dir.is_dir():
            for found in docs_dir.rglob("*"):
                rel_found = found.relative_to(docs_dir).as_posix()
                masked_name = mask_identity_codes(rel_found)
                if masked_name != rel_found:
                    real_path[masked_name] = found
        for line, v, ok in rows:
            file, _doc_type, audience, cid, date, until, _translation_of = v
            if file is None:
                continue
            rel = Path(file)
            if rel.is_absolute() or ".." in rel.parts:
                p.add(
                    name,
                    f"file {file!r} must be a path inside documents/ (no absolute paths or '..')",
                    line,
                    "file",
                )
                continue
            if file in listed:
                p.add(name, f"file {file!r} is listed twice", line, "file")
                continue
            if cid is not None and cid not in self.client_idx:
                self._unknown_client(name, cid, line)
                ok = False
            if audience == "client" and cid is None:
                p.warn(
                    name,
                    Text(
                        "asiakasasiakirjalta puuttuu client_id: kielitarkastukset eivät voi arvioida sitä",
                        "klienthandlingen saknar client_id: språkgranskningarna kan inte bedöma den",
                    ),
                    line,
                    "client_id",
                )
            if date and until and until < date:
                p.add(
                    name,
                    f"published_until {until} is before the document date {date}",
                    line,
                    "published_until",
                )
                ok = False
            full = real_path.get(file, docs_dir / rel)
            if not full.exists():
                p.add(name, f"listed document {file!r} is missing from documents/", line, "file")
                ok = False
            elif not self._inside(full) or not full.is_file():
                p.add(
                    name,
                    f"{file!r} is not a regular file inside the bundle (a link pointing elsewhere is not read)",
                    line,
                    "file",
                )
                ok = False
            listed[file] = (line, v, ok)
        for line, v, _ok in listed.values():
            tr = v[6]
            if tr is not None and tr not in listed:
                p.add(
                    name,
                    f"translation_of {tr!r} is not a file listed in documents.csv",
                    line,
                    "translation_of",
                )
        # Every file under documents/ is scanned; undescribed ones as other/internal, with a warning.
        present: list[tuple[str, Path]] = []
        if docs_dir.is_symlink() and not self._inside(docs_dir):
            p.add("documents", "documents/ is a link pointing outside the bundle: it is not read")
        elif docs_dir.is_dir():
            for full in sorted(docs_dir.rglob("*")):
                if full.is_dir() and full.is_symlink():
                    # rglob does not descend into a linked folder: say so rather than skip its files unseen.
                    linked = mask_identity_codes(full.relative_to(docs_dir).as_posix())
                    p.add(f"documents/{linked}", "a link to a folder is not followed (nor read)")
                    continue
                if full.is_dir():
                    continue
                rel_name = mask_identity_codes(full.relative_to(docs_dir).as_posix())
                if not self._inside(full):
                    p.add(f"documents/{rel_name}", "a link pointing outside the bundle is not read")
                    continue
                # A FIFO or a device: reading it could block the audit forever. (Listed ones are refused above.)
                if not full.is_file() and rel_name not in listed:
                    p.add(f"documents/{rel_name}", "not a regular file (a pipe or device is not read)")
                    continue
                present.append((rel_name, full))
        elif docs_dir.exists():
            p.add("documents", "documents must be a folder")
        jobs: list[tuple[str, Path]] = []
        for rel_name, full in present:
            entry = listed.get(rel_name)
            if entry is None:
                p.warn(
                    f"documents/{rel_name}",
                    Text(
                        "ei kuvattu tiedostossa documents.csv: käsitellään tyyppinä other, yleisönä internal",
                        "inte beskriven i documents.csv: behandlas som typ other, publik internal",
                    ),
                )
            elif not entry[2]:
                continue
            jobs.append((rel_name, full))
        for (rel_name, _full), prepared in zip(jobs, _prepare_all(jobs), strict=True):
            if isinstance(prepared, DocumentError):
                p.add(f"documents/{rel_name}", prepared.message, prepared.page)
                continue
            self.bundle.files[f"documents/{rel_name}"] = prepared.sha256
            for number, has_text, has_images in prepared.page_facts:
                if not has_text:
                    text = Text(f"sivulla {number} ei ole luettavaa tekstiä", f"sidan {number} har ingen läsbar text")
                    if has_images:
                        text = text + Text(
                            " (kuvasivu: ihmisen on luettava se)", " (bildsida: en person måste läsa den)"
                        )
                    p.warn(f"documents/{rel_name}", text, number)
            self.store.insert("pages", prepared.pages)
            self.store.insert("page_codes", prepared.codes)
            entry = listed.get(rel_name)
            row: tuple[Any, ...]
            if entry is None:
                row = (
                    rel_name,
                    "other",
                    "internal",
                    None,
                    None,
                    None,
                    None,
                    0,
                    None,
                    prepared.page_count,
                    prepared.sha256,
                )
            else:
                line, v, _ = entry
                file, doc_type, audience, cid, date, until, tr = v
                row = (
                    file,
                    doc_type,
                    audience,
                    cid,
                    ordinal(date),
                    ordinal(until),
                    tr,
                    1,
                    line,
                    prepared.page_count,
                    prepared.sha256,
                )
            self.store.insert("documents", [row])
            if self.progress:
                self.progress("documents", prepared.page_count)

    def check_top_level(self) -> None:
        for entry in sorted(self.path.iterdir()):
            if entry.name not in KNOWN_TOP_LEVEL and not entry.name.startswith("."):
                self.problems.warn(
                    entry.name,
                    Text("ei kuulu aineistomuotoon: ohitetaan", "hör inte till materialformatet: ignoreras"),
                )

    def home_municipality_warning(self, members: frozenset[str]) -> None:
        rows = list(
            self.store.query(
                f"SELECT client_id FROM clients WHERE home_municipality NOT IN ({','.join('?' * len(members))}) "
                "ORDER BY idx",
                sorted(members),
            )
        )
        if rows:
            ids = ", ".join(r[0] for r in rows[:20]) + (" …" if len(rows) > 20 else "")
            self.problems.warn(
                CLIENTS.name,
                Text(
                    f"{len(rows)} asiakkaan kotikunta on muu kunta; heidät lasketaan mukaan sellaisinaan: {ids}",
                    f"{len(rows)} klienter har en annan hemkommun; de räknas med som levererat: {ids}",
                ),
            )


def load_bundle(
    path: Path,
    *,
    as_of: dt.date | None = None,
    members: frozenset[str] | None = None,
    progress: Progress | None = None,
    problems: Problems | None = None,
    meta: BundleMeta | None = None,
) -> Bundle:
    """Validate and load a bundle. Raises :class:`InvalidInput` with every problem when anything is wrong.

    ``members``: the audited municipality codes (to warn about clients who live elsewhere). ``problems`` and
    ``meta``: when the caller has already read bundle.toml and found problems of its own (one report for all).
    """
    path = Path(path)
    if not path.is_dir():
        raise UsageError(f"case bundle folder not found: {path}")
    problems = problems if problems is not None else Problems()
    if meta is None:
        meta = read_meta(path, problems, as_of)
    if meta is None:
        # Without valid dates, reading on would only produce follow-on noise; report what we have.
        raise InvalidInput(problems.items, f"invalid case bundle {path}", problems.omitted)
    store = WorkStore()
    try:
        loader = _Loader(path, meta, store, problems, progress)
        loader.check_top_level()
        for spec in FILES:
            getattr(loader, f"load_{spec.table}")()
        if problems.has_errors():
            raise InvalidInput(problems.items, f"invalid case bundle {path}", problems.omitted)
        store.finalize()
        if members:
            loader.home_municipality_warning(members)
        store.conn.commit()
        bundle = loader.bundle
        bundle.warnings = problems.warnings
        return bundle
    except BaseException:
        store.close()
        raise


# -- documents: prepared once, in parallel when there are many -----------------------------------------------------


@dataclass
class PreparedDocument:
    """A document ready for the working store: masked pages with their language segments, and its identity codes."""

    sha256: str
    page_count: int
    page_facts: list[tuple[int, bool, bool]]  # (page, has text, has images)
    pages: list[tuple[Any, ...]]  # rows of the pages table
    codes: list[tuple[Any, ...]]  # rows of the page_codes table


def mask_page(file: str, number: int, text: str) -> tuple[str, list[tuple[Any, ...]]]:
    """The page text as the working store keeps it (masked, line breaks kept) and the rows of its identity codes.

    Why: the store is a file on disk for as long as the audit runs (and after a crash); case-bundle.md says
    identity codes are masked before anything is stored. What the checks need of a code (valid, birth date, page,
    line, a masked excerpt) is worked out here, from the original, once.
    """
    if not may_contain_identity_code(text):
        return text, []
    found = [m for m in iter_identity_codes(text) if m.checksum_ok]
    if not found:
        return text, []
    masked = MaskedText(text, keep_lines=True)
    rows = []
    for m in found:
        start, end = masked.position(m.start), masked.position(m.end, end=True)
        excerpt = masked.text[max(0, start - 40) : end + 40].replace("\n", " ").strip()
        rows.append(
            (file, number, start, end, line_of(text, m.start), m.masked, int(m.valid), ordinal(m.birth_date), excerpt)
        )
    return masked.text, rows


def prepare_document(job: tuple[str, Path]) -> PreparedDocument | DocumentError:
    """Extract, mask and language-profile one document. Runs in a worker process for big document sets."""
    import json

    from avi_valvonta.textlang import profile, to_rows

    rel_name, full = job
    try:
        doc = extract(full)
    except DocumentError as e:
        return e
    pages, codes, facts = [], [], []
    for pg in doc.pages:
        text, page_codes = mask_page(rel_name, pg.number, pg.text)
        lang = json.dumps(to_rows(profile([(pg.number, text)])), separators=(",", ":"))
        pages.append((rel_name, pg.number, text, int(pg.has_images), lang))
        codes.extend(page_codes)
        facts.append((pg.number, pg.has_text, pg.has_images))
    return PreparedDocument(doc.sha256, len(doc.pages), facts, pages, codes)


# Fewer documents than this are prepared in this process: a pool costs more than it saves.
PARALLEL_DOCUMENTS = 6


def _prepare_all(jobs: list[tuple[str, Path]]) -> Iterator[PreparedDocument | DocumentError]:
    """Prepared documents in the order of ``jobs``; on both cores when there are many (pdfium text extraction and
    language identification are CPU work: about 4 ms a page)."""
    if len(jobs) < PARALLEL_DOCUMENTS or not _can_fork():
        yield from map(prepare_document, jobs)
        return
    import multiprocessing

    from avi_valvonta.textlang import warm_up

    warm_up()  # load the language model once, before forking: the workers share it instead of each loading it
    with multiprocessing.get_context("fork").Pool(PARALLEL_PARTS) as pool:
        yield from pool.imap(prepare_document, jobs, chunksize=1)
