"""Logging: a private file in the user log directory; every record is masked (identity codes), and the tool never
logs client data (only counts, check ids and exception types)."""

from __future__ import annotations

import logging
import os
from pathlib import Path


class MaskingFilter(logging.Filter):
    """Formats the message once (msg % args) and masks it, so no handler ever sees the raw arguments.

    Why not mask ``msg`` and each argument: a mapping argument (``log.info("%(x)s", {...})``) or a non-string
    argument holding a code (a dict, an exception) would slip through, and a formatting error makes ``logging``
    print the raw arguments to stderr.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        from avi_valvonta.identity import mask_identity_codes

        try:
            message = record.getMessage()
        except Exception:  # a bad format string: keep what was given, masked, instead of a logging error on stderr
            message = f"{record.msg} {record.args!r}"
        record.msg = mask_identity_codes(message)
        record.args = None
        return True


class MaskingFormatter(logging.Formatter):
    """Masks the whole formatted record: the message, an exception's traceback and message, the stack."""

    def format(self, record: logging.LogRecord) -> str:
        from avi_valvonta.identity import mask_identity_codes

        return mask_identity_codes(super().format(record))


def log_path() -> Path:
    from platformdirs import user_log_dir

    return Path(os.environ.get("VALVONTA_LOG_DIR") or user_log_dir("avi-valvonta", appauthor=False)) / "valvonta.log"


def configure(debug: bool = False) -> str:
    logger = logging.getLogger("avi_valvonta")
    if getattr(logger, "_valvonta_configured", False):
        return str(log_path())
    path = log_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
    handler = logging.FileHandler(path, encoding="utf-8", delay=True)
    handler.setFormatter(MaskingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(MaskingFilter())
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG if debug else logging.INFO)
    logger.propagate = False
    logger._valvonta_configured = True  # type: ignore[attr-defined]
    return str(path)
