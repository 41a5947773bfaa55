"""The ``valvonta`` command line (cli.md). Commands parse, call a service function, render: no logic here.

Sub-commands are imported lazily so that ``valvonta --help`` costs little more than importing click; plugin
commands (``register_commands`` hook) are resolved when invoked and listed by ``valvonta plugins``.
"""

from __future__ import annotations

import contextlib
import importlib
import logging
import os
import sys
from typing import Any

import click

# name → "module:attribute" (module relative to this package)
COMMANDS: dict[str, str] = {
    "audit": "audit_cmd:audit",
    "runs": "runs_cmd:runs",
    "show": "runs_cmd:show",
    "plugins": "catalogue_cmd:plugins",
    "checks": "catalogue_cmd:checks",
    "municipalities": "catalogue_cmd:municipalities",
    "db": "db_cmd:db",
    "complaint": "complaint_cmd:complaint",
    "decision": "decision_cmd:decision",
    "plan": "plan_cmd:plan",
    "indicators": "plan_cmd:indicators",
}

EXIT_OK, EXIT_FAIL_ON, EXIT_INPUT, EXIT_INTERNAL = 0, 1, 2, 3


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*COMMANDS, *super().list_commands(ctx)})

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in COMMANDS:
            module, attr = COMMANDS[name].split(":")
            return getattr(importlib.import_module(f"{__name__}.{module}"), attr)  # type: ignore[no-any-return]
        found = super().get_command(ctx, name)
        if found is None:
            found = _plugin_command(self, ctx, name)
        return found


def _plugin_command(group: click.Group, ctx: click.Context, name: str) -> click.Command | None:
    from avi_valvonta.plugins import load_plugins

    plugins = load_plugins()
    collector = click.Group()
    plugins.manager.hook.register_commands(cli=collector)
    return collector.commands.get(name)


def _version() -> str:
    from avi_valvonta import __version__

    return __version__


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--db",
    "db_url",
    envvar="VALVONTA_DB",
    metavar="URL",
    help="Database URL (SQLAlchemy). Default: a private SQLite file in the user data directory. "
    "A team: postgresql+psycopg://user@host/db. Env: VALVONTA_DB.",
)
@click.option(
    "--config",
    "config_path",
    envvar="VALVONTA_CONFIG",
    type=click.Path(dir_okay=False),
    help="Thresholds and settings (TOML). Env: VALVONTA_CONFIG.",
)
@click.option("--debug", is_flag=True, help="Show tracebacks of internal errors on screen.")
@click.version_option(version=None, package_name="avi-valvonta", prog_name="valvonta", message="%(prog)s %(version)s")
@click.pass_context
def cli(ctx: click.Context, db_url: str | None, config_path: str | None, debug: bool) -> None:
    """valvonta: supervision of municipal employment services (LSSAVI / Lupa- ja valvontavirasto).

    \b
    Example:
      valvonta audit Kokkola                 # audit ./cases/kokkola/
      valvonta audit Karleby --case DIR --format json --no-store
      valvonta checks                        # the check catalogue
    """
    ctx.obj = {"db_url": db_url, "config_path": config_path, "debug": debug}
    # Configured here, not at start-up: `valvonta --help` should cost little more than importing click.
    with contextlib.suppress(OSError):
        _setup_logging(debug)


def _setup_logging(debug: bool) -> str | None:
    """Log to a private file (masked); no client data goes there (see avi_valvonta.logs)."""
    from avi_valvonta.logs import configure

    return configure(debug)


def main(argv: list[str] | None = None) -> Any:
    debug = "--debug" in (argv if argv is not None else sys.argv[1:])
    try:
        rv = cli.main(args=argv, prog_name="valvonta", standalone_mode=False)
        code = rv if isinstance(rv, int) else EXIT_OK
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        code = EXIT_INPUT
    except click.ClickException as e:
        _show_masked(e)
        code = EXIT_INPUT
    except click.exceptions.Exit as e:
        code = e.exit_code
    except Exception as e:
        code = _report_exception(e, debug)
    sys.stdout.flush()
    if argv is None:
        sys.exit(code)
    return code


def _show_masked(e: click.ClickException) -> None:
    """click's own message (usage errors quote what was typed), masked like every message of the tool."""
    import io

    from avi_valvonta.identity import mask_identity_codes

    buf = io.StringIO()
    e.show(file=buf)
    click.echo(mask_identity_codes(buf.getvalue()), err=True, nl=False)


def _report_exception(e: Exception, debug: bool) -> int:
    from avi_valvonta.errors import ValvontaError
    from avi_valvonta.identity import mask_identity_codes

    if isinstance(e, ValvontaError):
        click.echo(f"valvonta: {mask_identity_codes(str(e))}", err=True)
        return e.exit_code
    if isinstance(e, BrokenPipeError):
        return EXIT_OK
    log_path: str | None = None
    with contextlib.suppress(OSError):
        log_path = _setup_logging(debug)
    logging.getLogger("avi_valvonta").exception("internal error: %s", type(e).__name__)
    where = f" (details: {log_path})" if log_path else ""
    click.echo(f"valvonta: internal error {type(e).__name__}{where}", err=True)
    if debug or os.environ.get("VALVONTA_DEBUG"):
        import traceback

        click.echo(mask_identity_codes(traceback.format_exc()), err=True)
    return EXIT_INTERNAL
