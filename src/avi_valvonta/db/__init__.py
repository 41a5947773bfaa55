"""The tool's database: an SQLite file in the user data directory by default (0600), or a shared PostgreSQL
server for a team (``--db postgresql+psycopg://…`` or ``VALVONTA_DB``). Schema by alembic migrations, applied
automatically (under a lock, so parallel processes do not race) or with ``valvonta db upgrade``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from sqlalchemy import event, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError, OperationalError
from sqlmodel import Session, create_engine, select

from avi_valvonta.db.models import Decision, Run, RunResult
from avi_valvonta.errors import UsageError
from avi_valvonta.paths import default_db_path

DB_ENV = "VALVONTA_DB"
APP = "avi-valvonta"
# Test-only: seconds to sleep inside store_run's transaction, after the rows are flushed and before the commit, so
# that tests/test_crash_safety.py can SIGKILL the process mid-transaction. Unset outside those tests.
PAUSE_BEFORE_COMMIT_ENV = "VALVONTA_TEST_PAUSE_BEFORE_COMMIT"


def default_path() -> Path:
    return default_db_path()


def resolve_url(url: str | None = None) -> str:
    """``--db`` wins, then ``VALVONTA_DB``, then the private SQLite file in the user data directory."""
    url = url or os.environ.get(DB_ENV)
    if url:
        return url
    return f"sqlite:///{default_path()}"


def _prepare_sqlite_file(path: Path) -> None:
    """Create the database file private (0600) in a private directory before SQLite opens it."""
    if str(path) in ("", ":memory:"):
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.parent == default_path().parent:
        os.chmod(path.parent, 0o700)
    if not path.exists():
        fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
        os.close(fd)
    # A file owned by another user: leave it, SQLite will say what is wrong.
    with contextlib.suppress(PermissionError):
        os.chmod(path, 0o600)


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.close()


def make_engine(url: str) -> Engine:
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise UsageError(
            f"not a database URL: {url!r} (e.g. sqlite:///path/file.sqlite3 or postgresql+psycopg://user@host/db)"
        ) from None
    if parsed.get_backend_name() == "sqlite":
        _prepare_sqlite_file(Path(parsed.database or ""))
        engine = create_engine(url, connect_args={"timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    if parsed.get_backend_name() == "postgresql":
        return create_engine(url, pool_pre_ping=True)
    raise UsageError(f"unsupported database {parsed.get_backend_name()!r}: use SQLite or PostgreSQL")


@cache
def _heads() -> frozenset[str]:
    from alembic.script import ScriptDirectory

    return frozenset(ScriptDirectory.from_config(_alembic_config()).get_heads())


def _alembic_config() -> Any:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", "avi_valvonta.db:migrations")
    return cfg


def _current(conn: Any) -> frozenset[str]:
    # Ask first: on PostgreSQL a failed SELECT would abort the migration's transaction.
    from sqlalchemy import inspect

    if not inspect(conn).has_table("alembic_version"):
        return frozenset()
    return frozenset(r[0] for r in conn.execute(text("SELECT version_num FROM alembic_version")))


@contextmanager
def _migration_lock(engine: Engine) -> Iterator[None]:
    """An exclusive file lock beside an SQLite database (PostgreSQL uses an advisory lock instead)."""
    path = engine.url.database if engine.dialect.name == "sqlite" else None
    if not path or path == ":memory:":
        yield
        return
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: SQLite's own locking has to do
        yield
        return
    fd = os.open(f"{path}.lock", os.O_CREAT | os.O_RDWR, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


def ensure_schema(engine: Engine) -> None:
    """Upgrade to every head, under a lock: concurrent first use by several processes must not race."""
    with engine.connect() as probe:
        if _current(probe) == _heads():
            return
    from alembic import command

    with _migration_lock(engine), engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(4242424242)"))
        if _current(conn) == _heads():
            return
        cfg = _alembic_config()
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "heads")


@dataclass
class Database:
    url: str
    engine: Engine

    @contextmanager
    def session(self) -> Iterator[Session]:
        with Session(self.engine, expire_on_commit=False) as s:
            yield s

    def store_run(self, report: Any) -> None:
        """Store a whole run in one transaction: the database has all of it or none of it."""
        data = report.to_dict()  # masked
        run = Run(
            id=report.run_id,
            created_at=report.created_at,
            municipality_code=report.municipality["code"],
            municipality_name=report.municipality["name_fi"],
            period_start=report.period_start,
            period_end=report.period_end,
            as_of=report.as_of,
            bundle_path=str(data["inputs"].get("bundle", "")),  # masked: a folder name can carry a code
            tool_version=report.tool_version,
            plugins=report.plugins,
            rule_sets=list(report.regime.get("rule_sets", [])),
            options=data["options"],
            inputs=data["inputs"],
            proposal_measure=report.proposal.measure,
            proposal_deadline=report.proposal.deadline,
            failed=sum(1 for r in report.results if str(r.outcome) == "fail"),
            report=data,
        )
        rows = [
            RunResult(
                run_id=report.run_id,
                check_id=r["check_id"],
                area=r["area"],
                outcome=r["outcome"],
                severity=r["severity"],
                population=r["population"],
                affected=r["affected"],
                rate=r["rate"],
            )
            for r in data["results"]
        ]
        with self.session() as s:
            s.add(run)
            s.flush()
            s.add_all(rows)
            s.flush()
            _pause_before_commit()
            s.commit()

    def runs(self, municipality_code: str | None = None, limit: int = 100) -> list[Run]:
        with self.session() as s:
            q = select(Run).order_by(Run.created_at.desc(), Run.id.desc()).limit(limit)  # type: ignore[attr-defined]
            if municipality_code:
                q = q.where(Run.municipality_code == municipality_code)
            return list(s.exec(q))

    def run(self, run_id: str) -> Run | None:
        with self.session() as s:
            found = s.get(Run, run_id)
            if found is None:
                matches = list(s.exec(select(Run).where(Run.id.startswith(run_id)).limit(2)))  # type: ignore[attr-defined]
                if len(matches) == 1:
                    found = matches[0]
            return found

    def issued_orders(self, municipality_code: str) -> list[Any]:
        """Issued correction orders for a municipality, as the proposal ladder needs them (oldest first)."""
        from avi_valvonta.audit.proposal import PriorOrder

        with self.session() as s:
            q = (
                select(Decision)
                .where(Decision.municipality_code == municipality_code)
                .where(Decision.status == "issued")
                .where(Decision.measure == "correction_order")
                .order_by(Decision.decision_date)  # type: ignore[arg-type]
            )
            return [
                PriorOrder(
                    check_ids=frozenset(d.check_ids),
                    deadline=d.deadline,
                    sanction=d.sanction or "none",
                    reference=d.number or d.id,
                )
                for d in s.exec(q)
                if d.deadline is not None
            ]

    def latest_runs(self, since: dt.date | None = None) -> list[Run]:
        with self.session() as s:
            q = select(Run).order_by(Run.created_at.desc())  # type: ignore[attr-defined]
            if since:
                q = q.where(Run.created_at >= dt.datetime.combine(since, dt.time(), tzinfo=dt.UTC))
            return list(s.exec(q))


def _pause_before_commit() -> None:
    """The crash-safety test's window: the run and its result rows are written in an open transaction, not yet
    committed. The test waits for the line on stderr, kills the process, and checks that nothing of the run is
    there. Without the environment variable this is one dictionary lookup."""
    value = os.environ.get(PAUSE_BEFORE_COMMIT_ENV)
    if not value:
        return
    try:
        seconds = float(value)
    except ValueError:
        return
    sys.stderr.write(f"valvonta: {PAUSE_BEFORE_COMMIT_ENV}: pausing {seconds:g} s before commit\n")
    sys.stderr.flush()
    time.sleep(seconds)


def open_database(url: str | None = None, *, migrate: bool = True) -> Database:
    resolved = resolve_url(url)
    engine = make_engine(resolved)
    if migrate:
        try:
            ensure_schema(engine)
        except OperationalError as e:
            raise UsageError(f"cannot open the database {mask_url(resolved)}: {e.orig}") from None
    return Database(resolved, engine)


def mask_url(url: str) -> str:
    """The URL without its password (for messages and logs)."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "<invalid url>"
