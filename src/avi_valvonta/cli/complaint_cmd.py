"""``valvonta complaint …``: the complaint register (kantelut, cli.md). Parse, call the service, render."""

from __future__ import annotations

import datetime as dt
import getpass
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from avi_valvonta.cli.common import database, echo_json, load_config, parse_date, write_output
from avi_valvonta.errors import UsageError

FORMATS = click.Choice(["table", "json"])
LANGS = click.Choice(["fi", "sv"])


def _default_actor() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no passwd entry (containers)
        return str(os.getuid()) if hasattr(os, "getuid") else "unknown"


def actor_option(f: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--actor",
        envvar="VALVONTA_ACTOR",
        default=_default_actor,
        show_default="the OS user",
        help="Who makes the change (recorded in the history). Env: VALVONTA_ACTOR.",
    )(f)


def format_options(f: Callable[..., Any]) -> Callable[..., Any]:
    f = click.option("--lang", type=LANGS, default="fi", show_default=True, help="Language of the text output.")(f)
    return click.option("--format", "fmt", type=FORMATS, default="table", show_default=True)(f)


def date_option(f: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--date", "on", metavar="DATE", help="When the step happened (YYYY-MM-DD). Default: today.")(f)


def _register(ctx: click.Context) -> Any:
    from avi_valvonta.complaints import ComplaintRegister, ComplaintSettings

    settings = ComplaintSettings.from_config(load_config(ctx))
    return ComplaintRegister(database(ctx), settings)


def _today() -> dt.date:
    return dt.date.today()


def _show(register: Any, dnro: str, fmt: str, lang: str, headline: str | None = None) -> None:
    from avi_valvonta.complaints.render import complaint_dict, complaint_text

    record = register.get(dnro)
    if fmt == "json":
        echo_json(complaint_dict(record, _today()))
    elif headline is not None:
        click.echo(headline)
    else:
        click.echo(complaint_text(record, lang, _today()))


def _status_line(c: Any, lang: str) -> str:
    from avi_valvonta.complaints.workflow import DUE_KINDS, STATUSES
    from avi_valvonta.i18n import fdate

    line = f"{c.dnro}: {STATUSES[c.status].get(lang)}"
    if c.due:
        line += f", {DUE_KINDS[c.due_kind].get(lang)} {fdate(c.due)}"
    return line


@click.group()
def complaint() -> None:
    """The complaint register (kantelut): register, screen, handle, resolve.

    \b
    Example:
      valvonta complaint add --file kantelu.toml
      valvonta complaint list --overdue
      valvonta complaint show LSSAVI/12/2024 --lang sv
    """


# -- add ----------------------------------------------------------------------------------------------------------


def _prompt_text() -> str:
    click.echo("Kantelun teksti / Klagomålets text (tyhjä rivi lopettaa / en tom rad avslutar):", err=True)
    lines: list[str] = []
    while True:
        line = click.prompt("", default="", show_default=False, prompt_suffix="", err=True)
        if not line.strip():
            break
        lines.append(line)
    return "\n".join(lines)


def _prompt_missing(raw: dict[str, Any], person: dict[str, Any]) -> None:
    """Ask for what is still missing (``--interactive``, or no input at all on a terminal)."""
    from avi_valvonta.complaints.rules import CHANNELS, complaint_rules

    def ask(label: str, **kw: Any) -> Any:
        return click.prompt(label, err=True, **kw)

    if not raw.get("municipality"):
        raw["municipality"] = ask("Kunta / Kommun")
    if not raw.get("events_date"):
        raw["events_date"] = ask("Tapahtumien päivä / Händelsernas datum (YYYY-MM-DD)")
    if not raw.get("received"):
        raw["received"] = ask("Saapunut / Inkommit (YYYY-MM-DD)", default=_today().isoformat())
    if not raw.get("channel"):
        raw["channel"] = ask("Kanava / Kanal", type=click.Choice(CHANNELS), default="email")
    if not raw.get("target"):
        targets = list(complaint_rules().targets)
        raw["target"] = ask("Kohde / Föremål", type=click.Choice(targets), default="municipality")
    if not person.get("name"):
        person["name"] = ask("Kantelijan nimi / Klagandens namn")
    if not any(person.get(k) for k in ("email", "phone", "address")):
        person["email"] = ask("Sähköposti / E-post", default="", show_default=False) or None
        if not person["email"]:
            person["address"] = ask("Osoite / Adress", default="", show_default=False) or None
    if not person.get("language"):
        person["language"] = ask("Kieli / Språk (fi, sv, …)", default="fi")
    if not raw.get("text"):
        raw["text"] = _prompt_text()


@complaint.command()
@click.option("--file", "file", type=click.Path(dir_okay=False, path_type=Path), help="The complaint as TOML or JSON.")
@click.option("--municipality", metavar="KUNTA", help="The municipality (Finnish or Swedish name, or code).")
@click.option("--events-date", metavar="DATE", help="When the events happened (or began).")
@click.option("--received", metavar="DATE", help="When the complaint arrived. Default: today.")
@click.option("--channel", help="email, letter, e-service, phone, in_person.")
@click.option("--target", help="municipality (default), te_office, kela, court, other.")
@click.option("--text", help="The complaint text.")
@click.option("--text-file", type=click.Path(dir_okay=False, path_type=Path), help="The complaint text from a file.")
@click.option("--name", help="The complainant's name.")
@click.option("--email", help="The complainant's e-mail.")
@click.option("--phone", help="The complainant's phone.")
@click.option("--address", help="The complainant's postal address.")
@click.option("--language", help="The complainant's language: fi, sv or another code. Default: from the text.")
@click.option("--attach", "attach", multiple=True, type=click.Path(path_type=Path), help="An attachment (PDF/TXT).")
@click.option("--interactive", "-i", is_flag=True, help="Ask for every field not given.")
@format_options
@actor_option
@click.pass_context
def add(
    ctx: click.Context,
    file: Path | None,
    text_file: Path | None,
    attach: tuple[Path, ...],
    interactive: bool,
    fmt: str,
    lang: str,
    actor: str,
    **options: str | None,
) -> None:
    """Register a complaint: gives the next diary number and screens it. Prints the diary number.

    Options override the file's fields. Nothing is stored when anything is wrong (exit 2).

    \b
    Examples:
      valvonta complaint add --file kantelu.toml
      valvonta complaint add --municipality Raasepori --events-date 2024-05-10 --channel email \\
          --name "Anna A" --email anna@example.fi --language sv --text "…" --attach liite.pdf
      valvonta complaint add -i
    """
    import sys

    from avi_valvonta.complaints.submission import FIELDS, load_file, validate

    raw: dict[str, Any] = {}
    source = "options"
    if file is not None:
        raw = load_file(file)
        source = str(file)
        base = file.parent
        if isinstance(raw.get("attachments"), list):
            raw["attachments"] = [str(base / a) if isinstance(a, str) else a for a in raw["attachments"]]
    given_person = raw.get("complainant")
    person = dict(given_person) if isinstance(given_person, dict) else {}
    for key in ("municipality", "events_date", "received", "channel", "target", "text"):
        value = options.get(key)
        if value is not None:
            raw[key] = value
    for key in ("name", "email", "phone", "address", "language"):
        value = options.get(key)
        if value is not None:
            person[key] = value
    if text_file is not None:
        try:
            raw["text"] = text_file.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as e:
            raise UsageError(f"--text-file {text_file}: cannot read it as UTF-8 text: {e}") from None
    if attach:
        raw["attachments"] = [*(raw.get("attachments") or []), *(str(p) for p in attach)]
    given = any(k in raw for k in FIELDS) or person
    if interactive or (not given and sys.stdin.isatty()):
        _prompt_missing(raw, person)
    if person or isinstance(given_person, dict):
        raw["complainant"] = person  # else a malformed value stays, for validate() to report
    register = _register(ctx)
    submission = validate(raw, source=source, base_dir=Path.cwd(), today=_today(), settings=register.settings)
    for note in submission.notes:
        click.echo(f"valvonta: note: {note}", err=True)
    c = register.register(submission, actor)
    if fmt == "json":
        _show(register, c.dnro, fmt, lang)
        return
    click.echo(c.dnro)
    _echo_screening(register, c.dnro, lang)


def _echo_screening(register: Any, dnro: str, lang: str) -> None:
    from avi_valvonta.complaints.render import RULES, YES_NO

    s = register.get(dnro).screening
    for rule in ("jurisdiction", "two_year_rule"):
        r = s[rule]
        click.echo(f"  {RULES[rule].get(lang)}: {YES_NO[bool(r['ok'])].get(lang)} - {r['reason'][lang]}")
    if s["duplicates"]:
        click.echo(f"  {RULES['duplicates'].get(lang)}: {', '.join(s['duplicates'])}")
    for t in s["topics"]:
        click.echo(f"  {t['area']}: {t['reason'][lang]} [{', '.join(t['words'])}]")


# -- reading ------------------------------------------------------------------------------------------------------


@complaint.command(name="list")
@click.option("--status", help="Only complaints in this status (registered, screened, statement_requested, …).")
@click.option("--overdue", is_flag=True, help="Only open complaints whose due date has passed.")
@click.option("--municipality", metavar="KUNTA", help="Only complaints about this municipality.")
@click.option("--as-of", "as_of", metavar="DATE", help="Overdue as of this day. Default: today.")
@format_options
@click.pass_context
def list_(
    ctx: click.Context,
    status: str | None,
    overdue: bool,
    municipality: str | None,
    as_of: str | None,
    fmt: str,
    lang: str,
) -> None:
    """List complaints in diary order.

    \b
    Examples:
      valvonta complaint list --overdue
      valvonta complaint list --status statement_requested --municipality Raasepori --format json
    """
    from avi_valvonta.complaints.render import summary_dict
    from avi_valvonta.reference import reference

    day = parse_date(as_of, "--as-of") or _today()
    code = reference().resolve(municipality).code if municipality else None
    rows = _register(ctx).list(status=status, municipality_code=code, overdue_on=day if overdue else None)
    data = [summary_dict(c, day) for c in rows]
    if fmt == "json":
        echo_json(data)
        return
    from rich.table import Table

    from avi_valvonta.complaints.workflow import STATUSES
    from avi_valvonta.i18n import fdate

    sv = lang == "sv"
    table = Table()
    heads = ("dnro", "Inkommit" if sv else "Saapunut", "Kommun" if sv else "Kunta", "Status" if sv else "Tila")
    for head in (*heads, "Förfallodag" if sv else "Määräpäivä", "Ämnen" if sv else "Aiheet"):
        table.add_column(head)
    for c, d in zip(rows, data, strict=True):
        due = fdate(c.due) + (" !" if d["overdue"] else "") if c.due else "-"
        name = d["municipality"]["name_sv" if sv else "name_fi"]
        flags = "" if d["investigate"] else " ✗"
        table.add_row(
            c.dnro, fdate(c.received), name, STATUSES[c.status].get(lang) + flags, due, ", ".join(d["topics"])
        )
    from avi_valvonta.cli.common import list_console

    list_console().print(table)


@complaint.command()
@click.argument("dnro")
@click.option("--as-of", "as_of", metavar="DATE", help="Overdue as of this day. Default: today.")
@format_options
@click.pass_context
def show(ctx: click.Context, dnro: str, as_of: str | None, fmt: str, lang: str) -> None:
    """Show a complaint: screening with reasons, due date, attachments and its whole history.

    \b
    Example:
      valvonta complaint show LSSAVI/12/2024 --format json
    """
    from avi_valvonta.complaints.render import complaint_dict, complaint_text

    day = parse_date(as_of, "--as-of") or _today()
    record = _register(ctx).get(dnro)
    if fmt == "json":
        echo_json(complaint_dict(record, day))
    else:
        click.echo(complaint_text(record, lang, day))


@complaint.command()
@click.argument("dnro")
@click.argument("attachment_id", type=int)
@click.option("--output", "-o", metavar="FILE", required=True, help="Where to write the file (0600).")
@click.pass_context
def attachment(ctx: click.Context, dnro: str, attachment_id: int, output: str) -> None:
    """Write an attachment out as it was received (its SHA-256 is checked first).

    \b
    Example:
      valvonta complaint attachment LSSAVI/12/2024 1 --output liite1.pdf
    """
    import hashlib

    from avi_valvonta.errors import RefusedError

    found = _register(ctx).attachment(dnro, attachment_id)
    if hashlib.sha256(found.content).hexdigest() != found.sha256:
        raise RefusedError(f"attachment {attachment_id} of {dnro} does not match its stored SHA-256")
    write_output(found.content, output)


# -- handling -----------------------------------------------------------------------------------------------------


@complaint.command()
@click.argument("dnro")
@format_options
@actor_option
@click.pass_context
def screen(ctx: click.Context, dnro: str, fmt: str, lang: str, actor: str) -> None:
    """Run the screening again (jurisdiction, two-year rule, duplicates, topics); overrides are kept.

    \b
    Example:
      valvonta complaint screen LSSAVI/12/2024
    """
    register = _register(ctx)
    c = register.rescreen(dnro, actor)
    if fmt == "json":
        _show(register, c.dnro, fmt, lang)
        return
    click.echo(c.dnro)
    _echo_screening(register, c.dnro, lang)


@complaint.command()
@click.argument("dnro")
@click.option(
    "--rule", required=True, type=click.Choice(["jurisdiction", "two_year_rule", "duplicates"]), help="The rule."
)
@click.option("--justification", required=True, help="Why (recorded with your name and the time).")
@click.option("--ok/--not-ok", default=True, show_default=True, help="--ok: investigate / not a duplicate.")
@format_options
@actor_option
@click.pass_context
def override(
    ctx: click.Context, dnro: str, rule: str, justification: str, ok: bool, fmt: str, lang: str, actor: str
) -> None:
    """Override a screening rule with a recorded justification (e.g. a special reason, HL 53 b § 3 mom).

    \b
    Example:
      valvonta complaint override LSSAVI/12/2024 --rule two_year_rule \\
          --justification "jatkuva menettely: sama puute toistuu 2024"
    """
    register = _register(ctx)
    c = register.override(dnro, rule, ok, justification, actor)
    _show(register, c.dnro, fmt, lang, _status_line(c, lang))


@complaint.command(name="request-statement")
@click.argument("dnro")
@click.option("--due", metavar="DATE", help="The due date of the statement (a non-working day moves forward).")
@click.option("--days", type=int, help="Working days from --date instead of --due. Default: config statement_days.")
@date_option
@format_options
@actor_option
@click.pass_context
def request_statement(
    ctx: click.Context, dnro: str, due: str | None, days: int | None, on: str | None, fmt: str, lang: str, actor: str
) -> None:
    """Request a statement (selvitys) from the municipality by a due date.

    \b
    Examples:
      valvonta complaint request-statement LSSAVI/12/2024 --due 2025-02-14
      valvonta complaint request-statement LSSAVI/12/2024 --days 15
    """
    register = _register(ctx)
    today = _today()
    c = register.request_statement(
        dnro,
        actor,
        on=parse_date(on, "--date") or today,
        today=today,
        due=parse_date(due, "--due"),
        days=days,
    )
    _show(register, c.dnro, fmt, lang, _status_line(c, lang))


@complaint.command(name="record-statement")
@click.argument("dnro")
@click.option("--file", "file", required=True, type=click.Path(dir_okay=False, path_type=Path), help="PDF or TXT.")
@click.option("--reply-due", metavar="DATE", help="The complainant's reply is due (default: config reply_days).")
@click.option("--reply-days", type=int, help="Working days for the complainant's reply from --date.")
@date_option
@format_options
@actor_option
@click.pass_context
def record_statement(
    ctx: click.Context,
    dnro: str,
    file: Path,
    reply_due: str | None,
    reply_days: int | None,
    on: str | None,
    fmt: str,
    lang: str,
    actor: str,
) -> None:
    """Record the municipality's statement (stored with its SHA-256); the complainant may reply by a due date.

    \b
    Example:
      valvonta complaint record-statement LSSAVI/12/2024 --file selvitys.pdf
    """
    from avi_valvonta.complaints.submission import read_document

    register = _register(ctx)
    document = read_document(file, register.settings, "--file")
    today = _today()
    c = register.record_statement(
        dnro,
        document,
        actor,
        on=parse_date(on, "--date") or today,
        today=today,
        reply_due=parse_date(reply_due, "--reply-due"),
        reply_days=reply_days,
    )
    _show(register, c.dnro, fmt, lang, _status_line(c, lang))


@complaint.command(name="record-reply")
@click.argument("dnro")
@click.option("--file", "file", type=click.Path(dir_okay=False, path_type=Path), help="The reply (PDF or TXT).")
@click.option("--no-reply", is_flag=True, help="The complainant did not reply by the due date.")
@date_option
@format_options
@actor_option
@click.pass_context
def record_reply(
    ctx: click.Context, dnro: str, file: Path | None, no_reply: bool, on: str | None, fmt: str, lang: str, actor: str
) -> None:
    """Record the complainant's reply (vastine) to the statement, or that none came.

    \b
    Examples:
      valvonta complaint record-reply LSSAVI/12/2024 --file vastine.pdf
      valvonta complaint record-reply LSSAVI/12/2024 --no-reply
    """
    from avi_valvonta.complaints.submission import read_document

    if (file is None) == (not no_reply):
        raise UsageError("give --file FILE or --no-reply")
    register = _register(ctx)
    document = read_document(file, register.settings, "--file") if file is not None else None
    today = _today()
    c = register.record_reply(dnro, document, actor, on=parse_date(on, "--date") or today, today=today)
    _show(register, c.dnro, fmt, lang, _status_line(c, lang))


@complaint.command()
@click.argument("dnro")
@click.option(
    "--measure",
    required=True,
    type=click.Choice(["none", "guidance", "remark", "own_initiative"]),
    help="The outcome (HL 53 c §).",
)
@click.option("--reason", required=True, help="The reasons of the ruling.")
@date_option
@format_options
@actor_option
@click.pass_context
def resolve(
    ctx: click.Context, dnro: str, measure: str, reason: str, on: str | None, fmt: str, lang: str, actor: str
) -> None:
    """Resolve the complaint (no appeal, HL 53 d §). A matter screening keeps out takes --measure none.

    \b
    Example:
      valvonta complaint resolve LSSAVI/12/2024 --measure guidance --reason "Haastattelu viivästyi …"
    """
    register = _register(ctx)
    today = _today()
    c = register.resolve(dnro, measure, reason, actor, on=parse_date(on, "--date") or today, today=today)
    _show(register, c.dnro, fmt, lang, _status_line(c, lang))


@complaint.command()
@click.argument("dnro")
@date_option
@format_options
@actor_option
@click.pass_context
def close(ctx: click.Context, dnro: str, on: str | None, fmt: str, lang: str, actor: str) -> None:
    """Close a resolved complaint (the ruling was delivered).

    \b
    Example:
      valvonta complaint close LSSAVI/12/2024
    """
    register = _register(ctx)
    today = _today()
    c = register.close(dnro, actor, on=parse_date(on, "--date") or today, today=today)
    _show(register, c.dnro, fmt, lang, _status_line(c, lang))


@complaint.command()
@click.argument("dnro")
@click.option("--run", "run_id", required=True, help="A stored audit run (see `valvonta runs`).")
@format_options
@actor_option
@click.pass_context
def link(ctx: click.Context, dnro: str, run_id: str, fmt: str, lang: str, actor: str) -> None:
    """Link a stored audit run of the same municipality to the complaint.

    \b
    Example:
      valvonta complaint link LSSAVI/12/2024 --run 20250301-101500-ab12cd
    """
    register = _register(ctx)
    c = register.link(dnro, run_id, actor)
    _show(register, c.dnro, fmt, lang, f"{c.dnro}: {', '.join(c.run_ids)}")
