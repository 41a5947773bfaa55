"""The weights of the risk score (TOML): transparent, configurable, validated with the file and key in every message.

The defaults ship as package data (``planning/data/weights.toml``, which documents the arithmetic); a file given with
``--weights`` changes only what it names. Nothing here computes a score: see :mod:`avi_valvonta.planning.score`.
"""

from __future__ import annotations

import math
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

from avi_valvonta.errors import UsageError

ROLES = ("likelihood", "impact")
SCALES = ("linear", "sqrt", "log")
AGGREGATES = ("sum", "max", "min", "mean")
KINDS = ("desk", "onsite")
DEFAULT_SOURCE = "default weights"
INDICATOR_KEYS = {"weight", "zero_at", "full_at", "scale", "aggregate"}
PLAN_KEYS = {
    "desk_days",
    "onsite_days",
    "onsite_bands",
    "onsite_share",
    "follow_up_kind",
    "random_kind",
    "random_share",
}
RECORD_KEYS = {"complaints_months", "measures_months"}


@dataclass(frozen=True)
class IndicatorWeight:
    """How one indicator counts: its weight and how a raw value maps onto 0…1."""

    id: str
    role: str  # likelihood | impact
    weight: float
    full_at: float = 1.0
    zero_at: float = 0.0
    scale: str = "linear"
    aggregate: str = "mean"

    def normalise(self, value: float) -> float:
        """0 at or below ``zero_at``, 1 at or above ``full_at``; ``scale`` bends the way between."""
        if self.scale == "log":
            if value <= 0:
                return 0.0
            return min(1.0, math.log1p(value) / math.log1p(self.full_at))
        share = (value - self.zero_at) / (self.full_at - self.zero_at)
        share = min(1.0, max(0.0, share))
        return math.sqrt(share) if self.scale == "sqrt" else share

    def to_dict(self) -> dict[str, Any]:
        return {
            "weight": self.weight,
            "zero_at": self.zero_at,
            "full_at": self.full_at,
            "scale": self.scale,
            "aggregate": self.aggregate,
        }


@dataclass(frozen=True)
class PlanSettings:
    desk_days: float = 2
    onsite_days: float = 6
    onsite_bands: tuple[str, ...] = ("high",)
    onsite_share: float = 0.4
    follow_up_kind: str = "desk"
    random_kind: str = "desk"
    random_share: float = 0.10

    def days(self, kind: str) -> float:
        return self.onsite_days if kind == "onsite" else self.desk_days


@dataclass(frozen=True)
class RecordSettings:
    complaints_months: int = 12
    measures_months: int = 36


@dataclass(frozen=True)
class Weights:
    likelihood: dict[str, IndicatorWeight]
    impact: dict[str, IndicatorWeight]
    impact_floor: float
    impact_missing: float
    bands: tuple[tuple[str, float], ...]  # highest threshold first
    plan: PlanSettings
    records: RecordSettings
    source: str = DEFAULT_SOURCE

    def get(self, indicator_id: str) -> IndicatorWeight | None:
        return self.likelihood.get(indicator_id) or self.impact.get(indicator_id)

    def aggregate_of(self, indicator_id: str) -> str:
        found = self.get(indicator_id)
        return found.aggregate if found else "mean"

    def band(self, score: float) -> str:
        for name, threshold in self.bands:
            if score >= threshold:
                return name
        return "low"

    @property
    def band_names(self) -> tuple[str, ...]:
        return (*(name for name, _ in self.bands), "low")

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "likelihood": {k: w.to_dict() for k, w in self.likelihood.items()},
            "impact": {
                "floor": self.impact_floor,
                "missing": self.impact_missing,
                "indicators": {k: w.to_dict() for k, w in self.impact.items()},
            },
            "bands": dict(self.bands),
            "plan": {
                "desk_days": self.plan.desk_days,
                "onsite_days": self.plan.onsite_days,
                "onsite_bands": list(self.plan.onsite_bands),
                "onsite_share": self.plan.onsite_share,
                "follow_up_kind": self.plan.follow_up_kind,
                "random_kind": self.plan.random_kind,
                "random_share": self.plan.random_share,
            },
            "records": {
                "complaints_months": self.records.complaints_months,
                "measures_months": self.records.measures_months,
            },
        }


@cache
def _default_data() -> dict[str, Any]:
    text = files("avi_valvonta.planning").joinpath("data", "weights.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


class _Checker:
    """Validation with the file and the TOML key in every message (exit 2 via UsageError)."""

    def __init__(self, where: str) -> None:
        self.where = where

    def fail(self, key: str, message: str) -> UsageError:
        return UsageError(f"{self.where}: {key}: {message}")

    def number(self, key: str, value: Any, *, low: float | None = None, high: float | None = None) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            raise self.fail(key, f"must be a number, not {value!r}")
        if (low is not None and value < low) or (high is not None and value > high):
            span = f"from {low} to {high}" if high is not None else f"at least {low}"
            raise self.fail(key, f"must be {span}, not {value!r}")
        return float(value)

    def table(self, key: str, value: Any) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(key, f"must be a table ([{key}]), not {value!r}")
        return value

    def known(self, key: str, table: dict[str, Any], allowed: set[str]) -> None:
        for k in table:
            if k not in allowed:
                raise self.fail(f"{key}.{k}", f"unknown setting (known: {', '.join(sorted(allowed))})")

    def choice(self, key: str, value: Any, allowed: tuple[str, ...]) -> str:
        if value not in allowed:
            raise self.fail(key, f"must be one of {', '.join(allowed)}, not {value!r}")
        return str(value)


def _indicator(check: _Checker, role: str, key: str, indicator_id: str, spec: Any) -> IndicatorWeight:
    spec = check.table(key, spec)
    check.known(key, spec, INDICATOR_KEYS)
    if "weight" not in spec:
        raise check.fail(key, "needs a weight")
    weight = check.number(f"{key}.weight", spec["weight"], low=0)
    zero_at = check.number(f"{key}.zero_at", spec.get("zero_at", 0.0))
    full_at = check.number(f"{key}.full_at", spec.get("full_at", 1.0))
    scale = check.choice(f"{key}.scale", spec.get("scale", "linear"), SCALES)
    if full_at <= zero_at:
        raise check.fail(key, f"full_at ({full_at:g}) must be above zero_at ({zero_at:g})")
    if scale == "log" and (zero_at != 0 or full_at <= 0):
        raise check.fail(key, 'scale "log" counts from 0: leave zero_at out and give a positive full_at')
    aggregate = check.choice(f"{key}.aggregate", spec.get("aggregate", "mean"), AGGREGATES)
    return IndicatorWeight(indicator_id, role, weight, full_at, zero_at, scale, aggregate)


def _build(data: dict[str, Any], where: str) -> Weights:
    check = _Checker(where)
    check.known("(top level)", data, {"likelihood", "impact", "bands", "plan", "records"})
    likelihood = {
        k: _indicator(check, "likelihood", f"likelihood.{k}", k, v)
        for k, v in check.table("likelihood", data.get("likelihood", {})).items()
    }
    if not any(w.weight > 0 for w in likelihood.values()):
        raise check.fail("likelihood", "at least one indicator needs a weight above 0")
    impact_table = check.table("impact", data.get("impact", {}))
    check.known("impact", impact_table, {"floor", "missing", "indicator"})
    impact = {
        k: _indicator(check, "impact", f"impact.indicator.{k}", k, v)
        for k, v in check.table("impact.indicator", impact_table.get("indicator", {})).items()
    }
    both = sorted(set(likelihood) & set(impact))
    if both:
        raise check.fail(f"impact.indicator.{both[0]}", "is also a likelihood indicator: an indicator has one role")
    floor = check.number("impact.floor", impact_table.get("floor", 0.25), low=0, high=1)
    missing = check.number("impact.missing", impact_table.get("missing", 0.5), low=0, high=1)

    bands_table = check.table("bands", data.get("bands", {}))
    bands = []
    for name, threshold in bands_table.items():
        if name == "low":
            raise check.fail("bands.low", '"low" is what falls below every threshold: it takes no threshold')
        bands.append((name, check.number(f"bands.{name}", threshold, low=0, high=100)))
    bands.sort(key=lambda b: -b[1])

    plan_table = check.table("plan", data.get("plan", {}))
    check.known("plan", plan_table, PLAN_KEYS)
    band_names = {name for name, _ in bands} | {"low"}
    onsite_bands = plan_table.get("onsite_bands", ["high"])
    if not isinstance(onsite_bands, list) or any(b not in band_names for b in onsite_bands):
        raise check.fail("plan.onsite_bands", f"must list band names ({', '.join(sorted(band_names))})")
    plan = PlanSettings(
        desk_days=check.number("plan.desk_days", plan_table.get("desk_days", 2), low=0.5, high=365),
        onsite_days=check.number("plan.onsite_days", plan_table.get("onsite_days", 6), low=0.5, high=365),
        onsite_bands=tuple(onsite_bands),
        onsite_share=check.number("plan.onsite_share", plan_table.get("onsite_share", 0.4), low=0, high=1),
        follow_up_kind=check.choice("plan.follow_up_kind", plan_table.get("follow_up_kind", "desk"), KINDS),
        random_kind=check.choice("plan.random_kind", plan_table.get("random_kind", "desk"), KINDS),
        random_share=check.number("plan.random_share", plan_table.get("random_share", 0.10), low=0, high=1),
    )

    records_table = check.table("records", data.get("records", {}))
    check.known("records", records_table, RECORD_KEYS)
    months = {}
    for key in sorted(RECORD_KEYS):
        value = records_table.get(key, getattr(RecordSettings, key))
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise check.fail(f"records.{key}", f"must be a whole number of months of at least 1, not {value!r}")
        months[key] = value
    return Weights(likelihood, impact, floor, missing, tuple(bands), plan, RecordSettings(**months), where)


def load_weights(path: str | Path | None = None) -> Weights:
    """The default weights, changed by the file at ``path`` where it names something."""
    data = _default_data()
    if path is None:
        return _build(data, DEFAULT_SOURCE)
    where = str(path)
    try:
        over = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UsageError(f"--weights: file not found: {where}") from None
    except (UnicodeDecodeError, IsADirectoryError, PermissionError) as e:
        raise UsageError(f"--weights: cannot read {where}: {e}") from None
    except tomllib.TOMLDecodeError as e:
        raise UsageError(f"{where}: not valid TOML: {e}") from None
    return _build(_merge(data, over), where)
