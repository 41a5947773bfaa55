"""Where issued letters live, how they are written, and how they are hashed.

Issued PDFs are kept in a private directory (0700, files 0600) beside the SQLite database: ``<db dir>/decisions/``
(for the default database, the user data directory). With PostgreSQL the directory is ``decisions/`` in the user
data directory. ``VALVONTA_DECISIONS_DIR`` overrides both. The database stores the file's absolute path, the SHA-256
of its bytes and the SHA-256 of the frozen content (canonical JSON), which ``decision verify`` re-computes.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

DIR_ENV = "VALVONTA_DECISIONS_DIR"


def decisions_dir(db_url: str) -> Path:
    from sqlalchemy.engine import make_url

    override = os.environ.get(DIR_ENV)
    if override:
        path = Path(override)
    else:
        url = make_url(db_url)
        if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
            path = Path(url.database or "").resolve().parent / "decisions"
        else:
            from platformdirs import user_data_dir

            path = Path(user_data_dir("avi-valvonta", appauthor=False)) / "decisions"
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.chmod(path, 0o700)
    return path


def file_name(number: str, decision_id: str) -> str:
    """``LSSAVI/12/2024`` → ``LSSAVI-12-2024_<id>.pdf`` (the id keeps two databases' files apart)."""
    safe = "".join(c if c.isalnum() or c in "-_" else "-" for c in number.replace("/", "-"))
    return f"{safe}_{decision_id}.pdf"


def write_private(path: Path, data: bytes) -> None:
    """Atomically, 0600; never over an existing file (an issued letter is never replaced)."""
    if path.exists():
        raise FileExistsError(f"refusing to overwrite an issued letter: {path}")
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o600)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 16), b""):
            h.update(chunk)
    return h.hexdigest()


def canonical_json(data: Any) -> bytes:
    """Sorted keys, no whitespace, UTF-8: the same content always gives the same bytes (and hash)."""
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def data_sha256(data: Any) -> str:
    return sha256_bytes(canonical_json(data))
