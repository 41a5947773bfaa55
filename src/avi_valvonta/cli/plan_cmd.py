"""``valvonta plan`` (riskiperusteinen valvontasuunnitelma) and ``valvonta indicators`` (what the plan rests on)."""

from __future__ import annotations

import datetime as dt
import json

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
    from avi_valvonta.planning.indicators import label_of
    from avi_valvonta.planning.population import aggregate
    from avi_valvonta.planning.service import gather
    from avi_valvonta.planning.weights import load_weights
    from avi_valvonta.plugins import load_plugins
    from avi_valvonta.reference import reference

    weights = load_weights(weights_path)
    gathered = gather(
        database(ctx),
        year=year,
        as_of=_as_of(as_of),
        weights=weights,
        indicators_path=indicators_path,
        per=per,
        plugins=load_plugins(_disabled_plugins(plugin_opts)),
    )
    units = gathered.units
    if kunta:
        wanted = {reference().resolve_unit(k).code for k in kunta}
        units = [u for u in units if u.code in wanted or wanted & set(u.members)]
        if not units:
            raise UsageError(f"not supervised in {year}: {', '.join(kunta)}")
    rows = []
    for u in units:
        found = aggregate(u, gathered.indicators, weights.aggregate_of)
        values = [(v, "used") for v in found.used.values()] + [(v, "superseded") for v in found.superseded]
        for v, status in sorted(values, key=lambda x: (x[0].id, x[1] != "used")):
            rows.append((u, v, status))
    if fmt == "json":
        from avi_valvonta.identity import mask_data

        doc = {
            "year": year,
            "units": [
                {
                    **u.to_dict(),
                    "indicators": [{**v.to_dict(), "status": status} for uu, v, status in rows if uu.code == u.code],
                    "follow_ups": [f.to_dict() for c in u.members for f in gathered.follow_ups.get(c, [])],
                }
                for u in units
            ],
            "warnings": [w.get(lang) for w in gathered.warnings],
        }
        write_output((json.dumps(mask_data(doc), ensure_ascii=False, indent=2) + "\n").encode("utf-8"), None)
        return
    import io

    from rich.console import Console
    from rich.table import Table

    from avi_valvonta.identity import mask_identity_codes
    from avi_valvonta.planning.view import t

    table = Table()
    for col in (t("unit", lang), t("indicator", lang), t("value", lang), t("date", lang), t("source", lang)):
        table.add_column(col)
    for u, v, status in rows:
        label = label_of(v.id, gathered.labels).get(lang)
        note = "" if status == "used" else f" ({t('superseded', lang).lower()})"
        table.add_row(
            f"{u.name(lang)} ({u.code})",
            f"{v.id}{note}\n{label}",
            f"{v.value:g}",
            v.date.isoformat() if v.date else "-",
            f"{v.source} [{v.origin}]",
        )
    buf = io.StringIO()
    Console(file=buf, width=160, no_color=True, highlight=False).print(table)
    for w in gathered.warnings:
        buf.write(f"• {w.get(lang)}\n")
    write_output(mask_identity_codes(buf.getvalue()).encode("utf-8"), None)
