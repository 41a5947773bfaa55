"""The handling of a complaint, step by step, with due dates in working days.

registered → screened → statement_requested (from the municipality, due date) → statement_received →
reply_received (the complainant's reply, or none by its due date) → resolved (none / guidance / remark /
own_initiative) → closed. An inspector may resolve at any step after screening (e.g. a matter outside competence
needs no statement).

Every step has a due date, stored with the complaint: the municipality's statement and the complainant's reply are
given working days (laki säädettyjen määräaikain laskemisesta 150/1930: counting starts the day after; a date that
falls on a non-working day moves to the next working day), the handling as a whole a target in months from receipt
(about 8 months, domain.md). A complaint is overdue when its due date has passed and it is not resolved.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from avi_valvonta.complaints.rules import ComplaintSettings
from avi_valvonta.errors import RefusedError
from avi_valvonta.i18n import Text, fdate

STATUSES: dict[str, Text] = {
    "registered": Text("kirjattu", "registrerat"),
    "screened": Text("esikäsitelty", "förhandsbehandlat"),
    "statement_requested": Text("selvitystä pyydetty", "utredning begärd"),
    "statement_received": Text("selvitys saatu", "utredning mottagen"),
    "reply_received": Text("kantelijan vastine käsitelty", "klagandens bemötande behandlat"),
    "resolved": Text("ratkaistu", "avgjort"),
    "closed": Text("päätetty", "avslutat"),
}
OPEN = ("registered", "screened", "statement_requested", "statement_received", "reply_received")
DUE_KINDS: dict[str, Text] = {
    "statement": Text("selvitys kunnalta", "utredning från kommunen"),
    "reply": Text("kantelijan vastine", "klagandens bemötande"),
    "resolution": Text("käsittelytavoite", "handläggningsmål"),
}

# action → the statuses it is allowed in
ALLOWED: dict[str, tuple[str, ...]] = {
    "screen": OPEN,
    "override": OPEN,
    "request_statement": ("screened", "statement_requested"),
    "record_statement": ("statement_requested",),
    "record_reply": ("statement_received",),
    "resolve": ("screened", "statement_requested", "statement_received", "reply_received"),
    "close": ("resolved",),
    "link": (*OPEN, "resolved", "closed"),
}
_ACTION_TEXT = {
    "screen": "screen it",
    "override": "override its screening",
    "request_statement": "request a statement",
    "record_statement": "record a statement (request one first)",
    "record_reply": "record the complainant's reply (record the statement first)",
    "resolve": "resolve it",
    "close": "close it (resolve it first)",
    "link": "link a run",
}


def require(action: str, dnro: str, status: str) -> None:
    """Refuse (exit 2) an action the complaint's status does not allow."""
    if status not in ALLOWED[action]:
        allowed = ", ".join(ALLOWED[action])
        raise RefusedError(f"{dnro} is {status}: cannot {_ACTION_TEXT[action]} (allowed when: {allowed})")


@dataclass(frozen=True)
class Due:
    """A due date and how it was computed (stored in the event, shown by ``complaint show``)."""

    day: dt.date
    kind: str
    explanation: Text


def _skipped(skipped: list[tuple[dt.date, Text]]) -> tuple[str, str]:
    """The non-working days a deadline passed over, in Finnish and Swedish ("" when none)."""
    if not skipped:
        return "", ""
    days = [(f"{d.day}.{d.month}.", r) for d, r in skipped]
    return (
        "; ohitettiin " + ", ".join(f"{d} {r.fi}" for d, r in days),
        "; hoppade över " + ", ".join(f"{d} {r.sv}" for d, r in days),
    )


def working_days_due(start: dt.date, days: int, kind: str) -> Due:
    """``days`` working days after ``start`` (150/1930: counting starts the next day; only working days count)."""
    from avi_valvonta.law.calendar import CALENDAR

    explained = CALENDAR.explain_add_working_days(start, days)
    fi, sv = _skipped([(s.day, s.reason) for s in explained.skipped])
    text = Text(
        f"{days} arkipäivää {fdate(start)} jälkeen{fi} (150/1930 5 §)",
        f"{days} vardagar efter {fdate(start)}{sv} (150/1930 5 §)",
    )
    return Due(explained.result, kind, text)


def given_due(day: dt.date, kind: str) -> Due:
    """A due date an inspector gave; a non-working day moves to the next working day (150/1930 5 §)."""
    from avi_valvonta.law.calendar import CALENDAR

    rolled = CALENDAR.roll_forward(day)
    if rolled == day:
        return Due(day, kind, Text("annettu määräpäivä", "angiven förfallodag"))
    why = CALENDAR.why_not_working(day)
    assert why is not None
    return Due(
        rolled,
        kind,
        Text(
            f"annettu {fdate(day)} ({why.fi}) siirtyy seuraavaan arkipäivään (150/1930 5 §)",
            f"angiven {fdate(day)} ({why.sv}) flyttas till följande vardag (150/1930 5 §)",
        ),
    )


def resolution_due(received: dt.date, settings: ComplaintSettings) -> Due:
    """The handling target: ``resolution_months`` after receipt, on a working day."""
    from avi_valvonta.law.calendar import CALENDAR, add_months

    months = settings.resolution_months
    day = CALENDAR.roll_forward(add_months(received, months))
    return Due(
        day,
        "resolution",
        Text(
            f"käsittelytavoite {months} kuukautta saapumisesta {fdate(received)}",
            f"handläggningsmål {months} månader från ankomsten {fdate(received)}",
        ),
    )


def is_overdue(status: str, due: dt.date | None, as_of: dt.date) -> bool:
    return status in OPEN and due is not None and due < as_of
