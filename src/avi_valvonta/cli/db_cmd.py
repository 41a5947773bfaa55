"""``valvonta db upgrade``: apply the database migrations (alembic) - also done automatically on first use."""

from __future__ import annotations

import click

from avi_valvonta.cli.common import settings


@click.group()
def db() -> None:
    """The tool's database."""


@db.command()
@click.pass_context
def upgrade(ctx: click.Context) -> None:
    """Create or upgrade the schema to the newest version.

    \b
    Example:
      valvonta --db postgresql+psycopg://valvonta@dbhost/valvonta db upgrade
    """
    from sqlalchemy import text

    from avi_valvonta.db import mask_url, open_database

    database = open_database(settings(ctx).get("db_url"))
    with database.engine.connect() as conn:
        heads = sorted(r[0] for r in conn.execute(text("SELECT version_num FROM alembic_version")))
    click.echo(f"{mask_url(database.url)}: at {', '.join(heads)}")
