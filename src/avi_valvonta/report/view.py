"""The report as a person reads it, in one language: what the CSV, Markdown and HTML writers render.

One place turns an :class:`AuditReport` into labelled, formatted, MASKED strings, so that every format says the same
thing in the same words (and none can forget to mask). Writers only lay it out.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from avi_valvonta.audit.baseline import followup_counts
from avi_valvonta.checks import AREAS, OUTCOME_LABELS, SEVERITY_LABELS, UNITS, Evidence, Outcome, Result, Severity
from avi_valvonta.i18n import Text, fdate, fpercent
from avi_valvonta.identity import mask_identity_codes
from avi_valvonta.report.table import MEASURES

LABELS: dict[str, Text] = {
    "title": Text("Valvontatarkastus", "Tillsynsgranskning"),
    "municipality": Text("Kunta", "Kommun"),
    "period": Text("Tarkastettu aika", "Granskad period"),
    "as_of": Text("Tilannepäivä", "Lägesdag"),
    "law": Text("Laki", "Lag"),
    "supervisor": Text("Valvoja", "Tillsynsmyndighet"),
    "rule_sets": Text("Määräaikasäännöt", "Tidsfristregler"),
    "run": Text("Ajo", "Körning"),
    "created": Text("Tehty", "Gjord"),
    "not_stored": Text("ei tallennettu", "inte sparad"),
    "summary": Text("Yhteenveto", "Sammanfattning"),
    "count": Text("Määrä", "Antal"),
    "proposal": Text("Ehdotettu toimenpide", "Föreslagen åtgärd"),
    "deadline": Text("Määräaika", "Tidsfrist"),
    "based_on": Text("Perusteena", "Grund"),
    "incomplete": Text(
        "Ehdotus perustuu keskeneräiseen ajoon.",
        "Förslaget bygger på en ofullständig körning.",
    ),
    "proposal_note": Text(
        "Työkalu ehdottaa, ihminen päättää.",
        "Verktyget föreslår, en människa beslutar.",
    ),
    "followup": Text("Seuranta", "Uppföljning"),
    "baseline_run": Text("verrattuna ajoon", "jämfört med körningen"),
    "chart": Text("Puutteiden osuus tarkastuksittain", "Andel brister per granskning"),
    "chart_caption": Text(
        "Poikkeamien osuus tarkastetuista (poikkeamat / perusjoukko); vapautetut harmaalla.",
        "Andel avvikelser av de granskade (avvikelser / population); undantagna i grått.",
    ),
    "results": Text("Tulokset", "Resultat"),
    "details": Text("Havainnot ja näyttö", "Iakttagelser och bevis"),
    "check": Text("Tarkastus", "Granskning"),
    "area": Text("Alue", "Område"),
    "check_title": Text("Otsikko", "Rubrik"),
    "outcome": Text("Tulos", "Resultat"),
    "severity": Text("Vakavuus", "Allvarlighet"),
    "population": Text("Perusjoukko", "Population"),
    "affected": Text("Poikkeamat", "Avvikelser"),
    "unit": Text("Yksikkö", "Enhet"),
    "rate_pct": Text("Osuus %", "Andel %"),
    "share": Text("Osuus", "Andel"),
    "what": Text("Mitä", "Vad"),
    "change": Text("Muutos", "Förändring"),
    "legal_basis": Text("Oikeusperusta", "Rättslig grund"),
    "evidence": Text("Näyttö", "Bevis"),
    "more_evidence": Text("lisää näyttöä tallennetussa ajossa", "mer bevis i den sparade körningen"),
    "waiver": Text("Vapautus", "Undantag"),
    "in_proposal": Text("Ehdotuksen peruste", "Grund för förslaget"),
    "warnings": Text("Huomautukset", "Varningar"),
    "tool": Text("Työkalu", "Verktyg"),
    "masked": Text(
        "Henkilötunnukset on peitetty. Raportti on tehty ilman verkkoyhteyttä.",
        "Personbeteckningarna är maskerade. Rapporten är gjord utan nätverksanslutning.",
    ),
    "none": Text("ei", "inga"),
}
# What needs attention first.
SUMMARY_ORDER = (Outcome.FAIL, Outcome.ERROR, Outcome.MANUAL, Outcome.MUTED, Outcome.PASS, Outcome.NOT_APPLICABLE)
FOLLOWUP: dict[str, Text] = {
    "new": Text("uusi", "ny"),
    "still_open": Text("edelleen avoinna", "fortfarande öppen"),
    "fixed": Text("korjattu", "åtgärdad"),
}


def pct(rate: float | None, lang: str = "fi") -> str:
    """18,5 % (Finnish and Swedish write a decimal comma)."""
    return "" if rate is None else fpercent(rate, lang)


def signed(n: int | None) -> str:
    return "" if n is None else (f"+{n}" if n > 0 else str(n))


@dataclass
class ResultView:
    check_id: str
    area: str
    title: str
    outcome: str  # the stable code (css class, machine use)
    outcome_label: str
    severity: str | None
    severity_label: str
    population: int | None
    affected: int | None
    unit: str
    rate: float | None
    rate_text: str
    share: str
    text: str
    legal_basis: list[str]
    evidence: list[str]
    evidence_more: int
    followup: str | None
    followup_label: str
    change: int | None
    followup_text: str
    waiver_text: str
    in_proposal: bool


@dataclass
class Bar:
    check_id: str
    rate: float
    outcome: str
    label: str
    width: float = 0.0
    y: float = 0.0


@dataclass
class ReportView:
    lang: str
    labels: dict[str, str]
    title: str
    municipality: str
    code: str
    period: str
    as_of: str
    law: str
    supervisor: str
    rule_sets: str
    run_id: str
    created: str
    stored: bool
    tool: str
    summary: list[tuple[str, str, int]]  # (outcome code, label, count)
    measure: str
    measure_label: str
    deadline: str
    proposal_checks: list[str]
    reasons: str
    notes: list[str]
    incomplete: bool
    followup: dict[str, int] | None
    followup_labels: dict[str, str]
    baseline_run: str
    results: list[ResultView]
    bars: list[Bar]
    warnings: list[str]
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def findings(self) -> list[ResultView]:
        """Results a person has to read: fails, manual reviews, waived findings, errors."""
        return [r for r in self.results if r.outcome in ("fail", "manual", "muted", "error")]


def _evidence_line(e: Evidence, lang: str) -> str:
    page = {"fi": "s.", "sv": "s."}[lang]
    where = " ".join(
        x
        for x in (
            e.client_id,
            e.event_id,
            e.staff_id,
            e.file,
            f"{page} {e.page}" if e.page else None,
            f"r. {e.line}" if e.line and e.file else None,
        )
        if x
    )
    text = e.detail.get(lang)
    if e.excerpt:
        text += f" «{e.excerpt}»"
    return mask_identity_codes(f"{where}: {text}" if where else text)


def _result_view(r: Result, lang: str, proposal_ids: set[str]) -> ResultView:
    def t(text: Text | None) -> str:
        return mask_identity_codes(text.get(lang)) if text else ""

    unit = UNITS.get(r.unit, UNITS["clients"]).get(lang)
    share = ""
    if r.population is not None and r.affected is not None:
        share = f"{r.affected}/{r.population} {unit}"
        if r.outcome in (Outcome.FAIL, Outcome.MUTED) and r.rate is not None:
            share += f" ({pct(r.rate)})"
    text = t(r.message or r.title)
    if r.outcome in (Outcome.NOT_APPLICABLE, Outcome.ERROR, Outcome.MUTED) and r.reason:
        text = t(r.reason)
    detail = r.baseline_detail or {}
    change = detail.get("affected_change")
    followup_text = ""
    if r.baseline:
        label = FOLLOWUP[r.baseline].get(lang)
        before = detail.get("affected_before")
        if r.baseline == "still_open":
            followup_text = f"{label}: {before} → {r.affected} ({signed(change)})"
        elif r.baseline == "fixed":
            followup_text = f"{label}: {before} → 0"
        else:
            followup_text = label
    waiver_text = ""
    if r.waiver:
        w = r.waiver
        scope = ", ".join(w.get("scope") or [])
        scope_text = {"fi": f"rajaus: {scope}; ", "sv": f"avgränsning: {scope}; "}[lang] if scope else ""
        approved = {"fi": "hyväksynyt", "sv": "godkänt av"}[lang]
        until = {"fi": "voimassa", "sv": "giltigt till"}[lang]
        expires = fdate(_date(w.get("expires")))
        waiver_text = mask_identity_codes(
            f"{w.get('check')}: {w.get('justification')} ({scope_text}{approved} {w.get('approver')}, "
            f"{until} {expires}{' asti' if lang == 'fi' else ''})"
        )
    title = t(r.title) or r.check_id
    evidence = [_evidence_line(e, lang) for e in r.evidence[:20]]
    return ResultView(
        check_id=r.check_id,
        area=AREAS[r.area].get(lang) if r.area in AREAS else r.area,
        title=title,
        outcome=str(r.outcome),
        outcome_label=OUTCOME_LABELS[r.outcome].get(lang),
        severity=str(r.severity) if r.severity else None,
        severity_label=SEVERITY_LABELS[Severity(r.severity)].get(lang) if r.severity else "",
        population=r.population,
        affected=r.affected,
        unit=unit,
        rate=r.rate,
        rate_text=pct(r.rate),
        share=share,
        text=text,
        legal_basis=[mask_identity_codes(b) for b in r.legal_basis],
        evidence=evidence,
        evidence_more=max(0, (r.affected or 0) - len(evidence)) if r.outcome is Outcome.FAIL else 0,
        followup=r.baseline,
        followup_label=FOLLOWUP[r.baseline].get(lang) if r.baseline in FOLLOWUP else "",
        change=change if isinstance(change, int) else None,
        followup_text=followup_text,
        waiver_text=waiver_text,
        in_proposal=r.check_id in proposal_ids,
    )


def _date(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return value


def _bars(results: list[Result]) -> list[Bar]:
    """Failure rates by check: every result with a population that a rate describes (fail, pass, muted)."""
    out = []
    for r in results:
        if r.outcome in (Outcome.FAIL, Outcome.PASS, Outcome.MUTED) and r.population:
            rate = (r.affected or 0) / r.population
            out.append(Bar(r.check_id, rate, str(r.outcome), pct(rate)))
    out.sort(key=lambda b: (-b.rate, b.check_id))
    return out


def build(report: Any, lang: str) -> ReportView:
    """Everything a writer needs, in ``lang``, masked."""
    lang = "sv" if lang == "sv" else "fi"
    m = report.municipality
    p = report.proposal
    reg = report.regime
    labels = {k: v.get(lang) for k, v in LABELS.items()}
    counts = report.counts()
    summary = [(o.value, OUTCOME_LABELS[o].get(lang), counts[str(o)]) for o in SUMMARY_ORDER if counts[str(o)]]
    proposal_ids = set(p.check_ids)
    results = [_result_view(r, lang, proposal_ids) for r in report.results]
    baseline = (report.options or {}).get("baseline") or {}
    has_followup = bool(baseline) or any(r.baseline for r in report.results)
    measure = MEASURES.get(p.measure, Text(p.measure, p.measure)).get(lang)
    plugins = ", ".join(f"{k} {v}" for k, v in sorted(report.plugins.items()))
    return ReportView(
        lang=lang,
        labels=labels,
        title=labels["title"],
        municipality=m["name_sv"] if lang == "sv" else m["name_fi"],
        code=str(m["code"]),
        period=f"{fdate(report.period_start)}–{fdate(report.period_end)}",
        as_of=fdate(report.as_of),
        law=str(reg.get("law") or "-"),
        supervisor=str((reg.get("supervisor_sv") if lang == "sv" else reg.get("supervisor")) or "-"),
        rule_sets=", ".join(reg.get("rule_sets") or []) or "-",
        run_id=report.run_id,
        created=report.created_at.strftime("%Y-%m-%d %H:%M UTC"),
        stored=report.stored,
        tool=f"avi-valvonta {report.tool_version}" + (f" ({plugins})" if plugins else ""),
        summary=summary,
        measure=p.measure,
        measure_label=measure,
        deadline=fdate(p.deadline) if p.deadline else "",
        proposal_checks=list(p.check_ids),
        reasons=mask_identity_codes(p.reasons.get(lang)),
        notes=[mask_identity_codes(n.get(lang)) for n in p.notes],
        incomplete=p.incomplete,
        followup=followup_counts(report.results) if has_followup else None,
        followup_labels={k: v.get(lang) for k, v in FOLLOWUP.items()},
        baseline_run=str(baseline.get("run_id") or ""),
        results=results,
        bars=_bars(report.results),
        warnings=[mask_identity_codes(w.get(lang)) for w in report.warnings],
    )
