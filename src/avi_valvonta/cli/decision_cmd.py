"""``valvonta decision …``: draft, issue, list, show and verify decision letters (cli.md)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from pathlib import Path

import click

from avi_valvonta.cli.common import database, echo_json, load_config, parse_date, write_output
from avi_valvonta.errors import UsageError

FORMATS = ["pdf", "docx", "html", "md"]
MEASURES = [
    "guidance",
    "remark",
    "correction_order",
    "suspension",
    "acknowledgement",
    "statement_request",
    "ruling",
    "none",
    "own_initiative",
]


@click.group()
def decision() -> None:
    """Decision letters (päätökset ja kirjeet): draft, issue, list, show, verify.

    \b
    Example:
      valvonta decision draft --run RUN_ID --measure correction_order --deadline 2024-11-29 \\
          --date 2024-09-02 --decision-maker "Maija Mallikas" --presenter "Pekka Esimerkki" --output order.pdf
      valvonta decision issue d20240902-101500-ab12cd
      valvonta decision verify
    """


def _fine(value: str | None) -> Decimal | None:
    if value is None:
        return None
    try:
        return Decimal(value.replace(",", ".").replace(" ", ""))
    except InvalidOperation:
        raise UsageError(f"--fine: not an amount in euros: {value!r}") from None


@decision.command()
@click.option("--run", "run_id", metavar="RUN_ID", help="Decide on a stored audit run (see `valvonta runs`).")
@click.option("--complaint", "dnro", metavar="DNRO", help="A letter in a complaint matter (diary number).")
@click.option(
    "--complaint-file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The complaint as explicit data (TOML/JSON: the complaint file keys of cli.md plus dnro).",
)
@click.option(
    "--measure",
    required=True,
    type=click.Choice(MEASURES),
    help="From a run: guidance, remark, correction_order, suspension. From a complaint: acknowledgement, "
    "statement_request, ruling (or its outcome: none, guidance, remark, own_initiative).",
)
@click.option("--deadline", metavar="DATE", help="Deadline of an order, due date of a statement (YYYY-MM-DD).")
@click.option("--date", "decision_date", metavar="DATE", help="Decision date (default today): selects the law.")
@click.option("--lang", type=click.Choice(["fi", "sv"]), help="Default: the recipient's language (kielilaki).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), help="Format of --output (default: from its suffix).")
@click.option("--output", "-o", metavar="FILE", help="Also write the draft letter to FILE.")
@click.option("--check", "checks", multiple=True, metavar="ID", help="Base the decision on these failed checks.")
@click.option(
    "--sanction",
    type=click.Choice(["suspension_threat", "conditional_fine", "none"]),
    help="A correction order's sanction (default: the law's: threat of suspension in the experiment, "
    "conditional fine from 2025).",
)
@click.option("--fine", metavar="EUR", help="Amount of the conditional fine (uhkasakko), euros.")
@click.option("--scope", type=click.Choice(["partial", "full"]), help="A suspension: partial (default) or full.")
@click.option("--reason", metavar="TEXT", help="Your assessment, added to the letter as written.")
@click.option("--corrects", metavar="DECISION", help="This decision corrects an issued one (id or number).")
@click.option("--decision-maker", metavar="NAME", help="Who decides (default: [decisions] in the config).")
@click.option("--presenter", metavar="NAME", help="Presenting official (default: [decisions] in the config).")
@click.pass_context
def draft(
    ctx: click.Context,
    run_id: str | None,
    dnro: str | None,
    complaint_file: Path | None,
    measure: str,
    deadline: str | None,
    decision_date: str | None,
    lang: str | None,
    fmt: str | None,
    output: str | None,
    checks: tuple[str, ...],
    sanction: str | None,
    fine: str | None,
    scope: str | None,
    reason: str | None,
    corrects: str | None,
    decision_maker: str | None,
    presenter: str | None,
) -> None:
    """Draft a decision or letter; prints the new decision's id on the first line.

    \b
    Examples:
      valvonta decision draft --run 20240815-101500-ab12cd --measure remark --date 2024-09-02
      valvonta decision draft --complaint LSSAVI/12/2025 --measure statement_request --deadline 2025-03-14
      valvonta decision draft --complaint-file kantelu.toml --measure ruling --reason "…" -o ratkaisu.docx
    """
    import datetime as dt

    from avi_valvonta.decisions import DecisionSettings, DraftRequest, formats
    from avi_valvonta.decisions import draft as draft_decision
    from avi_valvonta.decisions.complaints import load_complaint, read_complaint_file

    sources = [x for x in (run_id, dnro, complaint_file) if x]
    if len(sources) != 1:
        raise UsageError("give exactly one of --run RUN_ID, --complaint DNRO, --complaint-file FILE")
    fmt_out = formats.format_for(output, fmt)
    if fmt and not output and fmt in ("pdf", "docx"):
        raise UsageError(f"--format {fmt} needs --output FILE")
    settings = DecisionSettings.from_config(load_config(ctx), decision_maker=decision_maker, presenter=presenter)
    db = database(ctx)
    complaint = None
    if dnro:
        complaint = load_complaint(db, dnro)
    elif complaint_file:
        complaint = read_complaint_file(complaint_file)
    request = DraftRequest(
        measure=measure,
        decision_date=parse_date(decision_date, "--date") or dt.date.today(),
        run_id=run_id,
        complaint=complaint,
        deadline=parse_date(deadline, "--deadline"),
        lang=lang,
        check_ids=checks,
        sanction=sanction,
        fine=_fine(fine),
        scope=scope,
        reason=reason,
        corrects=corrects,
    )
    drafted = draft_decision(db, request, settings)
    for warning in drafted.warnings:
        click.echo(f"valvonta: warning: {warning}", err=True)
    click.echo(drafted.decision.id)
    if output:
        write_output(formats.render(drafted.decision.data, fmt_out), output)
        click.echo(f"{drafted.decision.id}: {output}", err=True)
    elif fmt in ("md", "html"):
        click.echo(formats.render(drafted.decision.data, fmt).decode("utf-8"))


@decision.command()
@click.argument("decision_id")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.pass_context
def issue(ctx: click.Context, decision_id: str, fmt: str) -> None:
    """Issue a draft: diary number, frozen content, PDF/A stored privately, SHA-256 of both.

    Prints the diary number on the first line, then the file and its SHA-256.

    \b
    Example:
      valvonta decision issue d20240902-101500-ab12cd
    """
    from avi_valvonta.decisions import issue as issue_decision
    from avi_valvonta.decisions import summary

    d = issue_decision(database(ctx), decision_id)
    if fmt == "json":
        echo_json(summary(d))
        return
    click.echo(d.number)
    click.echo(f"file: {d.file}")
    click.echo(f"sha256: {d.sha256}")


@decision.command(name="list")
@click.option("--status", type=click.Choice(["draft", "issued"]))
@click.option("--municipality", "kunta", metavar="KUNTA", help="Only this municipality (name or code).")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.pass_context
def list_(ctx: click.Context, status: str | None, kunta: str | None, fmt: str) -> None:
    """List decisions and letters, oldest first.

    \b
    Example:
      valvonta decision list --status issued --format json
    """
    from avi_valvonta.decisions import list_decisions, summary
    from avi_valvonta.reference import reference

    code = reference().resolve_unit(kunta).code if kunta else None
    rows = [summary(d) for d in list_decisions(database(ctx), status=status, municipality=code)]
    if fmt == "json":
        echo_json(rows)
        return
    from rich.table import Table

    table = Table()
    for col in ("id", "status", "number", "measure", "municipality", "date", "deadline", "lang", "appealable"):
        table.add_column(col)
    for r in rows:
        table.add_row(
            r["id"],
            r["status"],
            r["number"] or "-",
            r["measure"],
            r["municipality"],
            r["decision_date"],
            r["deadline"] or "-",
            r["lang"],
            "yes" if r["appealable"] else "no",
        )
    from avi_valvonta.cli.common import list_console

    list_console().print(table)


@decision.command()
@click.argument("decision_id")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", *FORMATS]),
    default="text",
    show_default=True,
    help="text: the facts and the letter as Markdown; json: the record with its frozen content.",
)
@click.option("--output", "-o", metavar="FILE")
@click.pass_context
def show(ctx: click.Context, decision_id: str, fmt: str, output: str | None) -> None:
    """Show a decision (an issued decision's PDF is the stored, hashed file).

    \b
    Example:
      valvonta decision show LSSAVI/12/2024 --format pdf --output paatos.pdf
    """
    from avi_valvonta.decisions import get, render_decision, summary

    d = get(database(ctx), decision_id)
    if fmt == "json":
        echo_json({**summary(d), "data": d.data})
        return
    if fmt in ("pdf", "docx") and not output:
        raise UsageError(f"--format {fmt} needs --output FILE")
    if fmt == "text":
        s = summary(d)
        head = "\n".join(f"{k}: {v}" for k, v in s.items() if v not in (None, [], ""))
        write_output((head + "\n\n").encode("utf-8") + render_decision(d, "md"), output)
        return
    data = render_decision(d, fmt)
    if d.status == "issued" and fmt == "pdf":
        from avi_valvonta.decisions.store import sha256_bytes

        if sha256_bytes(data) != d.sha256:
            click.echo(f"valvonta: warning: {d.number}: the stored file has changed since it was issued", err=True)
    write_output(data, output)


@decision.command()
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.pass_context
def verify(ctx: click.Context, fmt: str) -> int:
    """Re-hash every issued decision's PDF and frozen content; exit 1 when any changed.

    \b
    Example:
      valvonta decision verify --format json
    """
    from avi_valvonta.decisions import verify as verify_all

    results = verify_all(database(ctx))
    if fmt == "json":
        echo_json([r.to_dict() for r in results])
    else:
        for r in results:
            status = "ok" if r.ok else "CHANGED"
            click.echo(f"{status} {r.number} {r.id}" + "".join(f"\n  {p}" for p in r.problems))
        bad = sum(not r.ok for r in results)
        click.echo(f"{len(results)} issued, {bad} changed", err=True)
    return 1 if any(not r.ok for r in results) else 0
