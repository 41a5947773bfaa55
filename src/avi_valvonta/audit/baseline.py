"""The follow-up diff (jälkitarkastus / uppföljning): this run against an earlier run of the same municipality.

What an inspector uses after a correction order's deadline: each failing result is ``new`` (it did not fail in the
baseline) or ``still_open`` (it failed then too; ``baseline_detail`` says how the affected count changed), and a
result that failed in the baseline and passes now is ``fixed``. The baseline is a stored run (``--baseline RUN_ID``)
or a JSON report file (``--format json`` output, schema ``avi-valvonta/audit/1``).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from avi_valvonta.audit.report import SCHEMA
from avi_valvonta.checks import OUTCOME_LABELS, Outcome, Result
from avi_valvonta.errors import InvalidInput, Problem, UsageError
from avi_valvonta.i18n import Text, fdate

NEW, STILL_OPEN, FIXED = "new", "still_open", "fixed"


@dataclass(frozen=True)
class BaselineResult:
    check_id: str
    outcome: str
    population: int | None
    affected: int | None
    rate: float | None


@dataclass(frozen=True)
class Baseline:
    """What the follow-up diff needs of an earlier run."""

    run_id: str
    municipality_code: str
    municipality_name: str
    as_of: dt.date
    period_start: dt.date
    period_end: dt.date
    source: str  # "run" or the file's path
    results: dict[str, BaselineResult] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "run_id": self.run_id,
            "as_of": self.as_of.isoformat(),
            "period": [self.period_start.isoformat(), self.period_end.isoformat()],
            "source": self.source,
        }


def from_report(data: Any, source: str) -> Baseline:
    """A baseline from a report in the JSON contract; a file that is not one is refused naming the field."""
    where = Path(source).name if source != "run" else "stored run"
    problems: list[Problem] = []

    def need(cond: bool, fieldname: str, message: str) -> bool:
        if not cond:
            problems.append(Problem(where, message, None, fieldname))
        return cond

    if not isinstance(data, dict):
        raise InvalidInput([Problem(where, "not an audit report (a JSON object is expected)")], "invalid baseline")
    if not need(data.get("schema") == SCHEMA, "schema", f"not an audit report of schema {SCHEMA}"):
        raise InvalidInput(problems, f"invalid baseline {source}")
    muni: dict[str, Any] = data["municipality"] if isinstance(data.get("municipality"), dict) else {}
    need(isinstance(muni.get("code"), str), "municipality.code", "missing")
    period: dict[str, Any] = data["period"] if isinstance(data.get("period"), dict) else {}
    dates: dict[str, dt.date] = {}
    for key in ("start", "end", "as_of"):
        try:
            dates[key] = dt.date.fromisoformat(str(period.get(key)))
        except ValueError:
            problems.append(Problem(where, "not a date YYYY-MM-DD", None, f"period.{key}"))
    results: dict[str, BaselineResult] = {}
    raw = data.get("results")
    if need(isinstance(raw, list), "results", "missing or not a list") and isinstance(raw, list):
        for i, r in enumerate(raw):
            if (
                not isinstance(r, dict)
                or not isinstance(r.get("check_id"), str)
                or not isinstance(r.get("outcome"), str)
            ):
                problems.append(Problem(where, "needs check_id and outcome", None, f"results[{i}]"))
                continue
            results[r["check_id"]] = BaselineResult(
                r["check_id"], r["outcome"], r.get("population"), r.get("affected"), r.get("rate")
            )
    if problems:
        raise InvalidInput(problems, f"invalid baseline {source}")
    return Baseline(
        run_id=str(data.get("run_id") or "-"),
        municipality_code=muni["code"],
        municipality_name=str(muni.get("name_fi") or muni["code"]),
        as_of=dates["as_of"],
        period_start=dates["start"],
        period_end=dates["end"],
        source=source,
        results=results,
    )


def load_baseline(ref: str, db: Any | None) -> Baseline:
    """``--baseline RUN_ID|FILE``: an existing file is read as a JSON report, anything else is a stored run id."""
    path = Path(ref)
    if path.is_file():
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as e:
            raise UsageError(f"--baseline: cannot read {path}: {e}") from None
        except json.JSONDecodeError as e:
            raise InvalidInput(
                [Problem(path.name, f"not valid JSON: {e.msg}", e.lineno)], f"invalid baseline {path}"
            ) from None
        return from_report(data, str(path))
    run = db.run(ref) if db is not None else None
    if run is None:
        raise UsageError(f"--baseline: {ref!r} is neither a stored run (see `valvonta runs`) nor a JSON report file")
    return from_report(run.report, "run")


def check_baseline(baseline: Baseline, municipality_code: str, name: str, as_of: dt.date | None = None) -> None:
    """A follow-up compares a municipality with itself, later: anything else is refused (exit 2)."""
    if baseline.municipality_code != municipality_code:
        raise UsageError(
            f"--baseline: run {baseline.run_id} is of {baseline.municipality_name} ({baseline.municipality_code}), "
            f"not {name} ({municipality_code}): a follow-up compares the same municipality"
        )
    if as_of is not None and baseline.as_of > as_of:
        raise UsageError(
            f"--baseline: run {baseline.run_id} is as of {baseline.as_of}, after this run's as-of {as_of}: "
            "the baseline must be an earlier run"
        )


def mark_followup(results: list[Result], baseline: Baseline) -> list[Text]:
    """Mark each result new / still_open / fixed; return warnings about what cannot be compared."""
    warnings: list[Text] = []
    seen = set()
    for r in results:
        seen.add(r.check_id)
        before = baseline.results.get(r.check_id)
        failed_before = before is not None and before.outcome == str(Outcome.FAIL)
        detail: dict[str, Any] = {"run_id": baseline.run_id, "as_of": baseline.as_of.isoformat()}
        if failed_before and before is not None:
            detail.update(
                {
                    "affected_before": before.affected,
                    "population_before": before.population,
                    "rate_before": before.rate,
                }
            )
        if r.outcome is Outcome.FAIL:
            if failed_before and before is not None:
                r.baseline = STILL_OPEN
                detail["affected_change"] = (r.affected or 0) - (before.affected or 0)
            else:
                r.baseline = NEW
                detail["outcome_before"] = before.outcome if before else None
            r.baseline_detail = detail
        elif failed_before and before is not None:
            if r.outcome is Outcome.PASS:
                r.baseline = FIXED
                detail["affected_change"] = -(before.affected or 0)
                r.baseline_detail = detail
            else:
                warnings.append(
                    Text(
                        f"{r.check_id} oli puute vertailuajossa {baseline.run_id} ({fdate(baseline.as_of)}), nyt "
                        f"tulos on {OUTCOME_LABELS[r.outcome].fi}: korjaantumista ei voi todeta.",
                        f"{r.check_id} var en brist i jämförelsekörningen {baseline.run_id} "
                        f"({fdate(baseline.as_of)}), nu är resultatet {OUTCOME_LABELS[r.outcome].sv}: att bristen är "
                        "avhjälpt kan inte konstateras.",
                    )
                )
    missing = sorted(cid for cid, b in baseline.results.items() if b.outcome == str(Outcome.FAIL) and cid not in seen)
    if missing:
        warnings.append(
            Text(
                f"Vertailuajossa {baseline.run_id} puutteina olleita tarkastuksia ei tehty nyt: {', '.join(missing)}.",
                f"Granskningar som var brister i jämförelsekörningen {baseline.run_id} gjordes inte nu: "
                f"{', '.join(missing)}.",
            )
        )
    return warnings


def followup_counts(results: list[Result]) -> dict[str, int]:
    out = {NEW: 0, STILL_OPEN: 0, FIXED: 0}
    for r in results:
        if r.baseline in out:
            out[r.baseline] += 1
    return out
