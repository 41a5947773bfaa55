"""``valvonta audit KUNTA``: run every check on a municipality's case bundle (cli.md)."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from avi_valvonta.cli.common import database, database_exists, load_config, parse_date, settings, write_output
from avi_valvonta.errors import UsageError

FORMATS = ["table", "json", "csv", "html", "md"]
SEVERITIES = ["low", "medium", "high", "critical"]


@contextmanager
def progress_display(enabled: bool) -> Iterator[Callable[[str, int], None] | None]:
    """A progress display on stderr (never on stdout), only for a terminal."""
    if not enabled or not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    labels = {
        "clients": "asiakkaat / klienter",
        "access": "lokirivit / loggrader",
        "check": "tarkastukset",
        "documents": "sivut / sidor",
    }
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TextColumn("{task.completed:,}"),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as bar:
        tasks: dict[str, Any] = {}

        def update(kind: str, count: int) -> None:
            label = labels.get(kind, kind)
            if label not in tasks:
                tasks[label] = bar.add_task(label, total=None)
            if kind in ("check", "documents"):
                bar.advance(tasks[label], count)
            else:
                bar.update(tasks[label], completed=count)

        yield update


def _disabled_plugins(values: tuple[str, ...]) -> tuple[str, ...]:
    out = []
    for v in values:
        if not v.startswith("no:") or len(v) <= 3:
            raise UsageError(f"-p takes no:PLUGIN (to disable a plugin), not {v!r}")
        out.append(v[3:])
    return tuple(out)


@click.command()
@click.argument("kunta")
@click.option(
    "--case",
    "case_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="The case bundle folder. Default: ./cases/<slug-of-KUNTA>/",
)
@click.option("--as-of", "as_of", metavar="DATE", help="Override as_of of bundle.toml (YYYY-MM-DD).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
@click.option("--output", "-o", metavar="FILE", help="Write the report to FILE instead of stdout.")
@click.option("--lang", type=click.Choice(["fi", "sv"]), help="Report language. Default: per the language law.")
@click.option("--check", "checks", multiple=True, metavar="ID", help="Only these checks (wildcards: EQ-*).")
@click.option("--skip-check", "skip_checks", multiple=True, metavar="ID", help="Skip these checks (wildcards).")
@click.option("-p", "plugin_opts", multiple=True, metavar="no:PLUGIN", help="Disable a plugin: -p no:privacy")
@click.option(
    "--waivers",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Waivers file (TOML or YAML): accepted findings, shown as muted.",
)
@click.option(
    "--baseline",
    metavar="RUN_ID|FILE",
    help="Follow-up: mark findings new / still open / fixed against an earlier run (id or JSON report).",
)
@click.option(
    "--fail-on",
    "fail_on",
    type=click.Choice(SEVERITIES),
    help="Exit 1 when a fail of this severity or worse is found.",
)
@click.option("--no-store", is_flag=True, help="Do not record the run in the database.")
@click.pass_context
def audit(
    ctx: click.Context,
    kunta: str,
    case_dir: Path | None,
    as_of: str | None,
    fmt: str,
    output: str | None,
    lang: str | None,
    checks: tuple[str, ...],
    skip_checks: tuple[str, ...],
    plugin_opts: tuple[str, ...],
    waivers: Path | None,
    baseline: str | None,
    fail_on: str | None,
    no_store: bool,
) -> int:
    """Audit KUNTA (name in Finnish or Swedish, or code) from its case bundle.

    \b
    Examples:
      valvonta audit Kokkola
      valvonta audit Karleby --case ./bundles/karleby-2024 --format json --output report.json
      valvonta audit 272 --check 'EQ-*' --fail-on high --no-store
      valvonta audit Kokkola --format html --output raportti.html
      valvonta audit Kokkola --waivers vapautukset.toml --baseline 20260301-101500-ab12cd
    """
    from avi_valvonta.audit.baseline import load_baseline
    from avi_valvonta.audit.runner import AuditOptions, run_audit
    from avi_valvonta.audit.waivers import file_digest, load_waivers
    from avi_valvonta.checks import Severity
    from avi_valvonta.reference import reference
    from avi_valvonta.report import render

    options = AuditOptions(
        case_dir=case_dir,
        as_of=parse_date(as_of, "--as-of"),
        checks=checks,
        skip_checks=skip_checks,
        disabled_plugins=_disabled_plugins(plugin_opts),
        lang=lang,
        store=not no_store,
        db_url=settings(ctx).get("db_url"),
        config=load_config(ctx),
    )
    if waivers is not None:
        options.waivers = tuple(load_waivers(waivers))
        options.waivers_sha256 = file_digest(waivers)
    # The database is read even with --no-store: the proposal must not depend on whether the run is recorded.
    # (A --no-store run with no database file yet has no orders to read: not creating one saves ~0.5 s of imports.)
    db = None if no_store and baseline is None and not database_exists(ctx) else database(ctx)
    if db is not None:
        # Issued correction orders decide whether the last rung of the ladder is open (suspension / fine).
        options.prior_orders = tuple(db.issued_orders(reference().resolve_unit(kunta).code))
    if baseline is not None and db is not None:
        options.baseline = load_baseline(baseline, db)
    with progress_display(fmt != "json" or bool(output)) as progress:
        report = run_audit(kunta, options, progress=progress, store=db.store_run if db and not no_store else None)
    write_output(render(report, fmt, lang), output)
    if output:
        from avi_valvonta.identity import mask_identity_codes

        click.echo(f"{report.run_id}: {mask_identity_codes(output)}", err=True)
    if fail_on:
        threshold = Severity(fail_on).rank
        for r in report.results:
            if str(r.outcome) == "fail" and r.severity and Severity(r.severity).rank >= threshold:
                return 1
    return 0
