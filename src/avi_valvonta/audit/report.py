"""The audit report: one object, the JSON contract ``avi-valvonta/audit/1`` (cli.md), rendered by every writer."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from avi_valvonta.checks import Outcome, Result
from avi_valvonta.i18n import Text
from avi_valvonta.identity import mask_data

SCHEMA = "avi-valvonta/audit/1"


@dataclass
class Proposal:
    """One proposed measure per run, with the results it rests on and why (checks.md "From findings to…")."""

    measure: str  # none | guidance | remark | correction_order | suspension | fine_enforcement
    check_ids: list[str]
    reasons: Text
    deadline: dt.date | None = None
    incomplete: bool = False  # an error result: the proposal rests on an incomplete run
    notes: list[Text] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "measure": self.measure,
            "deadline": self.deadline.isoformat() if self.deadline else None,
            "check_ids": list(self.check_ids),
            "reasons": self.reasons.to_dict(),
            "incomplete": self.incomplete,
            "notes": [n.to_dict() for n in self.notes],
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Proposal:
        return cls(
            measure=d["measure"],
            check_ids=list(d.get("check_ids") or []),
            reasons=Text.from_dict(d["reasons"]),
            deadline=dt.date.fromisoformat(d["deadline"]) if d.get("deadline") else None,
            incomplete=bool(d.get("incomplete")),
            notes=[Text.from_dict(n) for n in d.get("notes") or []],
        )


@dataclass
class AuditReport:
    run_id: str
    created_at: dt.datetime
    tool_version: str
    plugins: dict[str, str]
    municipality: dict[str, Any]
    period_start: dt.date
    period_end: dt.date
    as_of: dt.date
    regime: dict[str, Any]
    results: list[Result]
    proposal: Proposal
    warnings: list[Text] = field(default_factory=list)
    inputs: dict[str, Any] = field(default_factory=dict)
    options: dict[str, Any] = field(default_factory=dict)
    lang: str = "fi"
    stored: bool = False

    def result(self, check_id: str) -> Result | None:
        for r in self.results:
            if r.check_id == check_id:
                return r
        return None

    def counts(self) -> dict[str, int]:
        out = {str(o): 0 for o in Outcome}
        for r in self.results:
            out[str(r.outcome)] += 1
        return out

    def to_dict(self, lang: str | None = None) -> dict[str, Any]:
        """The JSON contract, every string masked."""
        lang = lang or self.lang
        data = {
            "schema": SCHEMA,
            "run_id": self.run_id,
            "created_at": self.created_at.isoformat(timespec="seconds"),
            "lang": lang,
            "tool": {"version": self.tool_version, "plugins": dict(self.plugins)},
            "municipality": dict(self.municipality),
            "period": {
                "start": self.period_start.isoformat(),
                "end": self.period_end.isoformat(),
                "as_of": self.as_of.isoformat(),
            },
            "regime": dict(self.regime),
            "results": [r.to_dict(lang) for r in self.results],
            "summary": self.counts(),
            "proposal": self.proposal.to_dict(),
            "warnings": [w.get(lang) for w in self.warnings],
            "warnings_i18n": [w.to_dict() for w in self.warnings],
            "inputs": dict(self.inputs),
            "options": dict(self.options),
        }
        return mask_data(data)  # type: ignore[return-value]

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> AuditReport:
        return cls(
            run_id=d["run_id"],
            created_at=dt.datetime.fromisoformat(d["created_at"]),
            tool_version=d["tool"]["version"],
            plugins=dict(d["tool"].get("plugins") or {}),
            municipality=dict(d["municipality"]),
            period_start=dt.date.fromisoformat(d["period"]["start"]),
            period_end=dt.date.fromisoformat(d["period"]["end"]),
            as_of=dt.date.fromisoformat(d["period"]["as_of"]),
            regime=dict(d.get("regime") or {}),
            results=[Result.from_dict(r) for r in d["results"]],
            proposal=Proposal.from_dict(d["proposal"]),
            warnings=[Text.from_dict(w) for w in d.get("warnings_i18n") or d.get("warnings") or []],
            inputs=dict(d.get("inputs") or {}),
            options=dict(d.get("options") or {}),
            lang=d.get("lang", "fi"),
            stored=True,
        )
