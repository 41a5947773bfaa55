"""Logging: a private file in the user log directory; every record is masked (identity codes), and the tool never
logs client data (only counts, check ids and exception types)."""

from __future__ import annotations

import logging
import os
from pathlib import Path


class MaskingFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        from avi_valvonta.identity import mask_identity_codes

        record.msg = mask_identity_codes(str(record.msg))
        if record.args:
            args = record.args if isinstance(record.args, tuple) else (record.args,)
            record.args = tuple(mask_identity_codes(a) if isinstance(a, str) else a for a in args)
        return True


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
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(MaskingFilter())
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG if debug else logging.INFO)
    logger.propagate = False
    logger._valvonta_configured = True  # type: ignore[attr-defined]
    return str(path)
