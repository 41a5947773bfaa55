"""Jinja2 for letters: strict undefined variables, autoescaping, the sandbox, per-language formatting (babel).

Templates are looked up in order: the user's directory (``<user config dir>/templates/``, platformdirs), directories
that plugins add with the ``register_templates`` hook, then the templates shipped in the package
(``avi_valvonta.templates``). A user template with the same name overrides the shipped one. Every template runs in
Jinja's immutable sandbox: a user template can format the data it is given, not reach into Python.

Text that came from outside (a complaint, an excerpt of a document) is data in the context and is autoescaped like
everything else; it is never compiled as a template.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from avi_valvonta.errors import UsageError

APP = "avi-valvonta"
PACKAGE = "avi_valvonta.templates"
LOCALES = {"fi": "fi_FI", "sv": "sv_FI"}


class TemplateProblem(UsageError):
    """A template could not be rendered: names the template, the line and the variable (exit 2)."""


def user_template_dir() -> Path:
    from platformdirs import user_config_dir

    return Path(user_config_dir(APP, appauthor=False)) / "templates"


def package_template_dir() -> Path:
    from importlib.resources import files

    return Path(str(files(PACKAGE)))


@cache
def plugin_template_dirs() -> tuple[Path, ...]:
    """Directories registered by plugins (``register_templates(register)``, ``register(name, path)``), in
    plugin order; loaded once per process (:func:`clear_cache` forgets them)."""
    from avi_valvonta.plugins import load_plugins

    found: list[Path] = []

    def register(_name: str, path: Any) -> None:
        found.append(Path(path))

    load_plugins().manager.hook.register_templates(register=register)
    return tuple(found)


def search_path(extra: Iterable[Path] | None = None) -> list[Path]:
    """User directory, then ``extra`` (default: the plugins' directories), then the package's templates."""
    extra = plugin_template_dirs() if extra is None else extra
    dirs = [user_template_dir(), *extra, package_template_dir()]
    return [d for d in dirs if d.is_dir()]


# -- filters: dates and numbers as Finnish and Swedish official texts write them --------------------------------------


def _as_date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def format_date(value: Any, lang: str = "fi", style: str = "short") -> str:
    """``2.9.2024`` in both languages (short); ``2. syyskuuta 2024`` / ``2 september 2024`` (long)."""
    from babel.dates import format_date as babel_date

    day = _as_date(value)
    if style == "long":
        return babel_date(day, "long", locale=LOCALES[lang])
    return babel_date(day, "d.M.yyyy", locale=LOCALES[lang])


def format_number(value: Any, lang: str = "fi") -> str:
    from babel.numbers import format_decimal

    return format_decimal(Decimal(str(value)), locale=LOCALES[lang])


def format_percent(value: Any, lang: str = "fi") -> str:
    """A rate 0.185 → ``18,5 %`` (a space before the sign in both languages)."""
    from babel.numbers import format_decimal

    if value is None:
        return "-"
    return format_decimal(float(value) * 100, format="#,##0.#", locale=LOCALES[lang]) + "\u00a0%"


def format_money(value: Any, lang: str = "fi") -> str:
    from babel.numbers import format_currency

    return format_currency(Decimal(str(value)), "EUR", locale=LOCALES[lang])


def _lang_of(ctx: Any) -> str:
    lang = ctx.get("lang", "fi")
    return lang if lang in LOCALES else "fi"


def _make_filters() -> dict[str, Any]:
    from jinja2 import pass_context

    @pass_context
    def fdate(ctx: Any, value: Any, style: str = "short") -> str:
        return format_date(value, _lang_of(ctx), style)

    @pass_context
    def fnum(ctx: Any, value: Any) -> str:
        return format_number(value, _lang_of(ctx))

    @pass_context
    def fpct(ctx: Any, value: Any) -> str:
        return format_percent(value, _lang_of(ctx))

    @pass_context
    def fmoney(ctx: Any, value: Any) -> str:
        return format_money(value, _lang_of(ctx))

    @pass_context
    def t(ctx: Any, value: Any) -> str:
        """A ``{"fi": …, "sv": …}`` text in the letter's language."""
        if isinstance(value, dict):
            return str(value[_lang_of(ctx)])
        return str(value)

    return {"fdate": fdate, "fnum": fnum, "fpct": fpct, "fmoney": fmoney, "t": t}


@cache
def _environment(dirs: tuple[str, ...]) -> Any:
    from jinja2 import ChoiceLoader, FileSystemLoader, StrictUndefined
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    env = ImmutableSandboxedEnvironment(
        loader=ChoiceLoader([FileSystemLoader(d) for d in dirs]),
        undefined=StrictUndefined,
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(_make_filters())
    return env


def environment(extra: Iterable[Path] | None = None) -> Any:
    return _environment(tuple(str(d) for d in search_path(extra)))


def _where(exc: BaseException, dirs: list[Path]) -> str:
    """The template and line an exception came from (Jinja rewrites tracebacks to template lines)."""
    where = ""
    tb = exc.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(".j2"):
            where = f"{_display(filename, dirs)}:{tb.tb_lineno}"
        tb = tb.tb_next
    return where


def _display(filename: str, dirs: list[Path]) -> str:
    path = Path(filename)
    for d in dirs:
        try:
            rel = path.relative_to(d)
        except ValueError:
            continue
        return str(rel) if d == package_template_dir() else str(path)
    return filename


def render_template(name: str, context: dict[str, Any], extra: Iterable[Path] | None = None) -> str:
    """Render ``name`` with ``context``; every failure is a :class:`TemplateProblem` naming template and variable."""
    from jinja2 import TemplateNotFound, TemplateSyntaxError, UndefinedError
    from jinja2.exceptions import SecurityError

    extra = list(plugin_template_dirs() if extra is None else extra)
    dirs = search_path(extra)
    env = environment(extra)
    try:
        return str(env.get_template(name).render(context))
    except TemplateNotFound as e:
        raise TemplateProblem(f"no letter template {e.name!r} (looked in: {', '.join(map(str, dirs))})") from None
    except TemplateSyntaxError as e:
        raise TemplateProblem(
            f"template {_display(e.filename or e.name or name, dirs)}:{e.lineno}: {e.message}"
        ) from None
    except UndefinedError as e:
        where = _where(e, dirs) or name
        raise TemplateProblem(f"template {where}: missing value: {e.message}") from None
    except SecurityError as e:
        where = _where(e, dirs) or name
        raise TemplateProblem(f"template {where}: not allowed in a letter template (sandbox): {e}") from None


def clear_cache() -> None:
    """Forget compiled environments (tests and long-running processes that change the user directory)."""
    _environment.cache_clear()
    plugin_template_dirs.cache_clear()


__all__ = [
    "TemplateProblem",
    "clear_cache",
    "environment",
    "format_date",
    "format_money",
    "format_number",
    "format_percent",
    "render_template",
    "search_path",
    "user_template_dir",
]
