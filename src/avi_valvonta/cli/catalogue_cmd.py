"""``valvonta plugins``, ``valvonta checks``, ``valvonta municipalities``: what the tool knows."""

from __future__ import annotations

from typing import Any

import click

from avi_valvonta.cli.common import echo_json


def _console():  # type: ignore[no-untyped-def]

    from avi_valvonta.cli.common import list_console

    return list_console()


@click.command()
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def plugins(fmt: str) -> None:
    """The plugins found (entry-point group avi_valvonta), their versions and checks.

    \b
    Example:
      VALVONTA_PLUGINS=equal_access,privacy valvonta plugins
    """
    from avi_valvonta.plugins import load_plugins

    found = load_plugins()
    rows: list[dict[str, Any]] = [
        {
            "name": i.name,
            "version": i.version,
            "module": i.module,
            "status": i.status,
            "problem": i.problem,
            "checks": i.checks,
        }
        for i in found.info.values()
    ]
    if fmt == "json":
        echo_json(rows)
        return
    from rich.table import Table

    table = Table()
    for col in ("plugin", "version", "status", "checks"):
        table.add_column(col)
    for r in rows:
        status = r["status"] + (f": {r['problem']}" if r["problem"] else "")
        table.add_row(r["name"], r["version"], status, ", ".join(r["checks"]))
    _console().print(table)


@click.command()
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--lang", type=click.Choice(["fi", "sv"]), default="fi", show_default=True)
def checks(fmt: str, lang: str) -> None:
    """The check catalogue: ids, titles (fi/sv), area, severity, legal basis.

    \b
    Example:
      valvonta checks --format json
    """
    from avi_valvonta.plugins import load_plugins

    found = load_plugins()
    rows = [{**c.meta.to_dict(), "plugin": c.plugin} for c in found.checks.values()]
    if fmt == "json":
        echo_json(rows)
        return
    from rich.table import Table

    table = Table()
    for col in ("id", "area", "severity", "title", "legal basis"):
        table.add_column(col)
    for r in rows:
        table.add_row(r["id"], r["area"], r["severity"], r["title"][lang], "; ".join(r["legal_basis"]))
    _console().print(table)


@click.command()
@click.option("--bilingual", is_flag=True, help="Only bilingual municipalities (VNA 1385/2022).")
@click.option("--saami", is_flag=True, help="Only the Saami homeland.")
@click.option("--area", metavar="NAME", help="Only members of an experiment or employment area.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def municipalities(bilingual: bool, saami: bool, area: str | None, fmt: str) -> None:
    """List municipalities with language status and areas.

    \b
    Examples:
      valvonta municipalities --bilingual
      valvonta municipalities --area "Kokkolan seudun kuntakokeilu"
    """
    import datetime as dt

    from avi_valvonta.reference import reference

    ref = reference()
    rows: list[dict[str, Any]] = []
    for m in ref.filter(bilingual=bilingual, saami=saami, area=area):
        exp = ref.experiment_area_of(m.code, dt.date(2024, 12, 31))
        emp = ref.employment_area_of(m.code, dt.date(2025, 1, 1))
        rows.append(
            {
                "code": m.code,
                "name_fi": m.name_fi,
                "name_sv": m.name_sv,
                "languages": list(m.languages),
                "majority": m.majority,
                "saami_homeland": m.saami_homeland,
                "region": m.region_fi,
                "experiment_area": exp.name_fi if exp else None,
                "employment_area": emp.name_fi if emp else None,
            }
        )
    if fmt == "json":
        echo_json(rows)
        return
    from rich.table import Table

    table = Table()
    for col in (
        "code",
        "fi",
        "sv",
        "languages",
        "saami",
        "experiment area (2021–2024)",
        "employment area (2025)",
    ):
        table.add_column(col)
    for r in rows:
        langs = "/".join(r["languages"]) + (f" ({r['majority']})" if len(r["languages"]) > 1 else "")
        table.add_row(
            r["code"],
            r["name_fi"],
            r["name_sv"],
            langs,
            "x" if r["saami_homeland"] else "",
            r["experiment_area"] or "",
            r["employment_area"] or "",
        )
    _console().print(table)
