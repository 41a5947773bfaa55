"""Working days (arkipäivät) and deadline arithmetic that can explain itself.

A working day is Monday-Friday that is not a Finnish public holiday, Midsummer Eve or Christmas Eve (laki
säädettyjen määräaikain laskemisesta 150/1930 5 §; domain.md). Dates count from the day after the starting day.
A calendar-day deadline that ends on a non-working day moves to the next working day (150/1930 5 §).

Holidays come from the ``holidays`` package; Midsummer Eve and Christmas Eve are added here whatever the package
version does, because the law of deadlines treats them as holidays.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache

import holidays

from avi_valvonta.i18n import Text, days_text

STATUTE = Text(
    "laki säädettyjen määräaikain laskemisesta 150/1930 5 §",
    "lagen om beräknande av laga termin 150/1930 5 §",
)
_WEEKDAY = [
    Text("maanantai", "måndag"),
    Text("tiistai", "tisdag"),
    Text("keskiviikko", "onsdag"),
    Text("torstai", "torsdag"),
    Text("perjantai", "fredag"),
    Text("lauantai", "lördag"),
    Text("sunnuntai", "söndag"),
]


def midsummer_eve(year: int) -> dt.date:
    """Juhannusaatto: the Friday between 19 and 25 June."""
    d = dt.date(year, 6, 19)
    return d + dt.timedelta(days=(4 - d.weekday()) % 7)


@lru_cache(maxsize=64)
def _holidays_of_year(year: int) -> dict[dt.date, Text]:
    fi = holidays.Finland(years=year, language="fi")
    sv = holidays.Finland(years=year, language="sv_FI")
    out = {d: Text(str(name), str(sv.get(d, name))) for d, name in fi.items()}
    out.setdefault(midsummer_eve(year), Text("Juhannusaatto", "Midsommarafton"))
    out.setdefault(dt.date(year, 12, 24), Text("Jouluaatto", "Julafton"))
    return out


def add_months(day: dt.date, months: int) -> dt.date:
    """Calendar-month addition, clamped to the month's last day (2024-01-31 + 1 month = 2024-02-29)."""
    y, m = divmod(day.month - 1 + months, 12)
    year, month = day.year + y, m + 1
    for d in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, d))
        except ValueError:
            continue
    raise AssertionError("unreachable")  # pragma: no cover


@dataclass(frozen=True)
class Skipped:
    day: dt.date
    reason: Text


@dataclass(frozen=True)
class DeadlineExplanation:
    """The result of a deadline computation with every non-working day it skipped."""

    start: dt.date
    result: dt.date
    rule: Text
    skipped: list[Skipped] = field(default_factory=list)
    statute: Text = STATUTE

    def text(self, lang: str = "fi") -> str:
        rule = self.rule.get(lang)
        if lang == "sv":
            head = f"{rule}: från {self.start.isoformat()} → {self.result.isoformat()}"
            tail = "; hoppade över " if self.skipped else ""
        else:
            head = f"{rule}: alkaen {self.start.isoformat()} → {self.result.isoformat()}"
            tail = "; ohitettiin " if self.skipped else ""
        skipped = ", ".join(f"{s.day.isoformat()} ({s.reason.get(lang)})" for s in self.skipped)
        return f"{head}{tail}{skipped} ({self.statute.get(lang)})"


class WorkingDayCalendar:
    """Finnish working days. Pure and cheap: holidays are computed per year and cached."""

    def holiday(self, day: dt.date) -> Text | None:
        return _holidays_of_year(day.year).get(day)

    def is_working_day(self, day: dt.date) -> bool:
        return day.weekday() < 5 and day not in _holidays_of_year(day.year)

    def why_not_working(self, day: dt.date) -> Text | None:
        name = self.holiday(day)
        if name is not None:
            return name
        if day.weekday() >= 5:
            return _WEEKDAY[day.weekday()]
        return None

    def roll_forward(self, day: dt.date) -> dt.date:
        """The day itself if it is a working day, else the next working day."""
        while not self.is_working_day(day):
            day += dt.timedelta(days=1)
        return day

    def add_working_days(self, start: dt.date, count: int) -> dt.date:
        """The ``count``-th working day after ``start`` (counting starts the day after)."""
        return _add_working_days(start, count)

    def explain_add_working_days(self, start: dt.date, count: int) -> DeadlineExplanation:
        if count < 0:
            raise ValueError("count must be >= 0")
        day, left, skipped = start, count, []
        while left:
            day += dt.timedelta(days=1)
            reason = self.why_not_working(day)
            if reason is None:
                left -= 1
            else:
                skipped.append(Skipped(day, reason))
        return DeadlineExplanation(start, day, days_text(count, "working_days"), skipped)

    def add_calendar_days_rolled(self, start: dt.date, count: int) -> dt.date:
        return self.explain_add_calendar_days(start, count).result

    def explain_add_calendar_days(self, start: dt.date, count: int) -> DeadlineExplanation:
        """``count`` calendar days; a deadline on a non-working day moves to the next working day (150/1930 5 §)."""
        day = start + dt.timedelta(days=count)
        skipped = []
        while (reason := self.why_not_working(day)) is not None:
            skipped.append(Skipped(day, reason))
            day += dt.timedelta(days=1)
        return DeadlineExplanation(start, day, days_text(count, "calendar_days"), skipped)

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Working days in (start, end]: how late ``end`` is after a deadline ``start``. 0 when end <= start."""
        if end <= start:
            return 0
        count = 0
        day = start
        while day < end:
            day += dt.timedelta(days=1)
            if self.is_working_day(day):
                count += 1
        return count


CALENDAR = WorkingDayCalendar()


@lru_cache(maxsize=8192)
def _add_working_days(start: dt.date, count: int) -> dt.date:
    # Cached: a national bundle asks the same few hundred (start, count) pairs hundreds of thousands of times.
    return CALENDAR.explain_add_working_days(start, count).result
