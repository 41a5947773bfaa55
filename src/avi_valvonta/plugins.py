"""The plugin manager: entry points of the group ``avi_valvonta`` (built-ins included), ``-p no:NAME``, and an
allow-list in the environment variable ``VALVONTA_PLUGINS`` (comma-separated names; unset = all).

Checks are collected per plugin and their metadata validated: a plugin with one bad check is rejected as a whole and
reported by name, the others still run.
"""

from __future__ import annotations

import inspect
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib.metadata import entry_points
from typing import Any

import pluggy

from avi_valvonta import hookspecs
from avi_valvonta.checks import CheckMeta, StreamingCheck
from avi_valvonta.i18n import Text

GROUP = "avi_valvonta"
ALLOW_ENV = "VALVONTA_PLUGINS"


@dataclass
class PluginInfo:
    name: str
    version: str
    module: str
    status: str = "loaded"  # loaded | disabled | rejected | failed
    problem: str | None = None
    checks: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class RegisteredCheck:
    meta: CheckMeta
    implementation: Any  # function run(ctx) -> Result, or a StreamingCheck subclass
    plugin: str

    @property
    def streaming(self) -> bool:
        return inspect.isclass(self.implementation) and issubclass(self.implementation, StreamingCheck)


@dataclass
class Plugins:
    manager: pluggy.PluginManager
    info: dict[str, PluginInfo]
    checks: dict[str, RegisteredCheck]

    def versions(self) -> dict[str, str]:
        return {n: i.version for n, i in sorted(self.info.items()) if i.status == "loaded"}

    def problems(self) -> list[Text]:
        return [
            Text(f"laajennus {i.name} hylättiin: {i.problem}", f"tillägget {i.name} avvisades: {i.problem}")
            for i in self.info.values()
            if i.status in ("rejected", "failed")
        ]


def _allowed_from_env() -> set[str] | None:
    raw = os.environ.get(ALLOW_ENV)
    if raw is None or not raw.strip():
        return None
    return {x.strip() for x in raw.split(",") if x.strip()}


def _version_of(module: Any, ep: Any) -> str:
    version = getattr(module, "__version__", None)
    if version:
        return str(version)
    dist = getattr(ep, "dist", None)
    return str(dist.version) if dist is not None else "unknown"


def _validate_impl(meta: CheckMeta, impl: Any) -> list[str]:
    if inspect.isclass(impl):
        if not issubclass(impl, StreamingCheck):
            return [f"{meta.id}: a class implementation must subclass StreamingCheck"]
        return []
    if not callable(impl):
        return [f"{meta.id}: the implementation must be a function run(ctx) or a StreamingCheck class"]
    return []


def _constant(obj: Any) -> Callable[[], Any]:
    return lambda: obj


def load_plugins(
    disabled: Iterable[str] = (),
    *,
    extra: Iterable[tuple[str, Any]] = (),
    allow: set[str] | None = None,
) -> Plugins:
    """Discover, register and validate plugins. ``extra``: (name, module/object) pairs registered as well."""
    disabled = set(disabled)
    allowed = allow if allow is not None else _allowed_from_env()
    pm = pluggy.PluginManager(hookspecs.PROJECT)
    pm.add_hookspecs(hookspecs)
    info: dict[str, PluginInfo] = {}
    candidates: list[tuple[str, Any, Callable[[], Any]]] = []
    for ep in sorted(entry_points(group=GROUP), key=lambda e: e.name):
        candidates.append((ep.name, ep, ep.load))
    for name, obj in extra:
        candidates.append((name, None, _constant(obj)))
    for name, ep, load in candidates:
        if name in info:
            continue
        if name in disabled or (allowed is not None and name not in allowed):
            info[name] = PluginInfo(name, "", getattr(ep, "value", name), status="disabled")
            continue
        try:
            module = load()
        except Exception as e:
            info[name] = PluginInfo(name, "", getattr(ep, "value", name), "failed", f"cannot be loaded: {e}")
            continue
        try:
            pm.register(module, name=name)
        except Exception as e:
            info[name] = PluginInfo(name, "", getattr(ep, "value", name), "failed", f"invalid hooks: {e}")
            continue
        info[name] = PluginInfo(name, _version_of(module, ep), getattr(module, "__name__", name))
    checks = _collect_checks(pm, info)
    return Plugins(pm, info, checks)


def _collect_checks(pm: pluggy.PluginManager, info: dict[str, PluginInfo]) -> dict[str, RegisteredCheck]:
    checks: dict[str, RegisteredCheck] = {}
    for impl in pm.hook.register_checks.get_hookimpls():
        name = impl.plugin_name
        collected: list[tuple[Any, Any]] = []

        def register(meta: Any, implementation: Any, _collected: list[tuple[Any, Any]] = collected) -> None:
            _collected.append((meta, implementation))

        try:
            impl.function(register=register)
        except Exception as e:
            _reject(pm, info, name, f"register_checks failed: {e}")
            continue
        problems: list[str] = []
        seen: set[str] = set()
        for meta, implementation in collected:
            if not isinstance(meta, CheckMeta):
                problems.append(f"register() needs a CheckMeta, got {type(meta).__name__}")
                continue
            problems += meta.problems()
            problems += _validate_impl(meta, implementation)
            if meta.id in checks or meta.id in seen:
                owner = checks[meta.id].plugin if meta.id in checks else name
                problems.append(f"check id {meta.id} is already registered by plugin {owner}")
            seen.add(meta.id)
        if problems:
            _reject(pm, info, name, "; ".join(problems))
            continue
        for meta, implementation in collected:
            checks[meta.id] = RegisteredCheck(meta, implementation, name)
            info[name].checks.append(meta.id)
    return checks  # registration order = catalogue order


def _reject(pm: pluggy.PluginManager, info: dict[str, PluginInfo], name: str, problem: str) -> None:
    plugin = pm.get_plugin(name)
    if plugin is not None:
        pm.unregister(plugin)
    info[name].status = "rejected"
    info[name].problem = problem
    info[name].checks = []
