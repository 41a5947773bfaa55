"""Every hook a plugin can implement. Each has a docstring: a test fails when one does not.

A plugin is a module (or object) registered under the entry-point group ``avi_valvonta``; it implements hooks with
the :data:`hookimpl` marker (re-exported as ``avi_valvonta.api.hookimpl``). The built-in plugins are registered
exactly like a third-party one::

    [project.entry-points.avi_valvonta]
    my_checks = "my_package.checks"

No registration happens at import time: the core calls the hooks when it needs them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pluggy

if TYPE_CHECKING:
    from avi_valvonta.api import ComplaintView, Indicator, RiskHistory, Topic

PROJECT = "avi_valvonta"
hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)


@hookspec
def register_checks(register: Callable[..., None]) -> None:
    """Register the plugin's checks.

    Call ``register(meta, implementation)`` once per check, where ``meta`` is a
    :class:`avi_valvonta.api.CheckMeta` (id, area, titles in Finnish AND Swedish, legal basis, severity, population
    unit, options) and ``implementation`` is either a function ``run(ctx: AuditContext) -> Result`` or a subclass of
    :class:`avi_valvonta.api.StreamingCheck` (for checks that look at every client or access-log row: they share
    one pass over the data). The metadata is validated when the plugin loads: a plugin with a bad check (duplicate
    id, unknown area, a title missing a language, no legal basis) is rejected as a whole and reported by name; the
    other plugins still run.
    """


@hookspec
def classify_complaint(complaint: ComplaintView) -> list[Topic]:
    """Say which areas a complaint touches.

    ``complaint`` carries the text, the complainant's language, the target and the municipality. Return a list of
    :class:`avi_valvonta.api.Topic` (area, reason in fi/sv, the words that triggered it); an empty list when the
    plugin recognises nothing. Used by complaint screening; results of all plugins are combined.
    """
    return []


@hookspec
def risk_indicators(municipality: str, history: RiskHistory) -> list[Indicator]:
    """Contribute risk indicators for one municipality (code) to the inspection plan.

    ``history`` gives the municipality's stored audit results (latest run first) and complaints. Return
    :class:`avi_valvonta.api.Indicator` values (id, value, source, date); an indicator the weights file does not name
    is shown but weighs 0.
    """
    return []


@hookspec
def register_templates(register: Callable[[str, Any], None]) -> None:
    """Add Jinja2 template directories: ``register(name, path)``.

    Templates found there override or add letter and report templates (``fi/``, ``sv/`` sub-folders as in the
    project's ``templates/``). They are rendered in Jinja's sandbox with strict undefined variables.
    """


@hookspec
def register_commands(cli: Any) -> None:
    """Add sub-commands to the ``valvonta`` click group (``cli.add_command(...)``).

    Commands must follow the CLI contract: results to stdout, errors to stderr, exit 2 for a user's mistake.
    """


@hookspec
def register_output_formats(register: Callable[[str, Callable[..., bytes]], None]) -> None:
    """Add report formats: ``register(name, render)`` where ``render(report, lang) -> bytes``.

    ``report`` is the :class:`avi_valvonta.api.AuditReport` every built-in writer renders; a format must mask
    identity codes like the built-ins do (``avi_valvonta.api.mask_identity_codes``).
    """
