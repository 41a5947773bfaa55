"""The Jinja2 environment of the tool's HTML pages (audit report, inspection plan): one for all.

Sandboxed and strict (a missing value is an error, never an empty gap), autoescaped; templates are named by their
folder in the templates package (``report/report.html.j2``) so pages can share ``shared/page.css``.
"""

from __future__ import annotations

from functools import cache
from typing import Any


@cache
def page_environment() -> Any:
    from jinja2 import PackageLoader, StrictUndefined
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    return ImmutableSandboxedEnvironment(
        loader=PackageLoader("avi_valvonta.templates", "."),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
