"""avi-valvonta: supervision and compliance audits of municipal employment services.

The core knows no check; checks come from plugins (see :mod:`avi_valvonta.hookspecs`). Plugins import only
:mod:`avi_valvonta.api`.
"""

from __future__ import annotations

from functools import cache


@cache
def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("avi-valvonta")
    except PackageNotFoundError:  # pragma: no cover - running from a bare source tree
        return "0+unknown"


def __getattr__(name: str) -> str:
    # Looked up lazily: importlib.metadata costs ~30 ms, which `valvonta --help` should not pay.
    if name == "__version__":
        return _version()
    raise AttributeError(name)


__all__ = ["__version__"]
