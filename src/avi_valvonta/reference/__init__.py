"""Reference data: municipalities, experiment and employment areas, language status, the Saami homeland.

The data files in ``data/`` are the project's own, derived from Statistics Finland's classification (see each file's
header); they ship inside the package so an installed wheel needs nothing else. One loader, cached per process.
"""

from __future__ import annotations

import csv
import datetime as dt
import tomllib
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files

from avi_valvonta.errors import UsageError

SAAMI_LANGUAGES = frozenset({"se", "smn", "sms", "sme", "sma", "smj"})


@dataclass(frozen=True)
class Municipality:
    code: str
    name_fi: str
    name_sv: str
    languages: tuple[str, ...]  # ("fi",), ("sv",) or ("fi", "sv")
    majority: str
    region_fi: str = ""
    region_sv: str = ""
    employment_area: str | None = None
    saami_homeland: bool = False
    ended: dt.date | None = None  # a former municipality: last day it existed
    successor: str | None = None

    @property
    def bilingual(self) -> bool:
        return len(self.languages) > 1

    def name(self, lang: str) -> str:
        return self.name_sv if lang == "sv" else self.name_fi


@dataclass(frozen=True)
class Area:
    """An experiment area (kokeilualue, 1269/2020 3 §) or an employment area (työllisyysalue, 380/2023)."""

    kind: str  # "experiment" | "employment"
    id: str
    name_fi: str
    name_sv: str
    valid_from: dt.date
    valid_to: dt.date | None
    members: tuple[str, ...]
    under_380_2023: bool = True

    @property
    def code(self) -> str:
        return f"{'KA' if self.kind == 'experiment' else 'TA'}{self.id}"

    def valid_on(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)

    def name(self, lang: str) -> str:
        return self.name_sv if lang == "sv" else self.name_fi


@dataclass(frozen=True)
class SupervisedUnit:
    """What an audit is about: one municipality, or an area of several (the KUNTA argument)."""

    code: str
    name_fi: str
    name_sv: str
    member_codes: frozenset[str]
    languages: tuple[str, ...]
    majority: str
    saami_homeland: bool
    kind: str = "municipality"  # or "experiment_area" / "employment_area"
    municipality: Municipality | None = None
    area: Area | None = field(default=None, compare=False)

    @property
    def bilingual(self) -> bool:
        return len(self.languages) > 1

    def name(self, lang: str) -> str:
        return self.name_sv if lang == "sv" else self.name_fi

    def to_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "name_fi": self.name_fi,
            "name_sv": self.name_sv,
            "languages": list(self.languages),
            "majority": self.majority,
            "saami_homeland": self.saami_homeland,
            "kind": self.kind,
            "members": sorted(self.member_codes),
        }


def normalise_name(name: str) -> str:
    """Case- and diacritics-tolerant key: ``Hämeenlinna`` → ``hameenlinna``, ``Pedersören kunta`` kept whole."""
    decomposed = unicodedata.normalize("NFKD", name.strip().casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    plain = plain.replace("-", " ").replace("_", " ").replace(".", " ")
    return " ".join(plain.split())


def slug(name: str) -> str:
    """Folder name of a demo case: lower case, ä→a, ö→o, å→a, spaces→``-`` (cli.md)."""
    return normalise_name(name).replace(" ", "-").replace(":", "")


def _data(name: str) -> str:
    return files("avi_valvonta.reference").joinpath("data", name).read_text(encoding="utf-8")


def _csv_rows(text: str) -> Iterator[dict[str, str]]:
    yield from csv.DictReader(line for line in text.splitlines() if line and not line.startswith("#"))


class Reference:
    """All reference data, loaded once. Use :func:`reference` to get the shared instance."""

    def __init__(self) -> None:
        saami = frozenset(tomllib.loads(_data("saami_homeland.toml"))["municipalities"])
        self.municipalities: dict[str, Municipality] = {}
        for r in _csv_rows(_data("municipalities.csv")):
            self.municipalities[r["code"]] = Municipality(
                code=r["code"],
                name_fi=r["name_fi"],
                name_sv=r["name_sv"],
                languages=tuple(r["languages"].split(";")),
                majority=r["majority"],
                region_fi=r["region_fi"],
                region_sv=r["region_sv"],
                employment_area=r["employment_area"] or None,
                saami_homeland=r["code"] in saami,
            )
        self.former: dict[str, Municipality] = {}
        for r in _csv_rows(_data("former_municipalities.csv")):
            self.former[r["code"]] = Municipality(
                code=r["code"],
                name_fi=r["name_fi"],
                name_sv=r["name_sv"],
                languages=tuple(r["languages"].split(";")),
                majority=r["majority"],
                ended=dt.date.fromisoformat(r["ended"]),
                successor=r["successor"],
            )
        self.experiment_areas: list[Area] = [
            Area(
                kind="experiment",
                id=str(a["id"]),
                name_fi=a["name_fi"],
                name_sv=a["name_sv"],
                valid_from=a["valid_from"],
                valid_to=a["valid_to"],
                members=tuple(a["members"]),
            )
            for a in tomllib.loads(_data("experiment_areas.toml"))["area"]
        ]
        self.employment_areas: list[Area] = [
            Area(
                kind="employment",
                id=r["code"],
                name_fi=r["name_fi"],
                name_sv=r["name_sv"],
                valid_from=dt.date.fromisoformat(r["valid_from"]),
                valid_to=dt.date.fromisoformat(r["valid_to"]) if r["valid_to"] else None,
                members=tuple(r["members"].split(";")),
                under_380_2023=r["under_380_2023"] == "true",
            )
            for r in _csv_rows(_data("employment_areas.csv"))
        ]
        self._names: dict[str, str] = {}
        for m in [*self.municipalities.values(), *self.former.values()]:
            for n in self._name_variants(m):
                self._names.setdefault(n, m.code)
        self._area_names: dict[str, Area] = {}
        for a in [*self.experiment_areas, *self.employment_areas]:
            for n in (a.name_fi, a.name_sv, a.code):
                self._area_names.setdefault(normalise_name(n), a)

    @staticmethod
    def _name_variants(m: Municipality) -> Iterable[str]:
        for n in (m.name_fi, m.name_sv, m.code, str(int(m.code))):
            key = normalise_name(n)
            yield key
            # "Pedersören kunta" → "pedersoren"; "Koski Tl" → "koski"
            for suffix in (" kunta", " tl"):
                if key.endswith(suffix):
                    yield key[: -len(suffix)]

    # -- lookups ---------------------------------------------------------------------------------------------

    def get(self, code: str) -> Municipality:
        return self.municipalities.get(code) or self.former[code]

    def lookup(self, name: str) -> Municipality | None:
        """Resolve a Finnish or Swedish name or code; ``None`` when nothing matches.

        Combined forms such as ``Maarianhamina - Mariehamn`` resolve through either half.
        """
        key = normalise_name(name)
        if key.isdigit():
            key = key.zfill(3)
        code = self._names.get(key)
        if code is None and " - " in name:
            for part in name.split(" - "):
                code = self._names.get(normalise_name(part))
                if code:
                    break
        return self.get(code) if code else None

    def suggestions(self, name: str, limit: int = 3) -> list[str]:
        from rapidfuzz import fuzz, process

        choices = {m.code: f"{m.name_fi} / {m.name_sv}" for m in self.municipalities.values()}
        keyed = {code: normalise_name(label) for code, label in choices.items()}
        keyed.update({a.code: normalise_name(a.name_fi) for a in self.experiment_areas + self.employment_areas})
        labels = {**choices, **{a.code: a.name_fi for a in self.experiment_areas + self.employment_areas}}
        found = process.extract(normalise_name(name), keyed, scorer=fuzz.WRatio, limit=limit)
        return [f"{labels[code]} ({code})" for _, _, code in found]

    def resolve(self, name: str) -> Municipality:
        """A current municipality by name or code, else :class:`UsageError` with the closest suggestions."""
        m = self.lookup(name)
        if m is None:
            raise UsageError(f"unknown municipality {name!r}; did you mean: {', '.join(self.suggestions(name))}?")
        return m

    def resolve_unit(self, name: str) -> SupervisedUnit:
        """KUNTA: a municipality, an experiment area or an employment area."""
        m = self.lookup(name)
        if m is not None:
            return self.unit_of(m)
        area = self._area_names.get(normalise_name(name))
        if area is not None:
            return self.unit_of_area(area)
        raise UsageError(f"unknown municipality or area {name!r}; did you mean: {', '.join(self.suggestions(name))}?")

    def unit_of(self, m: Municipality) -> SupervisedUnit:
        return SupervisedUnit(
            code=m.code,
            name_fi=m.name_fi,
            name_sv=m.name_sv,
            member_codes=frozenset({m.code}),
            languages=m.languages,
            majority=m.majority,
            saami_homeland=m.saami_homeland,
            municipality=m,
        )

    def unit_of_area(self, area: Area) -> SupervisedUnit:
        members = [self.get(c) for c in area.members]
        languages = ("fi", "sv") if any(m.bilingual for m in members) else members[0].languages
        # An area serves in the languages of its members; its majority language is that of most members.
        majority = max(("fi", "sv"), key=lambda lang: sum(m.majority == lang for m in members))
        return SupervisedUnit(
            code=area.code,
            name_fi=area.name_fi,
            name_sv=area.name_sv,
            member_codes=frozenset(area.members),
            languages=languages,
            majority=majority,
            saami_homeland=any(m.saami_homeland for m in members),
            kind=f"{area.kind}_area",
            area=area,
        )

    def experiment_area_of(self, code: str, on: dt.date) -> Area | None:
        for a in self.experiment_areas:
            if code in a.members and a.valid_on(on):
                return a
        return None

    def employment_area_of(self, code: str, on: dt.date) -> Area | None:
        for a in self.employment_areas:
            if code in a.members and a.valid_on(on):
                return a
        return None

    def filter(self, *, bilingual: bool = False, saami: bool = False, area: str | None = None) -> list[Municipality]:
        ms = list(self.municipalities.values())
        if bilingual:
            ms = [m for m in ms if m.bilingual]
        if saami:
            ms = [m for m in ms if m.saami_homeland]
        if area:
            found = self._area_names.get(normalise_name(area))
            if found is None:
                raise UsageError(f"unknown area {area!r}; did you mean: {', '.join(self.suggestions(area))}?")
            ms = [m for m in ms if m.code in found.members]
        return sorted(ms, key=lambda m: m.name_fi)


@cache
def reference() -> Reference:
    return Reference()
