"""The bundle's CSV dialect: UTF-8 (BOM accepted), a header row, ``,`` or ``;`` (detected), ISO dates,
Finnish/Swedish booleans, lists inside cells. Rows are streamed; every problem is collected with file, line, column.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import itertools
import math
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from avi_valvonta.bundle.schema import Column, FileSpec
from avi_valvonta.errors import Problem
from avi_valvonta.i18n import Text

TRUE = frozenset({"true", "1", "kyllä", "kylla", "ja"})
FALSE = frozenset({"false", "0", "ei", "nej"})
_LANG = re.compile(r"^[a-z]{2,3}$")
_COUNTRY = re.compile(r"^[A-Z]{2}$")
MAX_CELL = 100_000  # characters; a larger cell is a broken file, not data
MAX_PROBLEMS_PER_FILE = 200


class CellError(ValueError):
    """A cell that does not fit its column."""


@dataclass
class Problems:
    """Collects problems in one pass; caps what it keeps per file so a broken million-row file stays readable."""

    items: list[Problem] = field(default_factory=list)
    omitted: int = 0
    # Files that could not be read to the end: references into them would only repeat the problem.
    broken: set[str] = field(default_factory=set)
    _per_file: dict[str, int] = field(default_factory=dict)

    def add(
        self,
        file: str,
        message: str,
        line: int | None = None,
        column: str | None = None,
        severity: str = "error",
        text: Text | None = None,
    ) -> None:
        key = f"{file}:{severity}"
        n = self._per_file.get(key, 0) + 1
        self._per_file[key] = n
        if n > MAX_PROBLEMS_PER_FILE:
            self.omitted += 1
            return
        self.items.append(Problem(file, message, line, column, severity, text))

    def warn(self, file: str, text: Text, line: int | None = None, column: str | None = None) -> None:
        """A warning reaches the report, so it is written in Finnish and Swedish."""
        self.add(file, text.fi, line, column, "warning", text)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.items if p.severity == "warning"]

    def has_errors(self) -> bool:
        return any(p.severity == "error" for p in self.items)


# -- cell converters -------------------------------------------------------------------------------------------

_date_cache: dict[str, dt.date] = {}


def parse_date(s: str) -> dt.date:
    d = _date_cache.get(s)
    if d is not None:
        return d
    if len(s) != 10 or s[4] != "-" or s[7] != "-":
        raise CellError(f"not a date YYYY-MM-DD: {s!r}")
    try:
        d = dt.date.fromisoformat(s)
    except ValueError:
        raise CellError(f"impossible date: {s!r}") from None
    if len(_date_cache) < 100_000:
        _date_cache[s] = d
    return d


def parse_bool(s: str) -> bool:
    v = s.lower()
    if v in TRUE:
        return True
    if v in FALSE:
        return False
    raise CellError(f"not a boolean (true/false, 1/0, kyllä/ei, ja/nej): {s!r}")


def parse_number(s: str) -> float:
    try:
        v = float(s.replace(",", "."))
    except ValueError:
        raise CellError(f"not a number: {s!r}") from None
    if not math.isfinite(v):  # float() accepts "nan" and "inf": not a number of hours
        raise CellError(f"not a number: {s!r}")
    return v


def parse_lang(s: str) -> str:
    v = s.lower()
    if not _LANG.match(v):
        raise CellError(f"not an ISO 639 language code (fi, sv, se, …): {s!r}")
    return v


def parse_country(s: str) -> str:
    v = s.upper()
    if not _COUNTRY.match(v):
        raise CellError(f"not an ISO 3166-1 alpha-2 country code (FI, SE, …): {s!r}")
    return v


def converter(col: Column, list_sep: str, resolve_municipality: Callable[[str], str]) -> Callable[[str], Any]:
    kind = col.kind
    if kind in ("id", "text"):
        return lambda s: s
    if kind == "date":
        return parse_date
    if kind == "bool":
        return parse_bool
    if kind == "number":
        return parse_number
    if kind == "lang":
        return parse_lang
    if kind == "country":
        return parse_country
    if kind == "enum":
        choices = col.choices or frozenset()
        allowed = ", ".join(sorted(choices))

        def enum(s: str) -> str:
            if s in choices:
                return s
            low = s.lower()
            if low in choices:
                return low
            raise CellError(f"{s!r} is not one of: {allowed}")

        return enum
    if kind == "list":
        return lambda s: tuple(x.strip().lower() for x in s.split(list_sep) if x.strip())
    if kind == "municipality":
        return resolve_municipality
    if kind == "timestamp":
        return lambda s: s  # the loader converts (it needs the time zone)
    raise AssertionError(f"unknown column kind {kind}")


# -- reading ---------------------------------------------------------------------------------------------------


@dataclass
class CsvFile:
    """An opened bundle CSV: the header mapped to the schema, ready to stream rows."""

    path: Path
    spec: FileSpec
    delimiter: str
    header: list[str]
    positions: dict[str, int]  # schema column → index in the row
    extra: list[str]
    sha256: str = ""

    @property
    def list_separator(self) -> str:
        return ";" if self.delimiter == "," else "|"


def _first_bad_utf8_line(path: Path) -> int:
    with path.open("rb") as fh:
        for n, raw in enumerate(fh, 1):
            try:
                raw.decode("utf-8")
            except UnicodeDecodeError:
                return n
    return 1


_NEWLINE = re.compile(rb"\r\n|\r|\n")
HEADER_LIMIT = 64 * 1024


def _line_at(path: Path, offset: int) -> int:
    """The 1-based line of a byte offset; LF, CRLF and CR each end a line (as the csv module reads them).

    Counted in chunks: the offset can be hundreds of megabytes into a national-scale file."""
    lf = cr = crlf = 0
    prev_cr = False
    with path.open("rb") as fh:
        remaining = offset
        while remaining > 0:
            chunk = fh.read(min(remaining, 1 << 20))
            if not chunk:
                break
            remaining -= len(chunk)
            lf, cr, crlf = lf + chunk.count(b"\n"), cr + chunk.count(b"\r"), crlf + chunk.count(b"\r\n")
            crlf += prev_cr and chunk.startswith(b"\n")
            prev_cr = chunk.endswith(b"\r")
    return lf + cr - crlf + 1


def digest_and_nul_line(path: Path) -> tuple[str, int | None]:
    """SHA-256 of the file and the line of its first NUL byte, in one read (the hash needs the read anyway).

    Python's csv module (3.11+) accepts NUL inside cells; a NUL in a bundle file means a binary or UTF-16 file,
    never data, and must not reach the working store.
    """
    h = hashlib.sha256()
    offset, nul_at = 0, -1
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
            if nul_at < 0:
                at = chunk.find(b"\x00")
                nul_at = offset + at if at >= 0 else -1
            offset += len(chunk)
    return h.hexdigest(), (_line_at(path, nul_at) if nul_at >= 0 else None)


def open_csv(path: Path, spec: FileSpec, problems: Problems) -> CsvFile | None:
    """Read and check the header. ``None`` (with problems recorded) when the file cannot be read at all."""
    name = spec.name
    try:
        with path.open("rb") as fh:
            head = fh.read(HEADER_LIMIT)
    except OSError as e:
        problems.add(name, f"cannot read the file: {e.strerror}")
        return None
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        problems.add(name, "the file is UTF-16: save it as UTF-8", 1)
        return None
    if not head.removeprefix(b"\xef\xbb\xbf").strip():
        problems.add(name, "the file is empty: a header row is required", 1)
        return None
    # A header row ends at LF, CRLF or CR (old Mac exports): all three are valid line endings.
    parts = _NEWLINE.split(head, 1)
    if len(parts) == 1 and len(head) == HEADER_LIMIT:
        problems.add(name, f"the header row is longer than {HEADER_LIMIT // 1024} KiB: not a bundle CSV file", 1)
        return None
    first_line = parts[0]
    try:
        header_text = first_line.decode("utf-8-sig").rstrip("\r")
    except UnicodeDecodeError:
        problems.add(name, "not UTF-8 (the header row has bytes that are not UTF-8): save the file as UTF-8", 1)
        return None
    if "\x00" in header_text:
        problems.add(name, "the file contains NUL bytes: not a text CSV file", 1)
        return None
    commas, semis = header_text.count(","), header_text.count(";")
    if commas == 0 and semis == 0 and ("\t" in header_text or "|" in header_text):
        problems.add(name, "the delimiter must be ',' or ';' (found tabs or '|')", 1)
        return None
    delimiter = ";" if semis > commas else ","
    header = [h.strip().lower() for h in next(csv.reader([header_text], delimiter=delimiter))]
    ok = True
    seen: set[str] = set()
    for h in header:
        if h in seen:
            problems.add(name, f"column {h!r} appears twice in the header", 1, h)
            ok = False
        seen.add(h)
    known = {c.name for c in spec.columns}
    for c in spec.columns:
        if c.required and c.name not in header:
            hint = ""
            if len(header) == 1 and ("," in header[0] or ";" in header[0]):
                hint = " (is the delimiter right?)"
            problems.add(name, f"required column {c.name!r} is missing{hint}", 1, c.name)
            ok = False
    extra = [h for h in header if h not in known and h]
    for h in extra:
        problems.warn(name, Text(f"tuntematon sarake {h!r} ohitetaan", f"okänd kolumn {h!r} ignoreras"), 1, h)
    if not ok:
        return None
    positions = {c.name: header.index(c.name) for c in spec.columns if c.name in header}
    try:
        sha256, nul_line = digest_and_nul_line(path)
    except OSError as e:
        problems.add(name, f"cannot read the file: {e.strerror}")
        return None
    if nul_line is not None:
        problems.add(name, "the file contains NUL bytes: not a text CSV file", nul_line)
    return CsvFile(path, spec, delimiter, header, positions, extra, sha256)


def _range_lines(path: Path, start: int, end: int) -> Iterator[str]:
    """The text lines of bytes [start, end) of a file (start and end at line starts), decoded one by one."""
    with path.open("rb") as fh:
        fh.seek(start)
        pos = start
        while pos < end:
            raw = fh.readline()
            if not raw:
                return
            pos += len(raw)
            yield raw.decode("utf-8")


def split_ranges(f: CsvFile, parts: int, min_bytes: int) -> list[tuple[int, int, int]] | None:
    """Byte ranges (start, end, first line) that split a large CSV file at line ends, or None when it cannot be.

    A file splits only when no cell can run over a line end (no quote character at all) and its lines end in LF
    (or CRLF): then every line end is a row end, and each part can be read on its own - in its own process.
    The first part starts at 0 and includes the header.
    """
    import mmap

    size = f.path.stat().st_size
    if parts < 2 or size < min_bytes:
        return None
    with f.path.open("rb") as fh, mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as mm:
        if mm.find(b'"') != -1:
            return None
        first_nl = mm.find(b"\n")
        if first_nl == -1 or b"\r" in mm[:first_nl].rstrip(b"\r"):
            return None  # CR-only line ends: read sequentially
        cuts = [0]
        for k in range(1, parts):
            nl = mm.find(b"\n", size * k // parts)
            if nl == -1 or nl + 1 >= size or nl + 1 <= cuts[-1]:
                break
            cuts.append(nl + 1)
        if len(cuts) < 2:
            return None
        cuts.append(size)
        ranges = []
        line = 1
        for a, b in itertools.pairwise(cuts):
            ranges.append((a, b, line))
            line += _count_newlines(mm, a, b)
        return ranges


def _count_newlines(mm: Any, start: int, end: int) -> int:
    n = 0
    step = 1 << 24
    for a in range(start, end, step):
        n += mm[a : min(a + step, end)].count(b"\n")
    return n


def iter_rows(
    f: CsvFile, problems: Problems, byte_range: tuple[int, int, int] | None = None
) -> Iterator[tuple[int, list[str]]]:
    """Yield (line number of the row's first line, stripped cells). Structural problems are recorded.

    ``byte_range``: (start, end, first line) of a part from :func:`split_ranges`; the part that starts at 0 holds
    the header.
    """
    name = f.spec.name
    width = len(f.header)
    old_limit = csv.field_size_limit()
    csv.field_size_limit(MAX_CELL)
    try:
        with f.path.open(encoding="utf-8-sig", newline="") as fh:
            if byte_range is None:
                source: Any = fh
                offset, has_header = 0, True
            else:
                start, end, first_line = byte_range
                source = _range_lines(f.path, start, end)
                offset, has_header = first_line - 1, start == 0
                if has_header:
                    source = (line.removeprefix("\ufeff") if i == 0 else line for i, line in enumerate(source))
            reader = csv.reader(source, delimiter=f.delimiter)
            last = offset
            try:
                if has_header:
                    next(reader)  # header
                    last = offset + reader.line_num
                for row in reader:
                    line = last + 1
                    last = offset + reader.line_num
                    if not row or (len(row) == 1 and not row[0].strip()):
                        continue
                    if len(row) != width:
                        msg = f"the row has {len(row)} cells but the header has {width}"
                        if last > line:  # a quoted cell ran over line ends: most often a quote left open
                            msg += f": a quoted cell runs from line {line} to line {last} (is a closing quote missing?)"
                        else:
                            msg += " (check quoting and the delimiter)"
                        problems.add(name, msg, line)
                        continue
                    yield line, list(map(str.strip, row))
            except UnicodeDecodeError:
                problems.broken.add(name)
                problems.add(name, "not UTF-8: save the file as UTF-8", _first_bad_utf8_line(f.path))
            except csv.Error as e:
                problems.broken.add(name)
                msg = str(e)
                if "field larger" in msg:
                    msg = f"a cell is longer than {MAX_CELL} characters: not a valid bundle file"
                elif "NUL" in msg:
                    msg = "the file contains NUL bytes: not a text CSV file"
                problems.add(name, msg, last + 1)
    finally:
        csv.field_size_limit(old_limit)
