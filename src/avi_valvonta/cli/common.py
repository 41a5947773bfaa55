"""Helpers shared by commands: settings, database, output files, formats."""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
import tempfile
import tomllib
from pathlib import Path
from typing import Any

import click

from avi_valvonta.errors import UsageError


def settings(ctx: click.Context) -> dict[str, Any]:
    root = ctx.find_root()
    return root.obj or {}


def load_config(ctx: click.Context) -> dict[str, Any]:
    """The TOML settings file (``--config``/``VALVONTA_CONFIG``, else ``config.toml`` in the user config dir)."""
    path = settings(ctx).get("config_path")
    if not path:
        from platformdirs import user_config_dir

        default = Path(user_config_dir("avi-valvonta", appauthor=False)) / "config.toml"
        if not default.is_file():
            return {}
        path = str(default)
    try:
        return tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UsageError(f"config file not found: {path}") from None
    except tomllib.TOMLDecodeError as e:
        raise UsageError(f"{path}: not valid TOML: {e}") from None


def database(ctx: click.Context) -> Any:
    from avi_valvonta.db import open_database

    return open_database(settings(ctx).get("db_url"))


def database_exists(ctx: click.Context) -> bool:
    """False only for an SQLite URL whose file is not there yet (a server database always counts as existing)."""
    import os

    url = settings(ctx).get("db_url") or os.environ.get("VALVONTA_DB")
    if url is None:
        from avi_valvonta.paths import default_db_path

        return default_db_path().exists()
    if url.startswith("sqlite:///"):
        return Path(url.removeprefix("sqlite:///")).exists()
    return True


def parse_date(value: str | None, option: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"{option}: not a date YYYY-MM-DD: {value!r}") from None


def write_output(data: bytes, output: str | None) -> None:
    """To stdout, or atomically to a file (a half-written report is worse than none)."""
    if not output or output == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    target = Path(output)
    if target.parent and not target.parent.exists():
        raise UsageError(f"--output: folder does not exist: {target.parent}")
    fd, tmp = tempfile.mkstemp(dir=target.parent or Path("."), prefix=f".{target.name}.")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o600)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def echo_json(data: Any) -> None:
    from avi_valvonta.identity import mask_data

    click.echo(json.dumps(mask_data(data), ensure_ascii=False, indent=2, default=str))


def list_console() -> Any:
    """A console for listings: the terminal's width, or the COLUMNS variable, or 140 when output is piped."""
    import os
    import shutil

    from rich.console import Console

    width = int(os.environ.get("COLUMNS") or shutil.get_terminal_size((140, 40)).columns)
    return Console(no_color=True, highlight=False, width=width)
