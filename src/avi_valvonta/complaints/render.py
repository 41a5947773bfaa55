"""A complaint as JSON (``complaint show --format json``, cli.md) and as text in Finnish or Swedish.

Every string goes through identity-code masking (:func:`avi_valvonta.identity.mask_data`) before it is printed.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from avi_valvonta.complaints.rules import complaint_rules
from avi_valvonta.complaints.service import ComplaintRecord
from avi_valvonta.complaints.workflow import DUE_KINDS, STATUSES, is_overdue
from avi_valvonta.db.complaint_models import Complaint, ComplaintEvent
from avi_valvonta.i18n import Text, fdate
from avi_valvonta.identity import mask_data, mask_identity_codes

SCHEMA = "avi-valvonta/complaint/1"
RULES = {
    "jurisdiction": Text("toimivalta", "behörighet"),
    "two_year_rule": Text("kahden vuoden sääntö", "tvåårsregeln"),
    "duplicates": Text("päällekkäinen kantelu", "dubblettklagomål"),
}
YES_NO = {True: Text("kyllä", "ja"), False: Text("ei", "nej")}
AREAS = {
    "equal_access": Text("yhdenvertainen saatavuus", "likvärdig tillgång"),
    "language_rights": Text("kielelliset oikeudet", "språkliga rättigheter"),
    "privacy": Text("yksityiselämän suoja", "skydd för privatlivet"),
}


def _iso(at: dt.datetime) -> str:
    """SQLite returns naive datetimes: they were written in UTC."""
    if at.tzinfo is None:
        at = at.replace(tzinfo=dt.UTC)
    return at.astimezone(dt.UTC).isoformat(timespec="seconds")


def _day(value: str | None) -> str:
    return fdate(dt.date.fromisoformat(value)) if value else "-"


def event_message(e: ComplaintEvent) -> Text:
    """What happened, in Finnish and Swedish, from the event's stored detail."""
    d = e.detail
    outcomes = complaint_rules().outcomes
    if e.what == "registered":
        n = len(d.get("attachments", []))
        return Text(
            f"Kantelu kirjattu: {d['dnro']} (liitteitä {n})", f"Klagomålet registrerat: {d['dnro']} ({n} bilagor)"
        )
    if e.what == "screened":
        dupes = ", ".join(d.get("duplicates", [])) or "-"
        areas = d.get("topics", [])
        again_fi, again_sv = (" uudelleen", " på nytt") if d.get("again") else ("", "")
        return Text(
            f"Esikäsitelty{again_fi}: toimivalta {YES_NO[d['jurisdiction']].fi}, kahden vuoden sääntö "
            f"{YES_NO[d['two_year_rule']].fi}, mahdolliset päällekkäiset: {dupes}, aiheet: "
            f"{', '.join(AREAS[a].fi if a in AREAS else a for a in areas) or '-'}",
            f"Förhandsbehandlat{again_sv}: behörighet {YES_NO[d['jurisdiction']].sv}, tvåårsregeln "
            f"{YES_NO[d['two_year_rule']].sv}, möjliga dubbletter: {dupes}, ämnen: "
            f"{', '.join(AREAS[a].sv if a in AREAS else a for a in areas) or '-'}",
        )
    if e.what == "override":
        rule = RULES[d["rule"]]
        ok = YES_NO[bool(d["ok"])]
        return Text(
            f"Esikäsittelyn ohitus: {rule.fi} → {ok.fi}; perustelu: {d['justification']}",
            f"Förhandsbehandlingen åsidosatt: {rule.sv} → {ok.sv}; motivering: {d['justification']}",
        )
    if e.what == "statement_requested":
        rule = Text.from_dict(d["due_rule"])
        return Text(
            f"Selvitys pyydetty kunnalta {_day(d['requested_on'])}, määräpäivä {_day(d['due'])} ({rule.fi})",
            f"Utredning begärd av kommunen {_day(d['requested_on'])}, förfallodag {_day(d['due'])} ({rule.sv})",
        )
    if e.what == "statement_received":
        name = d["attachment"]["name"]
        late_fi, late_sv = (" (myöhässä)", " (försenad)") if d.get("late") else ("", "")
        return Text(
            f"Kunnan selvitys saatu {_day(d['received_on'])}{late_fi}: {name}; kantelijan vastine "
            f"{_day(d['due'])} mennessä",
            f"Kommunens utredning mottagen {_day(d['received_on'])}{late_sv}: {name}; klagandens bemötande "
            f"senast {_day(d['due'])}",
        )
    if e.what == "reply_received":
        if d.get("no_reply"):
            return Text(
                f"Kantelija ei antanut vastinetta ({_day(d['received_on'])})",
                f"Klaganden gav inget bemötande ({_day(d['received_on'])})",
            )
        return Text(
            f"Kantelijan vastine saatu {_day(d['received_on'])}: {d['attachment']['name']}",
            f"Klagandens bemötande mottaget {_day(d['received_on'])}: {d['attachment']['name']}",
        )
    if e.what == "resolved":
        name = outcomes[d["measure"]].name
        basis = ", ".join(d.get("basis", []))
        return Text(
            f"Ratkaistu {_day(d['resolved_on'])}: {name.fi} ({basis}): {d['reason']}",
            f"Avgjort {_day(d['resolved_on'])}: {name.sv} ({basis}): {d['reason']}",
        )
    if e.what == "closed":
        return Text(f"Asia päätetty {_day(d['closed_on'])}", f"Ärendet avslutat {_day(d['closed_on'])}")
    if e.what == "linked":
        return Text(f"Liitetty tarkastusajoon {d['run_id']}", f"Kopplat till granskningskörningen {d['run_id']}")
    return Text(e.what, e.what)


def _municipality(code: str) -> dict[str, str]:
    from avi_valvonta.reference import reference

    m = reference().get(code)
    return {"code": m.code, "name_fi": m.name_fi, "name_sv": m.name_sv}


def summary_dict(c: Complaint, as_of: dt.date) -> dict[str, Any]:
    """One line of ``complaint list --format json``."""
    from avi_valvonta.complaints.screening import effective

    screening = effective(c.screening, c.overrides)
    return mask_data(  # type: ignore[return-value]
        {
            "dnro": c.dnro,
            "status": c.status,
            "municipality": _municipality(c.municipality_code),
            "target": c.target,
            "received": c.received.isoformat(),
            "events_date": c.events_date.isoformat(),
            "due": c.due.isoformat() if c.due else None,
            "due_kind": c.due_kind,
            "overdue": is_overdue(c.status, c.due, as_of),
            "investigate": screening.get("investigate"),
            "duplicates": screening.get("duplicates", []),
            "topics": sorted({t["area"] for t in screening.get("topics", [])}),
            "measure": c.measure,
        }
    )


def complaint_dict(record: ComplaintRecord, as_of: dt.date) -> dict[str, Any]:
    """The whole complaint (cli.md ``complaint show DNRO --format json``)."""
    c = record.complaint
    data = {
        "schema": SCHEMA,
        "dnro": c.dnro,
        "status": c.status,
        "status_text": STATUSES[c.status].to_dict(),
        "municipality": _municipality(c.municipality_code),
        "target": c.target,
        "channel": c.channel,
        "received": c.received.isoformat(),
        "events_date": c.events_date.isoformat(),
        "complainant": {
            "name": c.complainant_name,
            "email": c.complainant_email,
            "phone": c.complainant_phone,
            "address": c.complainant_address,
            "language": c.complainant_language,
        },
        "text": c.text,
        "screening": record.screening,
        "due": c.due.isoformat() if c.due else None,
        "due_kind": c.due_kind,
        "overdue": is_overdue(c.status, c.due, as_of),
        "resolution": (
            {"measure": c.measure, "reason": c.resolution_reason, "date": c.resolved_on.isoformat()}
            if c.measure and c.resolved_on
            else None
        ),
        "runs": list(c.run_ids),
        "attachments": [
            {
                "id": a.id,
                "kind": a.kind,
                "name": a.name,
                "media_type": a.media_type,
                "size": a.size,
                "sha256": a.sha256,
                "pages": a.pages,
                "needs_ocr": a.needs_ocr,
                "added_at": _iso(a.added_at),
                "added_by": a.added_by,
            }
            for a in record.attachments
        ],
        "events": [
            {
                "at": _iso(e.at),
                "actor": e.actor,
                "what": e.what,
                "detail": e.detail,
                "message": event_message(e).to_dict(),
            }
            for e in record.events
        ],
        "created_at": _iso(c.created_at),
        "created_by": c.created_by,
    }
    return mask_data(data)  # type: ignore[return-value]


def _ok(value: bool | None, lang: str) -> str:
    return YES_NO[bool(value)].get(lang)


def complaint_text(record: ComplaintRecord, lang: str, as_of: dt.date) -> str:
    """``complaint show`` for a person (Finnish or Swedish)."""
    c = record.complaint
    d = complaint_dict(record, as_of)
    sv = lang == "sv"
    m = d["municipality"]
    s = d["screening"]
    label = {
        "status": ("Tila", "Status"),
        "municipality": ("Kunta", "Kommun"),
        "received": ("Saapunut", "Inkommit"),
        "events": ("Tapahtumat", "Händelser"),
        "complainant": ("Kantelija", "Klagande"),
        "due": ("Määräpäivä", "Förfallodag"),
        "screening": ("Esikäsittely", "Förhandsbehandling"),
        "topics": ("Aiheet", "Ämnen"),
        "attachments": ("Liitteet", "Bilagor"),
        "history": ("Tapahtumahistoria", "Händelsehistorik"),
        "resolution": ("Ratkaisu", "Avgörande"),
        "overdue": ("MYÖHÄSSÄ", "FÖRSENAD"),
        "runs": ("Tarkastusajot", "Granskningskörningar"),
    }

    def lab(key: str) -> str:
        return label[key][1 if sv else 0]

    lines = [
        f"{c.dnro}  {lab('status')}: {STATUSES[c.status].get(lang)}",
        f"{lab('municipality')}: {m['name_sv'] if sv else m['name_fi']} ({m['code']})",
        f"{lab('received')}: {fdate(c.received)} ({c.channel})  {lab('events')}: {fdate(c.events_date)}",
        f"{lab('complainant')}: {d['complainant']['name']} ({c.complainant_language})",
    ]
    if c.due:
        kind = DUE_KINDS[c.due_kind].get(lang) if c.due_kind in DUE_KINDS else c.due_kind
        late = f"  {lab('overdue')}" if d["overdue"] else ""
        lines.append(f"{lab('due')}: {fdate(c.due)} ({kind}){late}")
    if s:
        lines.append(f"{lab('screening')}:")
        for rule in ("jurisdiction", "two_year_rule"):
            r = s[rule]
            reason = r["reason"]["sv" if sv else "fi"]
            lines.append(f"  {RULES[rule].get(lang)}: {_ok(r['ok'], lang)} - {reason} ({', '.join(r['basis'])})")
            if r.get("override"):
                o = r["override"]
                lines.append(f"    ← {o['actor']} {o['at']}: {o['justification']}")
        dup = s["duplicate_check"]
        cands = ", ".join(f"{x['dnro']} ({x['score']:.0f} %)" for x in dup["candidates"]) or "-"
        lines.append(f"  {RULES['duplicates'].get(lang)}: {cands}")
        if dup.get("override"):
            o = dup["override"]
            lines.append(f"    ← {o['actor']} {o['at']}: {o['justification']}")
        for t in s["topics"]:
            words = ", ".join(t["words"])
            lines.append(f"  {lab('topics')}: {t['area']} - {t['reason']['sv' if sv else 'fi']} [{words}]")
        for w in s.get("warnings", []):
            lines.append(f"  ! {w}")
    if d["resolution"]:
        r = d["resolution"]
        name = complaint_rules().outcomes[r["measure"]].name.get(lang)
        lines.append(f"{lab('resolution')}: {name} ({fdate(c.resolved_on)}): {r['reason']}")
    if d["runs"]:
        lines.append(f"{lab('runs')}: {', '.join(d['runs'])}")
    if d["attachments"]:
        lines.append(f"{lab('attachments')}:")
        for a in d["attachments"]:
            lines.append(f"  [{a['id']}] {a['kind']}: {a['name']} ({a['pages']} s., sha256 {a['sha256'][:16]}…)")
    lines.append(f"{lab('history')}:")
    for e in d["events"]:
        lines.append(f"  {e['at']}  {e['actor']}: {e['message']['sv' if sv else 'fi']}")
    lines.append("")
    lines.append(d["text"])
    return mask_identity_codes("\n".join(lines))
