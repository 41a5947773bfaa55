"""``--format table``: the report for a terminal (rich), in Finnish or Swedish. Masked like every writer."""

from __future__ import annotations

import io
import os
import shutil
from typing import Any

from avi_valvonta.checks import OUTCOME_LABELS, SEVERITY_LABELS, UNITS, Outcome, Severity
from avi_valvonta.i18n import Text, fdate, fpercent
from avi_valvonta.identity import mask_identity_codes

L = {
    "title": Text("Valvontatarkastus", "Tillsynsgranskning"),
    "period": Text("Tarkastettu aika", "Granskad period"),
    "as_of": Text("tilanne", "läge"),
    "law": Text("Laki", "Lag"),
    "supervisor": Text("Valvoja", "Tillsynsmyndighet"),
    "rule_sets": Text("Määräaikasäännöt", "Tidsfristregler"),
    "check": Text("Tarkastus", "Granskning"),
    "outcome": Text("Tulos", "Resultat"),
    "severity": Text("Vakavuus", "Allvarlighet"),
    "share": Text("Osuus", "Andel"),
    "what": Text("Mitä", "Vad"),
    "proposal": Text("Ehdotettu toimenpide", "Föreslagen åtgärd"),
    "deadline": Text("määräaika", "tidsfrist"),
    "based_on": Text("perusteena", "grund"),
    "warnings": Text("Huomautukset", "Varningar"),
    "evidence": Text("Näyttö", "Bevis"),
    "in_all": Text("yhteensä", "totalt"),
    "run": Text("Ajo", "Körning"),
    "not_stored": Text("ei tallennettu", "inte sparad"),
}
MEASURES = {
    "none": Text("ei toimenpiteitä", "inga åtgärder"),
    "guidance": Text("hallinnollinen ohjaus", "administrativ styrning"),
    "remark": Text("huomautus", "anmärkning"),
    "correction_order": Text("määräys puutteiden korjaamisesta", "föreläggande att avhjälpa brister"),
    "suspension": Text("toiminnan keskeyttäminen", "avbrytande av verksamheten"),
    "fine_enforcement": Text("uhkasakon maksettavaksi tuomitseminen", "utdömande av vite"),
}
STYLE = {
    Outcome.FAIL: "bold red",
    Outcome.PASS: "green",
    Outcome.MANUAL: "yellow",
    Outcome.NOT_APPLICABLE: "dim",
    Outcome.ERROR: "bold magenta",
    Outcome.MUTED: "cyan",
}
EVIDENCE_IN_TABLE = 5


def render(report: Any, lang: str) -> bytes:
    from rich.console import Console
    from rich.table import Table

    from avi_valvonta.report.view import FOLLOWUP

    def t(key: str) -> str:
        return L[key].get(lang)

    buf = io.StringIO()
    color = os.environ.get("NO_COLOR") is None and os.environ.get("VALVONTA_COLOR") == "1"
    console = Console(
        file=buf,
        width=int(os.environ.get("COLUMNS") or shutil.get_terminal_size((120, 40)).columns),
        force_terminal=color,
        no_color=not color,
        highlight=False,
        soft_wrap=False,
    )
    m = report.municipality
    name = m["name_sv"] if lang == "sv" else m["name_fi"]
    console.print(f"[bold]{t('title')}: {name} ({m['code']})[/bold]")
    console.print(
        f"{t('period')}: {fdate(report.period_start)}–{fdate(report.period_end)}, {t('as_of')} {fdate(report.as_of)}"
    )
    reg = report.regime
    supervisor = reg.get("supervisor_sv") if lang == "sv" else reg.get("supervisor")
    console.print(
        f"{t('law')}: {reg.get('law')} · {t('supervisor')}: {supervisor} · "
        f"{t('rule_sets')}: {', '.join(reg.get('rule_sets', [])) or '-'}"
    )
    # One line per check (the title); what was found follows below the table, so the table stays readable.
    rows = []
    for r in report.results:
        share = ""
        if r.population is not None and r.affected is not None:
            unit = UNITS.get(r.unit, UNITS["clients"]).get(lang)
            pct = f" ({fpercent(r.rate, lang)})" if r.rate is not None and r.outcome is Outcome.FAIL else ""
            share = f"{r.affected}/{r.population} {unit}{pct}"
        sev = SEVERITY_LABELS[Severity(r.severity)].get(lang) if r.severity else ""
        followup = f" · {FOLLOWUP[r.baseline].get(lang)}" if r.baseline in FOLLOWUP else ""
        outcome = f"{OUTCOME_LABELS[r.outcome].get(lang)}{followup}"
        rows.append((r, [r.check_id, outcome, sev, share], mask_identity_codes(r.title.get(lang) if r.title else "")))
    heads = [t(c) for c in ("check", "outcome", "severity", "share")]
    fixed = [max([len(h)] + [len(cells[i]) for _, cells, _ in rows]) for i, h in enumerate(heads)]
    # The fixed columns keep their width; the title gets what is left of the line, or no column on a narrow one.
    title_width = console.width - sum(fixed) - 3 * (len(fixed) + 1) - 1
    with_title = title_width >= 20
    table = Table(show_lines=False, expand=False)
    for head, width in zip(heads, fixed, strict=True):
        table.add_column(head, no_wrap=True, min_width=width, max_width=width)
    if with_title:
        table.add_column(t("what"), no_wrap=True, overflow="ellipsis", max_width=title_width)
    for r, (cid, outcome, sev, share), title in rows:
        label, _, rest = outcome.partition(" · ")
        styled = f"[{STYLE[r.outcome]}]{label}[/]" + (f" · {rest}" if rest else "")
        table.add_row(cid, styled, sev, share, *([title] if with_title else []))
    console.print(table)
    for r in report.results:
        if r.outcome in (Outcome.PASS,):
            continue
        text = r.reason if r.outcome in (Outcome.NOT_APPLICABLE, Outcome.ERROR, Outcome.MUTED) else r.message
        if r.outcome is Outcome.NOT_APPLICABLE:
            console.print(f"[dim]{r.check_id}: {mask_identity_codes(text.get(lang)) if text else ''}[/dim]")
            continue
        console.print(f"\n[bold]{r.check_id}[/bold] — {mask_identity_codes(text.get(lang)) if text else ''}")
        for e in r.evidence[:EVIDENCE_IN_TABLE]:
            where = " ".join(
                x for x in (e.client_id, e.event_id, e.staff_id, e.file, f"s. {e.page}" if e.page else None) if x
            )
            console.print(f"  • {mask_identity_codes(where)}: {mask_identity_codes(e.detail.get(lang))}")
        if len(r.evidence) > EVIDENCE_IN_TABLE or (r.affected or 0) > EVIDENCE_IN_TABLE:
            console.print(f"  … ({r.affected} {t('in_all')}; --format html/json)")
    p = report.proposal
    console.print()
    deadline = f", {t('deadline')} {fdate(p.deadline)}" if p.deadline else ""
    console.print(
        f"[bold]{t('proposal')}: {MEASURES.get(p.measure, Text(p.measure, p.measure)).get(lang)}{deadline}[/bold]"
    )
    if p.check_ids:
        console.print(f"{t('based_on')}: {', '.join(p.check_ids)}")
    console.print(mask_identity_codes(p.reasons.get(lang)))
    for note in p.notes:
        console.print(f"! {note.get(lang)}")
    if report.warnings:
        console.print(f"\n[bold]{t('warnings')}[/bold]")
        for w in report.warnings:
            console.print(f"  - {mask_identity_codes(w.get(lang))}")
    console.print(f"\n{t('run')}: {report.run_id}" + ("" if report.stored else f" ({t('not_stored')})"))
    return mask_identity_codes(buf.getvalue()).encode("utf-8")
