"""Deterministic generator of synthetic case bundles: the demo cases in cases/ and national-scale benchmark bundles.

Everything is synthetic: no real persons. The few identity codes it writes use temporary individual numbers
(900-999), the range meant for test data. Same arguments + same seed = byte-identical output.

    python cases/generate.py --demo                       # (re)write cases/kokkola, cases/inari, cases/tampere
    python cases/generate.py --municipality Tampere --clients 400000 --out /tmp/national --no-documents

The service process follows the rules the checks apply (nordic-2022: first interview within 5 working days,
5 supplementary discussions in 3 months, a job-search interview every 3 months, a plan at the first interview),
with a small, configurable share of planted shortcomings so that an audit finds something to report.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
import sys
from dataclasses import dataclass, field
from pathlib import Path

D = dt.date.fromisoformat
HERE = Path(__file__).resolve().parent

CLIENT_COLS = [
    "client_id",
    "birth_date",
    "home_municipality",
    "gender",
    "mother_tongue",
    "service_language",
    "citizenship",
    "benefit",
    "temporary_protection",
    "status",
    "job_search_start",
    "job_search_end",
    "responsible",
    "coach_id",
    "needs_interpreter",
]
EVENT_COLS = ["event_id", "client_id", "date", "type", "language", "interpreter", "staff_id", "channel", "detail"]
STAFF_COLS = ["staff_id", "role", "languages", "municipality", "system_access", "active_from", "active_to"]
ACCESS_COLS = ["timestamp", "staff_id", "client_id", "action"]
POINT_COLS = ["point_id", "municipality", "name", "languages", "hours_per_week", "accessible", "appointment_only"]
DOC_COLS = ["file", "doc_type", "audience", "client_id", "date", "published_until", "translation_of"]

FOREIGN = [
    ("ar", "IQ"),
    ("so", "SO"),
    ("ru", "RU"),
    ("uk", "UA"),
    ("et", "EE"),
    ("fa", "AF"),
    ("en", "GB"),
    ("ku", "IQ"),
    ("vi", "VN"),
    ("th", "TH"),
]


@dataclass
class Profile:
    """How a municipality's clients look: languages, size, law period."""

    municipality: str
    prefix: str
    clients: int
    period: tuple[str, str]
    as_of: str
    experiment: bool
    languages: dict[str, float]  # mother tongue shares (the rest foreign)
    swedish_service: float = 0.0  # share of sv speakers choosing sv service
    neighbours: tuple[str, ...] = ()
    area: str | None = None
    source: str = ""
    rates: dict[str, float] = field(default_factory=dict)
    contacts: int = 0  # mean number of extra `contact` events per client (national bundles: about 20 events each)


DEFAULT_RATES = {
    "late_interview": 0.07,
    "missing_plan": 0.04,
    "stale_plan": 0.10,
    "late_periodic": 0.05,
    "few_supplementary": 0.08,
    "wrong_language": 0.03,
    "no_interpreter": 0.10,
    "ended": 0.18,
}

PROFILES = {
    "kokkola": Profile(
        "Kokkola",
        "KKL",
        420,
        ("2024-01-01", "2024-06-30"),
        "2024-08-15",
        True,
        {"fi": 0.82, "sv": 0.11},
        swedish_service=0.8,
        neighbours=("Kannus", "Kruunupyy"),
        area="Kokkolan seudun kuntakokeilu",
        source="Demo: Kokkolan kaupungin työllisyyspalvelut, vastaus tietopyyntöön LSSAVI/77/2024 (synteettinen)",
    ),
    "inari": Profile(
        "Inari",
        "INA",
        160,
        ("2025-01-01", "2025-06-30"),
        "2025-08-29",
        False,
        {"fi": 0.78, "se": 0.08, "smn": 0.05, "sms": 0.03},
        neighbours=("Utsjoki", "Sodankylä"),
        area="Pohjois- ja Itä-Lappi",
        source="Demo: Pohjois- ja Itä-Lapin työllisyysalue, Inarin palvelupiste (synteettinen)",
    ),
    "tampere": Profile(
        "Tampere",
        "TRE",
        3000,
        ("2025-01-01", "2025-06-30"),
        "2025-09-01",
        False,
        {"fi": 0.88, "sv": 0.01},
        neighbours=("Nokia", "Kangasala", "Ylöjärvi"),
        area="Tampereen seutu",
        source="Demo: Tampereen seudun työllisyysalue (synteettinen)",
    ),
}


class Calendar:
    """Enough of the Finnish calendar for generating plausible dates (the tool itself uses its law module)."""

    def __init__(self) -> None:
        import holidays

        self.h = holidays.Finland(years=range(2019, 2028))

    def working(self, d: dt.date) -> bool:
        return d.weekday() < 5 and d not in self.h

    def add_working(self, d: dt.date, n: int) -> dt.date:
        while n > 0:
            d += dt.timedelta(days=1)
            if self.working(d):
                n -= 1
        return d

    def roll(self, d: dt.date) -> dt.date:
        while not self.working(d):
            d += dt.timedelta(days=1)
        return d


def add_months(d: dt.date, n: int) -> dt.date:
    y, m = divmod(d.month - 1 + n, 12)
    for day in (d.day, 30, 29, 28):
        try:
            return dt.date(d.year + y, m + 1, min(d.day, day))
        except ValueError:
            continue
    raise AssertionError


def hetu_check(ddmmyy: str, individual: int) -> str:
    return "0123456789ABCDEFHJKLMNPRSTUVWXY"[int(f"{ddmmyy}{individual:03d}") % 31]


def synthetic_hetu(rng: random.Random) -> str:
    """A syntactically valid code with a temporary individual number (900-999): test data, nobody's code."""
    born = dt.date(1960, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 40))
    ddmmyy = born.strftime("%d%m%y")
    individual = rng.randrange(900, 1000)
    return f"{ddmmyy}-{individual:03d}{hetu_check(ddmmyy, individual)}"


class Generator:
    def __init__(self, profile: Profile, seed: int, documents: bool = True) -> None:
        self.p = profile
        self.rng = random.Random(seed)
        self.cal = Calendar()
        self.rates = {**DEFAULT_RATES, **profile.rates}
        self.documents = documents
        self.start, self.end = D(profile.period[0]), D(profile.period[1])
        self.as_of = D(profile.as_of)
        self.event_no = 0

    # -- people ----------------------------------------------------------------------------------------------

    def staff(self) -> list[dict[str, str]]:
        n_coaches = max(3, self.p.clients // 110)
        rows = []
        sv = self.p.swedish_service > 0
        for i in range(n_coaches):
            langs = ["fi"] + (["sv"] if sv and i % 3 == 0 else []) + (["en"] if i % 4 == 1 else [])
            if "se" in self.p.languages and i % 2 == 0:
                langs.append("se")
            active_to = ""
            if i == n_coaches - 1:  # one coach left during the period
                active_to = (self.start + dt.timedelta(days=100)).isoformat()
            rows.append(
                {
                    "staff_id": f"{self.p.prefix}-S{i + 1:03d}",
                    "role": "coach",
                    "languages": ";".join(langs),
                    "municipality": self.p.municipality,
                    "system_access": "true",
                    "active_from": "2019-01-01",
                    "active_to": active_to,
                }
            )
        extra = [
            ("advisor", "fi;sv" if sv else "fi"),
            ("advisor", "fi"),
            ("employer_services", "fi;en"),
            ("psychologist", "fi"),
            ("it", "fi"),
            ("administration", "fi"),
        ]
        for j, (role, langs) in enumerate(extra):
            rows.append(
                {
                    "staff_id": f"{self.p.prefix}-X{j + 1:02d}",
                    "role": role,
                    "languages": langs,
                    "municipality": self.p.municipality,
                    "system_access": "false" if role == "administration" else "true",
                    "active_from": "2018-06-01",
                    "active_to": "",
                }
            )
        return rows

    def client(self, n: int, coaches: list[str]) -> dict[str, str]:
        rng, p = self.rng, self.p
        r = rng.random()
        acc = 0.0
        mother = None
        for lang, share in p.languages.items():
            acc += share
            if r < acc:
                mother = lang
                break
        if mother is None:
            mother, citizenship = rng.choice(FOREIGN)
        else:
            citizenship = "FI" if rng.random() > 0.02 else "SE"
        if mother == "sv":
            service = "sv" if rng.random() < p.swedish_service else "fi"
        elif mother in ("fi", "se", "smn", "sms"):
            service = mother if (mother == "fi" or rng.random() < 0.6) else "fi"
        else:
            service = "fi"
        start = (
            self.start - dt.timedelta(days=rng.randrange(0, 540))
            if rng.random() < 0.7
            else (self.start + dt.timedelta(days=rng.randrange(0, (self.end - self.start).days + 1)))
        )
        age = rng.randrange(18, 64)
        birth = start - dt.timedelta(days=age * 365 + rng.randrange(0, 365))
        ended = rng.random() < self.rates["ended"]
        end = ""
        status = rng.choices(
            ["unemployed", "at_risk", "laid_off", "in_service", "subsidised_work"], [0.62, 0.05, 0.09, 0.18, 0.06]
        )[0]
        if ended:
            e = start + dt.timedelta(days=rng.randrange(20, 400))
            if e < self.as_of:
                end, status = e.isoformat(), rng.choice(["employed", "ended"])
        benefit = rng.choices(
            ["earnings_related", "labour_market_subsidy", "basic_allowance", "none", "unknown"],
            [0.38, 0.42, 0.08, 0.1, 0.02],
        )[0]
        foreign = mother not in ("fi", "sv", "se", "smn", "sms")
        target = benefit in ("labour_market_subsidy", "basic_allowance", "none") or age < 30 or foreign
        responsible = ""
        if p.experiment:
            responsible = "municipality" if target or rng.random() < 0.03 else "te_office"
        home = p.municipality if rng.random() > 0.02 or not p.neighbours else rng.choice(p.neighbours)
        return {
            "client_id": f"{p.prefix}-{n:06d}",
            "birth_date": birth.isoformat(),
            "home_municipality": home,
            "gender": rng.choices(["f", "m", "x"], [0.48, 0.515, 0.005])[0],
            "mother_tongue": mother,
            "service_language": service,
            "citizenship": citizenship,
            "benefit": benefit,
            "temporary_protection": "true" if mother == "uk" and rng.random() < 0.7 else "false",
            "status": status,
            "job_search_start": start.isoformat(),
            "job_search_end": end,
            "responsible": responsible,
            "coach_id": rng.choice(coaches),
            "needs_interpreter": "true" if foreign and rng.random() < 0.5 else "false",
        }

    # -- the service process ---------------------------------------------------------------------------------

    def _event(
        self,
        out: list[dict[str, str]],
        client: dict[str, str],
        day: dt.date,
        etype: str,
        staff: str,
        language: str | None = None,
        interpreter: str = "",
        detail: str = "",
        channel: str = "in_person",
    ) -> None:
        if day > self.as_of:
            return
        self.event_no += 1
        out.append(
            {
                "event_id": f"{self.p.prefix}-E{self.event_no:08d}",
                "client_id": client["client_id"],
                "date": day.isoformat(),
                "type": etype,
                "language": language if language is not None else client["service_language"],
                "interpreter": interpreter,
                "staff_id": staff,
                "channel": channel,
                "detail": detail,
            }
        )

    def events(self, client: dict[str, str], staff_ids: list[str]) -> list[dict[str, str]]:
        rng, cal, rates = self.rng, self.cal, self.rates
        out: list[dict[str, str]] = []
        if client["responsible"] == "te_office":
            if rng.random() < 0.3:
                self._event(
                    out,
                    client,
                    D(client["job_search_start"]) + dt.timedelta(days=20),
                    "transfer_request",
                    "",
                    language="",
                    detail="client_request",
                )
            return out
        coach = client["coach_id"]
        start = D(client["job_search_start"])
        end = D(client["job_search_end"]) if client["job_search_end"] else self.as_of
        interp = "true" if client["needs_interpreter"] == "true" else ""
        if interp and rng.random() < rates["no_interpreter"]:
            interp = "false"
        lang = client["service_language"]

        # Planted, per client: one event in the wrong language (a few clients), Saami clients served in Finnish.
        wrong_once = [lang in ("fi", "sv") and rng.random() < rates["wrong_language"]]
        saami_in_finnish = lang in ("se", "smn", "sms") and rng.random() < 0.3

        def language() -> str:
            if wrong_once[0] and rng.random() < 0.2:
                wrong_once[0] = False
                return "fi" if lang == "sv" else "sv"
            if saami_in_finnish and rng.random() < 0.3:
                return "fi"
            return lang

        first = cal.add_working(start, rng.randint(1, 4))
        if rng.random() < rates["late_interview"]:
            first = cal.add_working(start, rng.randint(6, 15))
        if first > end:
            return out
        supplementary_first = rng.random() < 0.15
        self._event(
            out,
            client,
            first,
            "supplementary_discussion" if supplementary_first else "initial_interview",
            coach,
            language(),
            interp,
            channel=rng.choice(["in_person", "phone", "video"]),
        )
        if rng.random() >= rates["missing_plan"]:
            plan_day = first if rng.random() > 0.1 else first + dt.timedelta(days=rng.randint(1, 10))
            self._event(out, client, plan_day, "employment_plan", coach, language())
        n_supp = 5 if rng.random() >= rates["few_supplementary"] else rng.randint(2, 4)
        if supplementary_first:
            n_supp -= 1
        window_end = add_months(first, 3)
        gap = max(1, (window_end - first).days // (n_supp + 1))
        for k in range(n_supp):
            day = cal.roll(first + dt.timedelta(days=gap * (k + 1)))
            if day <= min(window_end, end):
                self._event(out, client, day, "supplementary_discussion", coach, language(), interp, channel="phone")
        # Periodic job-search interviews with a plan review; now and then one is late.
        last = first
        stale = rng.random() < rates["stale_plan"]
        while True:
            step = rng.randint(70, 85)
            if rng.random() < rates["late_periodic"]:
                step = rng.randint(95, 120)
            day = cal.roll(last + dt.timedelta(days=step))
            if day > end or day > self.as_of:
                break
            self._event(out, client, day, "jobsearch_interview", coach, language(), interp)
            if not stale:
                self._event(out, client, day, "plan_review", coach, language())
            last = day
        # Services, decisions, now and then a transfer request for language reasons.
        if client["status"] in ("in_service", "subsidised_work") or rng.random() < 0.2:
            s = first + dt.timedelta(days=rng.randint(20, 120))
            detail = rng.choice(["training", "coaching", "work_trial", "pay_subsidy", "rehabilitative_work"])
            if s < end:
                self._event(out, client, s, "decision", rng.choice(staff_ids), language(), detail=detail)
                self._event(out, client, s, "service_start", coach, language(), detail=detail)
                e = s + dt.timedelta(days=rng.randint(25, 150))
                if e < end:
                    self._event(out, client, e, "service_end", coach, language(), detail=detail)
        if client["mother_tongue"] == "sv" and client["service_language"] == "fi" and rng.random() < 0.05:
            req = first + dt.timedelta(days=rng.randint(10, 60))
            self._event(out, client, req, "transfer_request", "", language="", detail="language")
            if rng.random() < 0.7:
                self._event(
                    out,
                    client,
                    req + dt.timedelta(days=rng.randint(5, 40)),
                    "transfer_decision",
                    "",
                    language="",
                    detail=rng.choice(["approved", "rejected"]),
                )
        for _ in range(rng.randint(0, 2 * self.p.contacts) if self.p.contacts else 0):
            day = first + dt.timedelta(days=rng.randint(0, max(1, (end - first).days)))
            self._event(out, client, day, "contact", coach, language(), channel=rng.choice(["phone", "digital"]))
        if client["mother_tongue"] not in ("fi", "sv", "se", "smn", "sms") and rng.random() < 0.4:
            self._event(
                out,
                client,
                first - dt.timedelta(days=rng.randint(30, 200)),
                "integration_plan",
                coach,
                language(),
                interp,
            )
        return out

    def accesses(
        self, client: dict[str, str], events: list[dict[str, str]], staff: list[dict[str, str]]
    ) -> list[dict[str, str]]:
        rng = self.rng
        out = []
        days = [D(e["date"]) for e in events if self.start <= D(e["date"]) <= self.end]
        for d in days[:5]:
            t = dt.datetime.combine(d, dt.time(rng.randint(8, 15), rng.randint(0, 59)))
            stamp = t.isoformat() if rng.random() < 0.5 else t.isoformat() + "+02:00"
            if d.month in (4, 5, 6, 7, 8, 9, 10) and stamp.endswith("+02:00"):
                stamp = stamp[:-6] + "+03:00"
            out.append(
                {
                    "timestamp": stamp,
                    "staff_id": client["coach_id"],
                    "client_id": client["client_id"],
                    "action": rng.choice(["view", "view", "edit", "print"]),
                }
            )
        if days and rng.random() < 0.01:  # an access without a customer relationship
            other = rng.choice([s["staff_id"] for s in staff if s["role"] in ("employer_services", "psychologist")])
            t = dt.datetime.combine(rng.choice(days), dt.time(13, 5))
            out.append(
                {"timestamp": t.isoformat(), "staff_id": other, "client_id": client["client_id"], "action": "view"}
            )
        return out

    # -- writing ---------------------------------------------------------------------------------------------

    def write(self, out: Path) -> dict[str, int]:
        out.mkdir(parents=True, exist_ok=True)
        staff = self.staff()
        coaches = [s["staff_id"] for s in staff if s["role"] == "coach"]
        staff_ids = [s["staff_id"] for s in staff if s["system_access"] == "true"]
        counts = {"clients": 0, "events": 0, "access": 0}
        toml = [
            "format = 1",
            f'municipality = "{self.p.municipality}"',
            *([f'area = "{self.p.area}"'] if self.p.area else []),
            f"period_start = {self.p.period[0]}",
            f"period_end = {self.p.period[1]}",
            f"as_of = {self.p.as_of}",
            f'source = "{self.p.source or "synthetic bundle (cases/generate.py)"}"',
        ]
        (out / "bundle.toml").write_text("\n".join(toml) + "\n", encoding="utf-8")
        clients_with_docs: list[dict[str, str]] = []
        with (
            (out / "clients.csv").open("w", newline="", encoding="utf-8") as fc,
            (out / "events.csv").open("w", newline="", encoding="utf-8") as fe,
            (out / "access_log.csv").open("w", newline="", encoding="utf-8") as fa,
        ):
            wc, we, wa = (
                csv.DictWriter(f, cols, lineterminator="\n")
                for f, cols in ((fc, CLIENT_COLS), (fe, EVENT_COLS), (fa, ACCESS_COLS))
            )
            wc.writeheader()
            we.writeheader()
            wa.writeheader()
            for n in range(1, self.p.clients + 1):
                client = self.client(n, coaches)
                events = self.events(client, staff_ids)
                events.sort(key=lambda e: e["date"])
                wc.writerow(client)
                we.writerows(events)
                acc = self.accesses(client, events, staff)
                wa.writerows(acc)
                counts["clients"] += 1
                counts["events"] += len(events)
                counts["access"] += len(acc)
                same_language = sum(c["service_language"] == client["service_language"] for c in clients_with_docs)
                if same_language < 3 and client["responsible"] != "te_office" and events:
                    clients_with_docs.append(client)
            # An IT administrator browsing many records on one day (bulk access).
            if self.p.clients >= 300:
                day = self.start + dt.timedelta(days=40)
                for k in range(1, 121):
                    t = dt.datetime.combine(day, dt.time(9, 0)) + dt.timedelta(minutes=2 * k)
                    wa.writerow(
                        {
                            "timestamp": t.isoformat(),
                            "staff_id": f"{self.p.prefix}-X05",
                            "client_id": f"{self.p.prefix}-{k:06d}",
                            "action": "view",
                        }
                    )
                    counts["access"] += 1
        with (out / "staff.csv").open("w", newline="", encoding="utf-8") as fs:
            w = csv.DictWriter(fs, STAFF_COLS, lineterminator="\n")
            w.writeheader()
            w.writerows(staff)
        self.write_points(out)
        if self.documents:
            from documents import write_documents

            write_documents(self, out, clients_with_docs)
        return counts

    def write_points(self, out: Path) -> None:
        p = self.p
        sv = "fi;sv" if p.swedish_service else "fi"
        points = [
            {
                "point_id": f"{p.prefix}-P1",
                "municipality": p.municipality,
                "name": f"{p.municipality}: keskusta",
                "languages": sv,
                "hours_per_week": "37.5",
                "accessible": "true",
                "appointment_only": "false",
            },
            {
                "point_id": f"{p.prefix}-P2",
                "municipality": p.municipality,
                "name": f"{p.municipality}: sivupiste",
                "languages": "fi",
                "hours_per_week": "8",
                "accessible": "false",
                "appointment_only": "true",
            },
        ]
        if "se" in p.languages:
            points[1]["languages"] = "fi;se"
        with (out / "service_points.csv").open("w", newline="", encoding="utf-8") as f:
            w = csv.DictWriter(f, POINT_COLS, lineterminator="\n")
            w.writeheader()
            w.writerows(points)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--demo", action="store_true", help="(re)write the demo cases in cases/")
    ap.add_argument("--municipality", default="Tampere")
    ap.add_argument("--clients", type=int, default=1000)
    ap.add_argument("--period", nargs=2, default=("2025-01-01", "2025-06-30"))
    ap.add_argument("--as-of", default="2025-09-01")
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--out", type=Path)
    ap.add_argument("--no-documents", action="store_true")
    ap.add_argument("--contacts", type=int, default=4, help="mean extra contact events per client (not --demo)")
    ap.add_argument("--root", type=Path, default=HERE, help="where --demo writes (default: cases/)")
    args = ap.parse_args(argv)
    sys.path.insert(0, str(HERE))
    if args.demo:
        for name, profile in PROFILES.items():
            counts = Generator(profile, seed=hash_seed(name)).write(args.root / name)
            print(f"{args.root / name}: {counts}")
        return 0
    if args.out is None:
        ap.error("--out is required unless --demo")
    profile = Profile(
        args.municipality,
        args.municipality[:3].upper(),
        args.clients,
        tuple(args.period),
        args.as_of,
        experiment=D(args.period[1]) <= D("2024-12-31"),
        languages={"fi": 0.9, "sv": 0.03},
        swedish_service=0.5,
        source="synthetic national-scale bundle (cases/generate.py)",
        contacts=args.contacts,
    )
    counts = Generator(profile, seed=args.seed, documents=not args.no_documents).write(args.out)
    print(f"{args.out}: {counts}")
    return 0


def hash_seed(name: str) -> int:
    return sum(ord(c) * (i + 1) for i, c in enumerate(name))


if __name__ == "__main__":
    raise SystemExit(main())
