"""Statistics imported from CSV (``--indicators FILE``): the generic shape of cli.md and Statistics Finland's.

The shape is detected from the header:

- **generic** (cli.md): ``municipality,indicator,value,date,source`` — one row per value. ``municipality`` is a
  Finnish or Swedish name or a code; ``date`` is ``YYYY-MM-DD`` (or ``YYYY-MM`` / ``YYYY``: the last day of that
  month or year); ``source`` may be blank (the file and line are then the source). ``;`` as the delimiter with a
  decimal comma (Finnish Excel) is accepted too. When a unit has several values of one id, the latest date is used.
- **StatFin** (Statistics Finland table tyonv 1001, e.g. ``statfin_jobseekers_by_municipality_2006-2020.csv``):
  ``kunta_nimi,month,tyottomat_tyonhakijat,tyovoima,avoimet_tyopaikat`` — one row per municipality and month. It
  gives ``jobseekers`` (unemployed jobseekers), ``labour_force`` and ``open_vacancies`` as means of the 12 latest
  months up to the plan's as-of date, and ``unemployment_rate`` (their jobseekers / labour force). Blank cells are
  missing values, not errors.

Real data has real quirks. A municipality merged since (Honkajoki into Kankaanpää 2021, Pertunmaa into Mäntyharju
2025: ``reference/data/former_municipalities.csv``) maps to its successor with a warning, and the figures of both are
added up; the combined form ``Maarianhamina - Mariehamn`` is recognised. A name that matches nothing, a number that
is not one, a missing column: an error naming the file, the line and the column — every problem in one pass, and
nothing is planned or written.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from avi_valvonta.errors import InvalidInput, Problem, UsageError
from avi_valvonta.i18n import Text
from avi_valvonta.planning.indicators import STANDARD_RANGES, IndicatorValue
from avi_valvonta.reference import Municipality, reference

GENERIC_COLUMNS = ("municipality", "indicator", "value", "date", "source")
STATFIN_COLUMNS = ("kunta_nimi", "month", "tyottomat_tyonhakijat", "tyovoima")
STATFIN_OPTIONAL = ("avoimet_tyopaikat",)
STATFIN_WINDOW = 12  # months averaged: a whole year evens out the seasons
MAX_PROBLEMS = 30
ID_PATTERN = re.compile(r"^[A-Za-z][A-Za-z0-9_.\-]{0,79}$")
STALE_MONTHS = 24


@dataclass
class Imported:
    """What an indicators file gave: (municipality code, value) pairs and the warnings of the import."""

    path: str
    shape: str  # generic | statfin
    values: list[tuple[str, IndicatorValue]] = field(default_factory=list)
    warnings: list[Text] = field(default_factory=list)
    rows: int = 0


class _Problems:
    def __init__(self, path: str) -> None:
        self.path = path
        self.items: list[Problem] = []
        self.omitted = 0

    def add(self, line: int | None, column: str | None, message: str) -> None:
        if len(self.items) < MAX_PROBLEMS:
            self.items.append(Problem(self.path, message, line, column))
        else:
            self.omitted += 1

    def raise_if_any(self) -> None:
        if self.items:
            raise InvalidInput(self.items, f"{self.path}: indicators file refused", self.omitted)


def _read_text(path: Path) -> str:
    try:
        return path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise UsageError(f"--indicators: file not found: {path}") from None
    except (IsADirectoryError, PermissionError) as e:
        raise UsageError(f"--indicators: cannot read {path}: {e}") from None
    except UnicodeDecodeError as e:
        line = path.read_bytes()[: e.start].count(b"\n") + 1
        raise InvalidInput(
            [Problem(str(path), "not UTF-8 text (save the file as CSV UTF-8)", line)],
            f"{path}: indicators file refused",
        ) from None


def _delimiter(header: str) -> str:
    counts = {d: header.count(d) for d in (",", ";", "\t")}
    return max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","


def _number(text: str, decimal_comma: bool) -> float | None:
    raw = text.strip().replace("\u00a0", "").replace(" ", "")
    if decimal_comma or (raw.count(",") == 1 and "." not in raw):
        raw = raw.replace(",", ".")
    try:
        value = float(raw)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _last_day(year: int, month: int) -> dt.date:
    nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


def _date(text: str) -> dt.date | None:
    raw = text.strip()
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw):
            return dt.date.fromisoformat(raw)
        if re.fullmatch(r"\d{4}-\d{2}", raw):
            return _last_day(int(raw[:4]), int(raw[5:]))
        if re.fullmatch(r"\d{4}", raw):
            return dt.date(int(raw), 12, 31)
    except ValueError:
        return None
    return None


class _Names:
    """Names → current municipalities, with a warning once per former municipality."""

    def __init__(self, path: str, problems: _Problems) -> None:
        self.ref = reference()
        self.path = path
        self.problems = problems
        self.merged: dict[str, Municipality] = {}
        self.cache: dict[str, Municipality | None] = {}

    def code(self, name: str, line: int, column: str) -> str | None:
        if not name.strip():
            self.problems.add(line, column, "no municipality")
            return None
        if name not in self.cache:
            self.cache[name] = self.ref.lookup(name)
        found = self.cache[name]
        if found is None:
            hint = ", ".join(self.ref.suggestions(name))
            self.problems.add(line, column, f"unknown municipality {name!r}; did you mean: {hint}?")
            return None
        if found.successor:
            self.merged.setdefault(found.code, found)
            return found.successor
        return found.code

    def warnings(self) -> list[Text]:
        out = []
        for former in sorted(self.merged.values(), key=lambda m: m.code):
            assert former.successor is not None and former.ended is not None
            successor = self.ref.get(former.successor)
            merged_on = former.ended + dt.timedelta(days=1)
            day = f"{merged_on.day}.{merged_on.month}.{merged_on.year}"
            out.append(
                Text(
                    f"{self.path}: {former.name_fi} ({former.code}) liitettiin kuntaan {successor.name_fi} "
                    f"({successor.code}) {day}; sen luvut on laskettu yhteen kunnan {successor.name_fi} "
                    "lukujen kanssa.",
                    f"{self.path}: {former.name_sv} ({former.code}) slogs samman med {successor.name_sv} "
                    f"({successor.code}) {day}; dess siffror har räknats samman med {successor.name_sv}s.",
                )
            )
        return out


def read_indicators(
    path: str | Path,
    *,
    as_of: dt.date,
    aggregate_of: Callable[[str], str] = lambda _id: "sum",
) -> Imported:
    """Read an indicators file of either shape; raise :class:`InvalidInput` (exit 2) naming every bad line."""
    path = Path(path)
    text = _read_text(path)
    first = text.split("\n", 1)[0]
    if not first.strip():
        raise InvalidInput([Problem(str(path), "empty file: no header line", 1)], f"{path}: indicators file refused")
    delimiter = _delimiter(first)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = [h.strip().casefold() for h in next(reader)]
    if all(c in header for c in STATFIN_COLUMNS):
        return _statfin(path, reader, header, as_of)
    if all(c in header for c in GENERIC_COLUMNS):
        return _generic(path, reader, header, delimiter, aggregate_of)
    missing = [c for c in GENERIC_COLUMNS if c not in header]
    raise InvalidInput(
        [
            Problem(
                str(path),
                f"header {','.join(header)!r} is neither the generic shape ({','.join(GENERIC_COLUMNS)}; missing: "
                f"{', '.join(missing)}) nor Statistics Finland's ({','.join(STATFIN_COLUMNS + STATFIN_OPTIONAL)})",
                1,
            )
        ],
        f"{path}: indicators file refused",
    )


def _cells(row: list[str], header: list[str]) -> dict[str, str]:
    return {h: (row[i] if i < len(row) else "") for i, h in enumerate(header)}


def _combine(values: list[float], how: str) -> float:
    if how == "sum":
        return sum(values)
    if how == "max":
        return max(values)
    if how == "min":
        return min(values)
    return sum(values) / len(values)


def _generic(
    path: Path, reader: Any, header: list[str], delimiter: str, aggregate_of: Callable[[str], str]
) -> Imported:
    problems = _Problems(str(path))
    names = _Names(str(path), problems)
    seen: dict[tuple[str, str, str], int] = {}  # (name as written, id, date) → line
    # (code, id) → date → [(value, source, line)]
    found: dict[tuple[str, str], dict[dt.date, list[tuple[float, str, int]]]] = {}
    rows = 0
    for row in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        rows += 1
        if len(row) > len(header):
            problems.add(line, None, f"{len(row)} cells, the header has {len(header)}")
            continue
        cells = _cells(row, header)
        code = names.code(cells["municipality"], line, "municipality")
        indicator = cells["indicator"].strip()
        if not ID_PATTERN.match(indicator):
            problems.add(line, "indicator", f"not an indicator id: {indicator!r} (letters, digits, _ . -)")
            continue
        value = _number(cells["value"], delimiter == ";")
        if value is None:
            problems.add(line, "value", f"not a number: {cells['value']!r}")
            continue
        low, high = STANDARD_RANGES.get(indicator, (None, None))
        if (low is not None and value < low) or (high is not None and value > high):
            span = f"{low:g}…{high:g}" if high is not None else f"at least {low:g}"
            problems.add(line, "value", f"{indicator} must be {span}, not {cells['value'].strip()}")
            continue
        day = _date(cells["date"])
        if day is None:
            problems.add(line, "date", f"not a date YYYY-MM-DD (or YYYY-MM, YYYY): {cells['date']!r}")
            continue
        key = (cells["municipality"].strip().casefold(), indicator, day.isoformat())
        if key in seen:
            problems.add(
                line, None, f"{indicator} of {cells['municipality'].strip()} on {day} is also on line {seen[key]}"
            )
            continue
        seen[key] = line
        if code is None:
            continue
        source = cells["source"].strip() or f"{path.name}:{line}"
        found.setdefault((code, indicator), {}).setdefault(day, []).append((value, source, line))
    if rows == 0:
        problems.add(2, None, "no values: the file has a header and nothing else")
    problems.raise_if_any()

    out = Imported(str(path), "generic", rows=rows, warnings=names.warnings())
    for (code, indicator), by_date in sorted(found.items()):
        day = max(by_date)
        entries = by_date[day]
        value = _combine([v for v, _, _ in entries], aggregate_of(indicator))
        sources = sorted({s for _, s, _ in entries})
        out.values.append((code, IndicatorValue(indicator, value, "; ".join(sources), day, "import")))
    return out


def _month(text: str) -> tuple[int, int] | None:
    m = re.fullmatch(r"(\d{4})-(\d{2})", text.strip())
    if not m or not 1 <= int(m.group(2)) <= 12:
        return None
    return int(m.group(1)), int(m.group(2))


def _count(text: str) -> float | str | None:
    """A StatFin cell: a number, None when blank (missing), "bad" when it is not a number."""
    if not text.strip():
        return None
    value = _number(text, False)
    return "bad" if value is None or value < 0 else value


def _existing(parts: dict[str, dt.date | None], month: tuple[int, int]) -> int:
    """How many of the names (a municipality and the former ones merged into it) existed in ``month``."""
    start = dt.date(month[0], month[1], 1)
    return sum(1 for ended in parts.values() if ended is None or ended >= start)


def _statfin(path: Path, reader: Any, header: list[str], as_of: dt.date) -> Imported:
    problems = _Problems(str(path))
    names = _Names(str(path), problems)
    columns = ("tyottomat_tyonhakijat", "tyovoima", "avoimet_tyopaikat")
    # code → month → column → (sum, names counted); name → months seen (duplicates)
    sums: dict[str, dict[tuple[int, int], dict[str, list[float]]]] = {}
    parts: dict[str, dict[str, dt.date | None]] = {}  # code → name as written → the day it ended (former)
    seen: dict[tuple[str, tuple[int, int]], int] = {}
    rows = 0
    limit = (as_of.year, as_of.month)
    for row in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        rows += 1
        cells = _cells(row, header)
        name = cells["kunta_nimi"]
        code = names.code(name, line, "kunta_nimi")
        month = _month(cells["month"])
        if month is None:
            problems.add(line, "month", f"not a month YYYY-MM: {cells['month']!r}")
            continue
        parsed: dict[str, float | None] = {}
        bad = False
        for column in columns:
            value = _count(cells.get(column, ""))
            if value == "bad":
                problems.add(line, column, f"not a count: {cells.get(column, '')!r}")
                bad = True
            else:
                parsed[column] = value  # type: ignore[assignment]
        key = (name.strip().casefold(), month)
        if key in seen:
            problems.add(line, "month", f"{name.strip()} {cells['month'].strip()} is also on line {seen[key]}")
            continue
        seen[key] = line
        if bad or code is None or month > limit:
            continue
        found = names.cache[name]
        parts.setdefault(code, {})[name.strip().casefold()] = found.ended if found else None
        slot = sums.setdefault(code, {}).setdefault(month, {})
        for column, value in parsed.items():
            if value is not None:
                slot.setdefault(column, []).append(value)
    if rows == 0:
        problems.add(2, None, "no values: the file has a header and nothing else")
    problems.raise_if_any()

    out = Imported(str(path), "statfin", rows=rows, warnings=names.warnings())
    latest_overall: tuple[int, int] | None = None
    for code in sorted(sums):
        months = sums[code]
        expected = {m: _existing(parts[code], m) for m in months}

        def complete(month: tuple[int, int], column: str) -> bool:
            # A merged municipality's month counts only when every part that existed then has the figure.
            return len(months[month].get(column, [])) >= expected[month]  # noqa: B023 - used in this iteration

        with_jobseekers = sorted(m for m in months if complete(m, "tyottomat_tyonhakijat"))
        if not with_jobseekers:
            continue
        window = with_jobseekers[-STATFIN_WINDOW:]
        first, last = window[0], window[-1]
        latest_overall = max(latest_overall or last, last)
        day = _last_day(*last)
        span = f"{first[0]}-{first[1]:02d}…{last[0]}-{last[1]:02d}"
        source = Text(
            f"Tilastokeskus (StatFin tyonv 1001), {path.name}, keskiarvo {span}",
            f"Statistikcentralen (StatFin tyonv 1001), {path.name}, medelvärde {span}",
        )
        jobseekers = [sum(months[m]["tyottomat_tyonhakijat"]) for m in window]
        out.values.append(
            (code, IndicatorValue.own("jobseekers", round(sum(jobseekers) / len(jobseekers), 1), source, day, "import"))
        )
        both = [m for m in window if complete(m, "tyovoima")]
        if both:
            force = [sum(months[m]["tyovoima"]) for m in both]
            unemployed = [sum(months[m]["tyottomat_tyonhakijat"]) for m in both]
            out.values.append(
                (code, IndicatorValue.own("labour_force", round(sum(force) / len(force), 1), source, day, "import"))
            )
            if sum(force) > 0:
                rate = round(sum(unemployed) / sum(force), 4)
                out.values.append((code, IndicatorValue.own("unemployment_rate", rate, source, day, "import")))
        vacancies = [sum(months[m]["avoimet_tyopaikat"]) for m in window if complete(m, "avoimet_tyopaikat")]
        if vacancies:
            mean = round(sum(vacancies) / len(vacancies), 1)
            out.values.append((code, IndicatorValue.own("open_vacancies", mean, source, day, "import")))
    if latest_overall is not None:
        age = (as_of.year - latest_overall[0]) * 12 + as_of.month - latest_overall[1]
        if age > STALE_MONTHS:
            when = f"{latest_overall[1]}/{latest_overall[0]}"
            out.warnings.append(
                Text(
                    f"{path}: tuorein kuukausi on {when}, {age // 12} vuotta ennen suunnitelman tilannepäivää; "
                    "luvut kuvaavat kuntien kokoa, eivät tämän päivän tilannetta.",
                    f"{path}: den senaste månaden är {when}, {age // 12} år före planens lägesdag; siffrorna "
                    "beskriver kommunernas storlek, inte dagens läge.",
                )
            )
    return out
