"""What a complaint letter needs to know about a complaint (kantelu, HL 434/2003 8 a luku): a small interface.

The complaint register is another package. Letters depend only on :class:`ComplaintFacts`, which can be built from
explicit data (a mapping in the shape of cli.md's complaint file or ``complaint show --format json``) or loaded from
the database by diary number when the ``complaints`` table exists (:func:`load_complaint`).
"""

from __future__ import annotations

import datetime as dt
import json
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from avi_valvonta.errors import UsageError


@dataclass(frozen=True)
class ComplaintFacts:
    dnro: str
    municipality: str  # code (or a name the reference data resolves)
    received: dt.date
    text: str
    complainant_name: str
    complainant_language: str = "fi"
    complainant_contact: str = ""  # postal address or e-mail
    events_date: dt.date | None = None
    statement_due: dt.date | None = None
    statement: str | None = None  # the municipality's statement (selvitys), as received
    outcome: str | None = None  # the ruling: none | guidance | remark | own_initiative
    reason: str | None = None  # the inspector's reasoning for the ruling
    run_id: str | None = None  # an audit run linked to the complaint

    @classmethod
    def from_mapping(cls, d: dict[str, Any], *, source: str = "complaint") -> ComplaintFacts:
        """Accepts cli.md's complaint file keys and the ``complaint show --format json`` shape."""

        def day(key: str, value: Any) -> dt.date | None:
            if value in (None, ""):
                return None
            if isinstance(value, dt.datetime):
                return value.date()
            if isinstance(value, dt.date):
                return value
            try:
                return dt.date.fromisoformat(str(value)[:10])
            except ValueError:
                raise UsageError(f"{source}: {key}: not a date YYYY-MM-DD: {value!r}") from None

        def need(key: str, value: Any) -> Any:
            if value in (None, ""):
                raise UsageError(f"{source}: {key} is required for a complaint letter")
            return value

        complainant = _json(d.get("complainant")) or {}
        municipality = _json(d.get("municipality"))
        if isinstance(municipality, dict):
            municipality = municipality.get("code") or municipality.get("name_fi")
        resolution = _json(d.get("resolution")) or {}
        contact = complainant.get("address") or complainant.get("email") or complainant.get("phone") or ""
        return cls(
            dnro=str(need("dnro", d.get("dnro"))),
            municipality=str(need("municipality", municipality or d.get("municipality_code"))),
            received=need("received", day("received", d.get("received"))),
            text=str(need("text", d.get("text"))),
            complainant_name=str(need("complainant.name", complainant.get("name") or d.get("complainant_name"))),
            complainant_language=str(complainant.get("language") or d.get("complainant_language") or "fi"),
            complainant_contact=str(contact or d.get("complainant_contact") or ""),
            events_date=day("events_date", d.get("events_date")),
            statement_due=day("due", d.get("statement_due") or d.get("due")),
            statement=d.get("statement") or None,
            outcome=resolution.get("measure") or d.get("outcome") or None,
            reason=resolution.get("reason") or d.get("reason") or None,
            run_id=d.get("run_id") or None,
        )


def _json(value: Any) -> Any:
    if isinstance(value, str) and value[:1] in "{[":
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def read_complaint_file(path: Path) -> ComplaintFacts:
    """A complaint as explicit data: TOML or JSON with the keys of cli.md's complaint file plus ``dnro``."""
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UsageError(f"--complaint-file: not found: {path}") from None
    try:
        data = json.loads(raw) if path.suffix.lower() == ".json" else tomllib.loads(raw)
    except (ValueError, tomllib.TOMLDecodeError) as e:
        raise UsageError(f"{path}: not valid {'JSON' if path.suffix.lower() == '.json' else 'TOML'}: {e}") from None
    return ComplaintFacts.from_mapping(data, source=str(path))


def load_complaint(db: Any, dnro: str) -> ComplaintFacts:
    """The complaint with diary number ``dnro`` from the complaint register; exit 2 "no such complaint" else.

    Reads it through the register's own service (the ``complaint show --format json`` shape), so a letter quotes
    exactly what ``valvonta complaint show`` shows - masked.
    """
    import datetime as _dt

    from avi_valvonta.complaints.render import complaint_dict
    from avi_valvonta.complaints.service import ComplaintRegister

    try:
        record = ComplaintRegister(db).get(dnro)
    except UsageError:
        raise UsageError(f"no such complaint {dnro!r} (see `valvonta complaint list`)") from None
    data = complaint_dict(record, _dt.date.today())
    runs = data.get("runs") or []
    data["run_id"] = runs[-1] if runs else None
    return ComplaintFacts.from_mapping(data, source=f"complaint {dnro}")
