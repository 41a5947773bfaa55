"""A throwaway PostgreSQL 15 server for the database tests (started once per test session, stopped at its end).

The commands are those measured in ``../shared/notes/measured-facts.md``: ``initdb`` (as the ``postgres`` user when
the tests run as root, as in CI), ``pg_ctl`` on port 54329 (another free port when that one is taken, e.g. by a
parallel test run), ``fsync=off``, trust authentication on 127.0.0.1 only, and the socket in the private data
directory (under ``/dev/shm`` when the machine has it). Each test gets a fresh database, cloned from a migrated
template (``CREATE DATABASE … TEMPLATE``: a fraction of a second instead of running the migrations again).

``VALVONTA_TEST_PG_URL`` (a server URL whose user may create databases) uses an existing server instead. When
neither that nor the binaries exist, PostgreSQL tests are skipped with the reason; CI installs the binaries
(``.ci/run``), so there they always run.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

PG_BIN = Path(os.environ.get("VALVONTA_PG_BIN", "/usr/lib/postgresql/15/bin"))
PORT = 54329
URL_ENV = "VALVONTA_TEST_PG_URL"
TEMPLATE = "valvonta_template"


def _free_port(preferred: int) -> int:
    for port in (preferred, 0):
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return int(s.getsockname()[1])
    raise RuntimeError("no free port")


class PgServer:
    """A PostgreSQL cluster in a temporary directory, or an existing server from ``VALVONTA_TEST_PG_URL``."""

    def __init__(self) -> None:
        self.base_url = os.environ.get(URL_ENV, "")
        self.directory: Path | None = None
        self.port = 0
        self._template_ready = False

    # -- the server -------------------------------------------------------------------------------------------

    @staticmethod
    def available() -> str | None:
        """None when a server can be had, else why not."""
        if os.environ.get(URL_ENV):
            return None
        if not (PG_BIN / "initdb").exists():
            return f"PostgreSQL 15 binaries not found in {PG_BIN} (CI installs postgresql-15: .ci/run)"
        if os.geteuid() == 0 and shutil.which("runuser") is None:
            return "running as root without runuser: initdb cannot run as the postgres user"
        return None

    def _as_server_user(self, *args: str) -> list[str]:
        if os.geteuid() == 0:
            return ["runuser", "-u", "postgres", "--", *args]
        return list(args)

    def start(self) -> None:
        if self.base_url:
            return
        # In memory-backed /dev/shm when there is one: initdb and the clean-up write and delete ~1 000 files.
        shm = Path("/dev/shm")
        parent = shm if shm.is_dir() and os.access(shm, os.W_OK) else None
        self.directory = Path(tempfile.mkdtemp(prefix="valvonta-pg-", dir=parent))
        (self.directory / "sock").mkdir()
        if os.geteuid() == 0:
            shutil.chown(self.directory, "postgres")
            shutil.chown(self.directory / "sock", "postgres")
        data = self.directory / "data"
        subprocess.run(
            self._as_server_user(
                str(PG_BIN / "initdb"),
                "-D",
                str(data),
                "-U",
                "postgres",
                "--auth=trust",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
            ),
            check=True,
            capture_output=True,
            timeout=120,
        )
        self.port = _free_port(PORT)
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.directory / 'sock'} -c fsync=off"
        options += " -c max_connections=100"
        subprocess.run(
            self._as_server_user(
                str(PG_BIN / "pg_ctl"),
                "-D",
                str(data),
                "-l",
                str(self.directory / "server.log"),
                "-w",
                "-o",
                options,
                "start",
            ),
            check=True,
            capture_output=True,
            timeout=120,
        )
        self.base_url = f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"
        atexit.register(self.stop)

    def stop(self) -> None:
        if self.directory is None:
            return
        directory, self.directory = self.directory, None
        # An immediate stop of a throwaway server; pg_ctl's own -w wait polls slowly, so wait for the pid file here.
        with contextlib.suppress(Exception):
            subprocess.run(
                self._as_server_user(str(PG_BIN / "pg_ctl"), "-D", str(directory / "data"), "-m", "immediate", "stop"),
                check=False,
                capture_output=True,
                timeout=60,
            )
        deadline = time.monotonic() + 30
        while (directory / "data" / "postmaster.pid").exists() and time.monotonic() < deadline:
            time.sleep(0.02)
        shutil.rmtree(directory, ignore_errors=True)

    # -- databases --------------------------------------------------------------------------------------------

    def url(self, database: str) -> str:
        from sqlalchemy.engine import make_url

        return make_url(self.base_url).set(database=database).render_as_string(hide_password=False)

    def _admin(self, *statements: str) -> None:
        from sqlalchemy import create_engine, text

        engine = create_engine(self.base_url, isolation_level="AUTOCOMMIT")
        try:
            with engine.connect() as conn:
                for statement in statements:
                    conn.execute(text(statement))
        finally:
            engine.dispose()

    def _template(self) -> None:
        if self._template_ready:
            return
        from avi_valvonta.db import open_database

        self._admin(f"DROP DATABASE IF EXISTS {TEMPLATE} WITH (FORCE)", f"CREATE DATABASE {TEMPLATE}")
        db = open_database(self.url(TEMPLATE))  # runs the migrations
        db.engine.dispose()
        self._template_ready = True

    def create_database(self) -> str:
        """A fresh, migrated database; returns its URL."""
        self._template()
        name = f"t_{uuid.uuid4().hex[:12]}"
        self._admin(f"CREATE DATABASE {name} TEMPLATE {TEMPLATE}")
        return self.url(name)

    def drop_database(self, url: str) -> None:
        from sqlalchemy.engine import make_url

        self._admin(f"DROP DATABASE IF EXISTS {make_url(url).database} WITH (FORCE)")


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    why = PgServer.available()
    if why is not None:
        pytest.skip(why)
    server = PgServer()
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The test's database URL, once on SQLite and once on PostgreSQL (also set as ``VALVONTA_DB``)."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'valvonta.sqlite3'}"
        monkeypatch.setenv("VALVONTA_DB", url)
        yield url
        return
    server: PgServer = request.getfixturevalue("pg_server")
    url = server.create_database()
    monkeypatch.setenv("VALVONTA_DB", url)
    try:
        yield url
    finally:
        server.drop_database(url)
