"""``valvonta plan`` (riskiperusteinen valvontasuunnitelma) and ``valvonta indicators`` (what the plan rests on)."""

from __future__ import annotations

import datetime as dt

import click

from avi_valvonta.cli.common import database, parse_date, write_output
from avi_valvonta.errors import UsageError

FORMATS = ["table", "json", "csv", "html"]


def _disabled_plugins(values: tuple[str, ...]) -> tuple[str, ...]:
    out = []
    for v in values:
        if not v.startswith("no:") or len(v) <= 3:
            raise UsageError(f"-p takes no:PLUGIN (to disable a plugin), not {v!r}")
        out.append(v[3:])
    return tuple(out)


def _as_of(value: str | None) -> dt.date:
    return parse_date(value, "--as-of") or dt.date.today()


@click.command()
@click.option("--year", type=int, required=True, help="The plan year.")
@click.option("--capacity", type=float, required=True, metavar="DAYS", help="Inspector-days available in the year.")
@click.option(
    "--indicators",
    "indicators_path",
    type=click.Path(dir_okay=False),
    metavar="FILE.csv",
    help="Statistics to import: the generic shape (municipality,indicator,value,date,source) or Statistics "
    "Finland's jobseeker series (kunta_nimi,month,…).",
)
@click.option(
    "--weights",
    "weights_path",
    type=click.Path(dir_okay=False),
    metavar="FILE.toml",
    help="Weights, bands, costs and the random share; changes only what it names (defaults: see README).",
)
@click.option("--random-share", type=float, metavar="SHARE", help="Share of the capacity drawn at random [0.1].")
@click.option("--seed", type=int, help="Seed of the random draw (default: a fresh one, printed with the plan).")
@click.option("--as-of", "as_of", metavar="DATE", help="Read the records as they stood on DATE [today].")
@click.option(
    "--per",
    type=click.Choice(["municipality", "area"]),
    default="municipality",
    show_default=True,
    help="Plan per municipality, or per employment area (experiment area until 2024).",
)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
@click.option("--lang", type=click.Choice(["fi", "sv"]), default="fi", show_default=True)
@click.option("--output", "-o", metavar="FILE", help="Write the plan to FILE instead of stdout.")
@click.option("-p", "plugin_opts", multiple=True, metavar="no:PLUGIN", help="Leave a plugin's indicators out.")
@click.pass_context
def plan(
    ctx: click.Context,
    year: int,
    capacity: float,
    indicators_path: str | None,
    weights_path: str | None,
    random_share: float | None,
    seed: int | None,
    as_of: str | None,
    per: str,
    fmt: str,
    lang: str,
    output: str | None,
    plugin_opts: tuple[str, ...],
) -> None:
    """Rank every supervised municipality by risk, explain each score, and plan the inspections of a year.

    Score = 100 × impact × likelihood; every component is an indicator with its source and date (the tool's own
    runs, complaints and decisions; the plugins; an imported file). Follow-ups of expired correction orders come
    first, then the highest scores, and a random share so that every municipality can be inspected.

    \b
    Examples:
      valvonta plan --year 2026 --capacity 120 --seed 7
      valvonta plan --year 2026 --capacity 120 --indicators statfin_jobseekers_by_municipality_2006-2020.csv \\
          --format html --lang sv --output plan-2026.html
      valvonta plan --year 2026 --capacity 200 --per area --weights painot.toml --format json
    """
    from avi_valvonta.planning.service import make_plan
    from avi_valvonta.planning.writers import render
    from avi_valvonta.plugins import load_plugins

    plugins = load_plugins(_disabled_plugins(plugin_opts))
    result = make_plan(
        database(ctx),
        year=year,
        capacity=capacity,
        as_of=_as_of(as_of),
        indicators_path=indicators_path,
        weights_path=weights_path,
        random_share=random_share,
        seed=seed,
        per=per,
        plugins=plugins,
    )
    data = render(result, fmt, lang)
    from avi_valvonta.identity import mask_identity_codes

    for w in result.warnings:  # also in the output itself; stderr so that a script sees them too
        click.echo(mask_identity_codes(f"valvonta: {w.get(lang)}"), err=True)
    write_output(data, output)


@click.command()
@click.argument("kunta", nargs=-1)
@click.option("--year", type=int, required=True, help="The plan year (decides who is supervised).")
@click.option("--indicators", "indicators_path", type=click.Path(dir_okay=False), metavar="FILE.csv")
@click.option("--weights", "weights_path", type=click.Path(dir_okay=False), metavar="FILE.toml")
@click.option("--as-of", "as_of", metavar="DATE", help="Read the records as they stood on DATE [today].")
@click.option("--per", type=click.Choice(["municipality", "area"]), default="municipality", show_default=True)
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--lang", type=click.Choice(["fi", "sv"]), default="fi", show_default=True)
@click.option("-p", "plugin_opts", multiple=True, metavar="no:PLUGIN", help="Leave a plugin's indicators out.")
@click.pass_context
def indicators(
    ctx: click.Context,
    kunta: tuple[str, ...],
    year: int,
    indicators_path: str | None,
    weights_path: str | None,
    as_of: str | None,
    per: str,
    fmt: str,
    lang: str,
    plugin_opts: tuple[str, ...],
) -> None:
    """Show the risk indicators of municipalities (or areas) with their source, date and origin.

    Also the way to check an indicators file before planning: a bad file is refused with its lines (exit 2).

    \b
    Examples:
      valvonta indicators Kokkola Raasepori --year 2026
      valvonta indicators --year 2026 --indicators tilastot.csv --format json
    """
    from avi_valvonta.planning.service import unit_indicators
    from avi_valvonta.planning.writers import render_indicators
    from avi_valvonta.plugins import load_plugins

    shown = unit_indicators(
        database(ctx),
        year=year,
        as_of=_as_of(as_of),
        names=kunta,
        indicators_path=indicators_path,
        weights_path=weights_path,
        per=per,
        plugins=load_plugins(_disabled_plugins(plugin_opts)),
    )
    write_output(render_indicators(shown, fmt, lang), None)
