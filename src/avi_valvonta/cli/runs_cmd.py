"""``valvonta runs [KUNTA]`` and ``valvonta show RUN_ID``: stored runs, re-rendered from what was stored."""

from __future__ import annotations

import click

from avi_valvonta.cli.common import database, echo_json, write_output
from avi_valvonta.errors import UsageError


@click.command()
@click.argument("kunta", required=False)
@click.option("--limit", default=50, show_default=True)
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.pass_context
def runs(ctx: click.Context, kunta: str | None, limit: int, fmt: str) -> None:
    """List stored audit runs, newest first (optionally of one municipality).

    \b
    Example:
      valvonta runs Kokkola
    """
    from avi_valvonta.reference import reference

    code = reference().resolve_unit(kunta).code if kunta else None
    rows = database(ctx).runs(code, limit)
    if fmt == "json":
        echo_json(
            [
                {
                    "run_id": r.id,
                    "created_at": r.created_at.isoformat(timespec="seconds"),
                    "municipality": r.municipality_code,
                    "name": r.municipality_name,
                    "period": [r.period_start.isoformat(), r.period_end.isoformat()],
                    "as_of": r.as_of.isoformat(),
                    "failed": r.failed,
                    "proposal": r.proposal_measure,
                }
                for r in rows
            ]
        )
        return
    from rich.table import Table

    table = Table()
    for col in ("run", "created (UTC)", "municipality", "period", "as_of", "fails", "proposal"):
        table.add_column(col)
    for r in rows:
        table.add_row(
            r.id,
            r.created_at.strftime("%Y-%m-%d %H:%M"),
            f"{r.municipality_name} ({r.municipality_code})",
            f"{r.period_start}..{r.period_end}",
            str(r.as_of),
            str(r.failed),
            r.proposal_measure,
        )
    from avi_valvonta.cli.common import list_console

    list_console().print(table)


@click.command()
@click.argument("run_id")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "csv", "html", "md"]),
    default="table",
    show_default=True,
)
@click.option("--lang", type=click.Choice(["fi", "sv"]))
@click.option("--output", "-o", metavar="FILE")
@click.pass_context
def show(ctx: click.Context, run_id: str, fmt: str, lang: str | None, output: str | None) -> None:
    """Re-render a stored run in any format and language (a run id or its unique prefix).

    \b
    Examples:
      valvonta show 20261122-101500-ab12cd --format json --lang sv
      valvonta show 20261122-101500-ab12cd --format html --output raportti.html
      valvonta show 20261122-101500 --format csv --output tulokset.csv
    """
    from avi_valvonta.audit.report import AuditReport
    from avi_valvonta.report import render

    run = database(ctx).run(run_id)
    if run is None:
        raise UsageError(f"no stored run {run_id!r} (see `valvonta runs`)")
    report = AuditReport.from_dict(run.report)
    write_output(render(report, fmt, lang), output)
