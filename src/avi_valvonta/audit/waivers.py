"""Waivers (vapautukset / undantag): accepted findings, kept in the report as ``muted`` and never counted.

Cf. InSpec waivers: every waiver names the check (wildcards allowed), who approved it, why, and until when. A waiver
may be scoped to some items - client ids or document files, whatever the check counts - and then mutes only those:
the result is recounted, and it is ``muted`` only when nothing is left. An expired waiver (the run date is after
``expires``) stops applying, and the report says so. The file format is in cli.md (TOML; YAML with the same keys)::

    [[waiver]]
    check = "EQ-CASELOAD"
    scope = ["K-000123"]
    justification = "…"
    approver = "…"
    expires = 2026-12-31
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from avi_valvonta.checks import UNITS, Outcome, Result, matches
from avi_valvonta.errors import InvalidInput, Problem, UsageError
from avi_valvonta.i18n import Text, fdate

FIELDS = ("check", "scope", "justification", "approver", "expires")
_PATTERN = re.compile(r"^[A-Za-z0-9*?\[\]!-]+$")
MUTABLE = (Outcome.FAIL, Outcome.MANUAL)  # a pass has nothing to mute; an error or not_applicable must stay visible


@dataclass(frozen=True)
class Waiver:
    check: str
    justification: str
    approver: str
    expires: dt.date
    scope: tuple[str, ...] = ()
    entry: int = 0  # position in the file, from 1
    file: str = ""

    @property
    def name(self) -> str:
        return f"{self.file} #{self.entry}" if self.file else f"#{self.entry}"

    def covers(self, check_id: str) -> bool:
        return matches(check_id, [self.check])

    def expired_on(self, day: dt.date) -> bool:
        """``expires`` is the last day the waiver applies."""
        return day > self.expires

    def to_dict(self) -> dict[str, Any]:
        return {
            "check": self.check,
            "scope": list(self.scope),
            "justification": self.justification,
            "approver": self.approver,
            "expires": self.expires.isoformat(),
            "file": self.file,
            "entry": self.entry,
        }


# -- reading -------------------------------------------------------------------------------------------------------


def _read(path: Path) -> Any:
    suffix = path.suffix.lower()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UsageError(f"--waivers: file not found: {path}") from None
    except (OSError, UnicodeDecodeError) as e:
        raise UsageError(f"--waivers: cannot read {path}: {e}") from None
    if suffix == ".toml":
        try:
            return tomllib.loads(text)
        except tomllib.TOMLDecodeError as e:
            raise InvalidInput([Problem(path.name, f"not valid TOML: {e}")], f"invalid waivers file {path}") from None
    if suffix in (".yaml", ".yml"):
        import yaml

        try:
            return yaml.safe_load(text)
        except yaml.YAMLError as e:
            where = getattr(e, "problem_mark", None)
            line = where.line + 1 if where is not None else None
            raise InvalidInput(
                [Problem(path.name, f"not valid YAML: {getattr(e, 'problem', None) or e}", line)],
                f"invalid waivers file {path}",
            ) from None
    raise UsageError(f"--waivers: {path} must be a .toml, .yaml or .yml file")


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return None  # a point in time is not what "expires on" means
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def parse_waivers(data: Any, file: str) -> tuple[list[Waiver], list[Problem]]:
    """Waivers from parsed TOML/YAML; every problem names the file, the entry and the field."""
    problems: list[Problem] = []

    def bad(message: str, entry: int | None = None, field: str | None = None) -> None:
        where = f"waiver {entry}" if entry is not None else None
        if where and field:
            where += f", {field}"
        problems.append(Problem(file, message, None, where))

    if data is None:
        return [], problems
    if isinstance(data, list):
        entries = data
    elif isinstance(data, dict):
        unknown = [k for k in data if k != "waiver"]
        if unknown:
            bad(f"unknown top-level key(s) {', '.join(map(str, unknown))}: a waivers file holds [[waiver]] entries")
        entries = data.get("waiver", [])
        if not isinstance(entries, list):
            bad("`waiver` must be a list of entries ([[waiver]] in TOML, a list in YAML)")
            return [], problems
    else:
        bad("a waivers file holds [[waiver]] entries")
        return [], problems

    waivers = []
    for n, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict):
            bad("an entry must be a table with check, justification, approver and expires", n)
            continue
        ok = True
        for key in entry:
            if key not in FIELDS:
                bad(f"unknown field {key!r} (fields: {', '.join(FIELDS)})", n, str(key))
                ok = False
        texts: dict[str, str] = {}
        for key, what in (
            ("check", "the check id, wildcards allowed (EQ-*)"),
            ("justification", "why the finding is accepted"),
            ("approver", "who approved the waiver"),
        ):
            value = entry.get(key)
            if not isinstance(value, str) or not value.strip():
                bad(f"required: {what}", n, key)
                ok = False
            else:
                texts[key] = value.strip()
        if "check" in texts and not _PATTERN.match(texts["check"]):
            bad(f"not a check id or wildcard pattern: {texts['check']!r}", n, "check")
            ok = False
        if "expires" not in entry:
            bad("required: the last day the waiver applies (YYYY-MM-DD)", n, "expires")
            ok = False
            expires = None
        else:
            expires = _date(entry["expires"])
            if expires is None:
                bad(f"not a date YYYY-MM-DD: {entry['expires']!r}", n, "expires")
                ok = False
        scope: tuple[str, ...] = ()
        if "scope" in entry:
            raw = entry["scope"]
            items = [raw] if isinstance(raw, str) else raw
            if (
                not isinstance(items, list)
                or not items
                or not all(isinstance(x, str | int) and str(x).strip() for x in items)
            ):
                bad("a list of client ids or document files (leave scope out to cover the whole check)", n, "scope")
                ok = False
            else:
                scope = tuple(str(x).strip() for x in items)
        if ok and expires is not None:
            waivers.append(
                Waiver(
                    check=texts["check"],
                    justification=texts["justification"],
                    approver=texts["approver"],
                    expires=expires,
                    scope=scope,
                    entry=n,
                    file=file,
                )
            )
    return waivers, problems


def load_waivers(path: Path | str) -> list[Waiver]:
    """Read and validate a waivers file; any problem refuses the whole file (exit 2), naming entry and field."""
    path = Path(path)
    waivers, problems = parse_waivers(_read(path), path.name)
    if problems:
        raise InvalidInput(problems, f"invalid waivers file {path}")
    return waivers


def file_digest(path: Path | str) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


# -- applying ------------------------------------------------------------------------------------------------------


def _approved(w: Waiver) -> Text:
    return Text(
        f"{w.justification} (hyväksynyt {w.approver}, voimassa {fdate(w.expires)} asti; {w.name})",
        f"{w.justification} (godkänt av {w.approver}, giltigt till {fdate(w.expires)}; {w.name})",
    )


def _mute(r: Result, ws: list[Waiver]) -> None:
    r.waiver = {
        **ws[0].to_dict(),
        "waivers": [w.to_dict() for w in ws] if len(ws) > 1 else None,
        "outcome": str(r.outcome),
        "affected": r.affected,
        "partial": False,
    }
    r.waiver = {k: v for k, v in r.waiver.items() if v is not None}
    why = _approved(ws[0])
    r.reason = Text(f"Vapautettu: {why.fi}", f"Undantaget: {why.sv}")
    r.outcome = Outcome.MUTED


def _mute_items(r: Result, ws: list[Waiver], covered: list[str], remaining: list[str]) -> None:
    """A scoped waiver covers some items: recount what is left, drop the evidence of the waived items."""
    before = r.affected
    gone = set(covered)
    r.affected_keys = remaining
    r.affected = len(remaining)
    r.evidence = [e for e in r.evidence if e.client_id not in gone and e.file not in gone]
    r.waiver = {
        **ws[0].to_dict(),
        "scope": sorted({s for w in ws for s in w.scope}),
        "outcome": str(r.outcome),
        "affected": before,
        "muted_items": covered,
        "partial": True,
    }
    unit = UNITS.get(r.unit, UNITS["clients"])
    title = r.title or Text(r.check_id, r.check_id)
    why = _approved(ws[0])
    n = len(covered)
    if r.outcome is Outcome.FAIL:
        head = Text(
            f"{r.affected}/{r.population} {unit.fi}: {title.fi}", f"{r.affected}/{r.population} {unit.sv}: {title.sv}"
        )
    else:
        head = Text(
            f"{r.affected}/{r.population} {unit.fi} vaatii ihmisen arvion",
            f"{r.affected}/{r.population} {unit.sv} kräver en persons bedömning",
        )
    r.message = Text(
        f"{head.fi} (vapautuksen piirissä lisäksi {n}: {why.fi})",
        f"{head.sv} (därtill {n} som omfattas av undantag: {why.sv})",
    )


def apply_waivers(results: list[Result], waivers: Iterable[Waiver], today: dt.date) -> list[Text]:
    """Mute what the waivers in force on ``today`` cover; return the warnings the report must carry."""
    warnings: list[Text] = []
    active: list[Waiver] = []
    for w in waivers:
        hits = [r.check_id for r in results if w.covers(r.check_id)]
        if w.expired_on(today):
            warnings.append(
                Text(
                    f"Vapautus {w.name} ({w.check}, hyväksynyt {w.approver}) päättyi {fdate(w.expires)} eikä enää "
                    "sovellu: tulokset näytetään ilman sitä.",
                    f"Undantaget {w.name} ({w.check}, godkänt av {w.approver}) upphörde {fdate(w.expires)} och "
                    "tillämpas inte längre: resultaten visas utan det.",
                )
            )
            continue
        if not hits:
            warnings.append(
                Text(
                    f"Vapautus {w.name} ({w.check}) ei koske yhtään tässä ajossa tehtyä tarkastusta.",
                    f"Undantaget {w.name} ({w.check}) gäller ingen granskning i denna körning.",
                )
            )
            continue
        active.append(w)

    for r in results:
        ws = [w for w in active if w.covers(r.check_id)]
        if not ws or r.outcome not in MUTABLE:
            continue
        whole = [w for w in ws if not w.scope]
        if whole:
            _mute(r, whole)
            continue
        scope = {s for w in ws for s in w.scope}
        if not r.affected_keys:
            warnings.append(
                Text(
                    f"Vapautuksen {ws[0].name} rajausta ei voitu soveltaa tarkastukseen {r.check_id}: tulos ei "
                    "luettele kohteitaan.",
                    f"Avgränsningen i undantaget {ws[0].name} kunde inte tillämpas på granskningen {r.check_id}: "
                    "resultatet räknar inte upp sina objekt.",
                )
            )
            continue
        covered = [k for k in r.affected_keys if k in scope]
        if not covered:
            continue
        remaining = [k for k in r.affected_keys if k not in scope]
        if remaining:
            _mute_items(r, ws, covered, remaining)
        else:
            _mute(r, ws)
            r.waiver = {**(r.waiver or {}), "scope": sorted(scope), "muted_items": covered}
    return warnings
