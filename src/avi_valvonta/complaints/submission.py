"""A complaint as submitted: from a TOML/JSON file (cli.md "Complaint file"), from options, or from prompts.

Everything is validated in one pass before anything is stored: every problem is reported with the file (or
"options") and the field, and the command exits 2 with nothing written. Texts are masked (identity codes) here, so
nothing unmasked reaches the database.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from avi_valvonta.complaints.attachments import AttachmentError, AttachmentFile, read_attachment
from avi_valvonta.complaints.rules import CHANNELS, ComplaintSettings, complaint_rules
from avi_valvonta.errors import InvalidInput, Problem
from avi_valvonta.identity import mask_identity_codes
from avi_valvonta.reference import Municipality, reference

FIELDS = ("municipality", "events_date", "received", "channel", "target", "text", "attachments", "complainant")
COMPLAINANT_FIELDS = ("name", "email", "address", "phone", "language")
_LANGUAGE = re.compile(r"^[a-z]{2,3}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE = re.compile(r"^\+?[0-9 ()-]{5,30}$")


@dataclass(frozen=True)
class Complainant:
    name: str
    language: str
    email: str | None = None
    phone: str | None = None
    address: str | None = None


@dataclass(frozen=True)
class Submission:
    """A validated complaint, ready to be registered."""

    municipality: Municipality
    events_date: dt.date
    received: dt.date
    channel: str
    target: str
    text: str  # masked
    complainant: Complainant
    attachments: tuple[AttachmentFile, ...] = ()
    notes: tuple[str, ...] = field(default=(), compare=False)  # e.g. "language detected from the text"


def load_file(path: Path) -> dict[str, Any]:
    """The raw mapping of a complaint file (TOML or JSON by suffix)."""
    name = str(path)
    if path.suffix.lower() not in (".toml", ".json"):
        raise InvalidInput([Problem(name, "a complaint file is .toml or .json")], summary="invalid complaint file")
    try:
        raw = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InvalidInput([Problem(name, "file not found")], summary="invalid complaint file") from None
    except (OSError, UnicodeDecodeError) as e:
        raise InvalidInput([Problem(name, f"cannot read the file: {e}")], summary="invalid complaint file") from None
    try:
        data: Any = tomllib.loads(raw) if path.suffix.lower() == ".toml" else json.loads(raw)
    except tomllib.TOMLDecodeError as e:
        line = getattr(e, "lineno", None)
        message = getattr(e, "msg", None) or str(e)
        raise InvalidInput(
            [Problem(name, f"not valid TOML: {message}", line)], summary="invalid complaint file"
        ) from None
    except json.JSONDecodeError as e:
        raise InvalidInput(
            [Problem(name, f"not valid JSON: {e.msg}", e.lineno)], summary="invalid complaint file"
        ) from None
    if not isinstance(data, dict):
        raise InvalidInput([Problem(name, "the file must hold one complaint (a table / an object)")])
    return data


def _date(value: Any, key: str, problems: list[Problem], source: str) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        problems.append(Problem(source, "a date without a time (YYYY-MM-DD)", column=key))
        return None
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    problems.append(Problem(source, f"not a date YYYY-MM-DD: {value!r}", column=key))
    return None


def _text(value: Any, key: str, problems: list[Problem], source: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        problems.append(Problem(source, f"must be text, not {type(value).__name__}", column=key))
        return None
    value = value.strip()
    return value or None


def _municipality(value: str | None, events_date: dt.date | None, problems: list[Problem], source: str) -> Any:
    if value is None:
        problems.append(Problem(source, "missing: the municipality the complaint is about", column="municipality"))
        return None
    ref = reference()
    found = ref.lookup(value)
    if found is None:
        suggestions = ", ".join(ref.suggestions(value))
        problems.append(
            Problem(source, f"unknown municipality {value!r}; did you mean: {suggestions}?", column="municipality")
        )
        return None
    if found.ended is not None and events_date is not None and events_date > found.ended:
        successor = ref.get(found.successor).name_fi if found.successor else "?"
        problems.append(
            Problem(
                source,
                f"{found.name_fi} ceased on {found.ended.isoformat()}; the events are later: use {successor}",
                column="municipality",
            )
        )
        return None
    return found


def _language(value: str | None, text: str | None, notes: list[str], problems: list[Problem], source: str) -> str:
    if value is not None:
        value = value.lower()
        if not _LANGUAGE.match(value):
            problems.append(
                Problem(source, f"not a language code (fi, sv or another ISO 639 code): {value!r}", column="language")
            )
        return value
    if text:
        from avi_valvonta.textlang import classify

        detected, _ = classify(text)
        if detected in ("fi", "sv", "se"):
            notes.append(f"complainant's language {detected} detected from the text")
            return detected
    notes.append("complainant's language not given: fi assumed")
    return "fi"


def validate(
    raw: Mapping[str, Any],
    *,
    source: str,
    base_dir: Path,
    today: dt.date,
    settings: ComplaintSettings,
) -> Submission:
    """Check every field; raise :class:`InvalidInput` listing every problem, or return the :class:`Submission`."""
    problems: list[Problem] = []
    notes: list[str] = []
    for key in raw:
        if key not in FIELDS:
            problems.append(Problem(source, f"unknown field (known: {', '.join(FIELDS)})", column=key))
    person = raw.get("complainant") or {}
    if not isinstance(person, Mapping):
        problems.append(
            Problem(source, "must be a table with name, email/address/phone, language", column="complainant")
        )
        person = {}
    for key in person:
        if key not in COMPLAINANT_FIELDS:
            problems.append(
                Problem(source, f"unknown field (known: {', '.join(COMPLAINANT_FIELDS)})", column=f"complainant.{key}")
            )

    events_date = _date(raw.get("events_date"), "events_date", problems, source)
    received = _date(raw.get("received"), "received", problems, source) or today
    if events_date is None and not any(p.column == "events_date" for p in problems):
        problems.append(Problem(source, "missing: when the events complained about happened", column="events_date"))
    if received > today:
        problems.append(Problem(source, f"in the future: {received.isoformat()} (today {today})", column="received"))
    if events_date is not None:
        if events_date > today:
            problems.append(
                Problem(source, f"in the future: {events_date.isoformat()} (today {today})", column="events_date")
            )
        elif events_date > received:
            problems.append(
                Problem(source, f"after the received date {received.isoformat()}: {events_date}", column="events_date")
            )

    municipality = _municipality(
        _text(raw.get("municipality"), "municipality", problems, source), events_date, problems, source
    )

    channel = _text(raw.get("channel"), "channel", problems, source)
    if channel is None:
        problems.append(Problem(source, f"missing: how it arrived ({', '.join(CHANNELS)})", column="channel"))
    elif channel not in CHANNELS:
        problems.append(Problem(source, f"{channel!r} is not one of {', '.join(CHANNELS)}", column="channel"))
    targets = complaint_rules().targets
    target = _text(raw.get("target"), "target", problems, source) or "municipality"
    if target not in targets:
        problems.append(Problem(source, f"{target!r} is not one of {', '.join(targets)}", column="target"))

    text = _text(raw.get("text"), "text", problems, source)
    if text is None and not any(p.column == "text" for p in problems):
        problems.append(Problem(source, "empty: the complaint text is required", column="text"))

    name = _text(person.get("name"), "complainant.name", problems, source)
    if name is None:
        problems.append(Problem(source, "missing: the complainant's name", column="complainant.name"))
    email = _text(person.get("email"), "complainant.email", problems, source)
    if email is not None and not _EMAIL.match(email):
        problems.append(Problem(source, f"not an e-mail address: {email!r}", column="complainant.email"))
    phone = _text(person.get("phone"), "complainant.phone", problems, source)
    if phone is not None and not _PHONE.match(phone):
        problems.append(Problem(source, f"not a phone number: {phone!r}", column="complainant.phone"))
    address = _text(person.get("address"), "complainant.address", problems, source)
    if not (email or phone or address):
        notes.append("no contact details (email, address or phone): the ruling cannot be delivered")
    language = _language(
        _text(person.get("language"), "complainant.language", problems, source), text, notes, problems, source
    )

    attachments = _attachments(raw.get("attachments"), base_dir, settings, problems, source)
    if problems:
        raise InvalidInput(problems, summary=f"complaint not registered ({source})")
    assert municipality is not None and events_date is not None and text is not None and name is not None
    assert channel is not None
    return Submission(
        municipality=municipality,
        events_date=events_date,
        received=received,
        channel=channel,
        target=target,
        text=mask_identity_codes(text),
        complainant=Complainant(
            name=mask_identity_codes(name),
            language=language,
            email=email,
            phone=phone,
            address=mask_identity_codes(address) if address else None,
        ),
        attachments=tuple(attachments),
        notes=tuple(notes),
    )


def _attachments(
    value: Any, base_dir: Path, settings: ComplaintSettings, problems: list[Problem], source: str
) -> list[AttachmentFile]:
    if value is None:
        return []
    if isinstance(value, str) or not isinstance(value, list | tuple):
        problems.append(Problem(source, "must be a list of file names", column="attachments"))
        return []
    out: list[AttachmentFile] = []
    seen: set[str] = set()
    for i, item in enumerate(value):
        key = f"attachments[{i}]"
        if not isinstance(item, str | Path) or not str(item).strip():
            problems.append(Problem(source, "must be a file name", column=key))
            continue
        path = Path(item)
        if not path.is_absolute():
            path = base_dir / path
        try:
            found = read_attachment(path, settings.max_attachment_mb * 1_000_000)
        except AttachmentError as e:
            problems.append(Problem(source, f"{path}: {e}", column=key))
            continue
        if found.sha256 in seen:
            problems.append(Problem(source, f"{path}: the same file is attached twice", column=key))
            continue
        seen.add(found.sha256)
        out.append(found)
    return out


def read_document(path: Path, settings: ComplaintSettings, option: str) -> AttachmentFile:
    """One document (a statement, a reply) given with ``--file``: refused with exit 2 when unreadable."""
    try:
        return read_attachment(path, settings.max_attachment_mb * 1_000_000)
    except AttachmentError as e:
        raise InvalidInput([Problem(str(path), str(e), column=option)], summary="document not recorded") from None
