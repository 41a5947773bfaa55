"""Indicators from the plugins (``risk_indicators`` hook), one plugin at a time: a plugin that fails or returns
something that is not an indicator is reported by name in the plan's warnings, and the others still count."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from avi_valvonta.api import Indicator, RiskHistory
from avi_valvonta.i18n import Text
from avi_valvonta.planning.indicators import IndicatorValue


@dataclass
class PluginIndicators:
    values: list[tuple[str, IndicatorValue]] = field(default_factory=list)
    labels: dict[str, Text] = field(default_factory=dict)
    warnings: list[Text] = field(default_factory=list)


def _valid(item: Any) -> bool:
    value = getattr(item, "value", None)
    return (
        isinstance(item, Indicator)
        and isinstance(item.id, str)
        and bool(item.id)
        and isinstance(value, int | float)
        and not isinstance(value, bool)
        and math.isfinite(value)
        and isinstance(item.source, str)
    )


def plugin_indicators(plugins: Any, histories: dict[str, RiskHistory], codes: Iterable[str]) -> PluginIndicators:
    """Ask every plugin about every municipality in ``codes`` (those without any history get an empty one)."""
    out = PluginIndicators()
    failed: dict[str, str] = {}
    given: dict[str, list[tuple[str, IndicatorValue]]] = {}
    impls = plugins.manager.hook.risk_indicators.get_hookimpls()
    for code in sorted(codes):
        history = histories.get(code) or RiskHistory(code)
        if not history.runs and not history.complaints:
            continue  # the plugins read stored runs and complaints: nothing to say about a unit without any
        for impl in impls:
            name = impl.plugin_name
            if name in failed:
                continue
            try:
                returned = impl.function(municipality=code, history=history) or []
                items = list(returned)
            except Exception as e:  # a plugin's bug must not stop the plan
                failed[name] = f"{type(e).__name__}: {e}"
                continue
            for item in items:
                if not _valid(item):
                    failed[name] = f"returned {type(item).__name__}, not an Indicator with a numeric value"
                    break
                value = IndicatorValue(item.id, float(item.value), item.source, item.date, f"plugin:{name}", item.label)
                given.setdefault(name, []).append((code, value))
    # All or nothing per plugin: half of a plugin's answers would rank municipalities unevenly.
    for name in sorted(given):
        if name in failed:
            continue
        for code, value in given[name]:
            out.values.append((code, value))
            if value.label is not None:
                out.labels.setdefault(value.id, value.label)
    for name, problem in sorted(failed.items()):
        out.warnings.append(
            Text(
                f"laajennuksen {name} riski-indikaattorit jätettiin pois: {problem}",
                f"tillägget {name}s riskindikatorer lämnades bort: {problem}",
            )
        )
    return out
