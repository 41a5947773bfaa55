"""Writers of the one audit report: every format renders the same :class:`AuditReport` objects, masked.

A writer is ``render(report, lang) -> bytes``. Built-in formats are looked up lazily (rich and Jinja2 are imported
only when used); plugins add formats with the ``register_output_formats`` hook.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

from avi_valvonta.errors import UsageError

Writer = Callable[[Any, str], bytes]

BUILTIN: dict[str, str] = {
    "json": "avi_valvonta.report.json_writer:render",
    "table": "avi_valvonta.report.table:render",
    "csv": "avi_valvonta.report.csv_writer:render",
    "md": "avi_valvonta.report.markdown:render",
    "html": "avi_valvonta.report.html:render",
}


def writer(name: str, extra: dict[str, Writer] | None = None) -> Writer:
    if extra and name in extra:
        return extra[name]
    target = BUILTIN.get(name)
    if target is None:
        known = ", ".join(sorted({*BUILTIN, *(extra or {})}))
        raise UsageError(f"unknown format {name!r} (available: {known})")
    module, attr = target.split(":")
    return getattr(importlib.import_module(module), attr)  # type: ignore[no-any-return]


def render(report: Any, fmt: str, lang: str | None = None, extra: dict[str, Writer] | None = None) -> bytes:
    return writer(fmt, extra)(report, lang or report.lang)
