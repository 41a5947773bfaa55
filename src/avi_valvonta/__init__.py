"""avi-valvonta: supervision and compliance audits of municipal employment services.

The core knows no check; checks come from plugins (see :mod:`avi_valvonta.hookspecs`). Plugins import only
:mod:`avi_valvonta.api`.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("avi-valvonta")
except PackageNotFoundError:  # pragma: no cover - running from a bare source tree
    __version__ = "0+unknown"

__all__ = ["__version__"]
