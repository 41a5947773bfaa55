"""Evaluation of the risk-based inspection plan (issue 9): how many problem municipalities does it find?

A simulation, not a test. Each simulated "world" gives every supervised municipality of 2026 (the real 292, with
their real sizes from Statistics Finland's jobseeker series when ../shared is there) a hidden compliance problem or
not, and the noisy signals an inspector would have. Three plans of the same capacity are then compared:

- **risk**: the tool's planner exactly as ``valvonta plan`` runs it (default weights: on-site visits for the high
  band, 10 % drawn at random), fed the simulated indicators;
- **random**: every inspection drawn at random (the planner with ``random_share = 1``);
- **size**: the biggest municipalities first (jobseekers), desk reviews.

Two variants of the risk plan isolate its choices: desk reviews only (no on-site visits, so as many inspections as
the others), and desk reviews only without the impact term (likelihood alone, size ignored).

An inspection finds an existing problem with probability 0.9 on site and 0.75 at the desk. Reported: problem
municipalities found (mean and standard deviation over the worlds), inspections made, share of inspections that found
a problem, and the jobseekers of the municipalities whose problem was found (people reached).

The world (stated, so the figures can be judged):

- latent strain zᵢ ~ N(0, 1) + 0.5 · standardised unemployment rate; a problem when zᵢ is in the top ``--prevalence``
  (default 20 %);
- every municipality: national monitoring of plan debt (problem: Beta mean 0.45, else 0.30; sd ≈ 0.10) and late
  first interviews (0.15 vs 0.07), both noisy; complaints in 12 months ~ Poisson(size · (2.5 if problem else 1) ·
  0.4 per 1 000 jobseekers), a complaint substantiated with probability 0.5 (problem) or 0.15; months since the last
  inspection uniform 0–60;
- a random 15 % were audited in the last three years: severe fails ~ Poisson(2 if problem else 0.3), the largest
  failure rate ~ Beta mean 0.25 vs 0.06;
- ``--signal weak`` halves every difference between problem and no problem (a harder world).

    python benchmarks/bench_planning.py                      # 200 worlds, capacities 40 / 80 / 160 days
    python benchmarks/bench_planning.py --worlds 50 --signal weak
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import random
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from avi_valvonta.planning.indicators import IndicatorValue, by_unit
from avi_valvonta.planning.population import supervised_units
from avi_valvonta.planning.service import Gathered, build
from avi_valvonta.planning.weights import PlanSettings, Weights, load_weights

ROOT = Path(__file__).resolve().parents[1]
STATFIN = ROOT.parent / "shared" / "data" / "employment" / "statfin_jobseekers_by_municipality_2006-2020.csv"
AS_OF = dt.date(2025, 11, 20)
DETECT = {"onsite": 0.9, "desk": 0.75}


@dataclass
class World:
    problems: set[str]
    gathered: Gathered
    size: dict[str, float]


def real_sizes(codes: list[str]) -> tuple[dict[str, float], dict[str, float], str]:
    """Jobseekers and unemployment rate per municipality: the real series when it is there, else lognormal."""
    if STATFIN.is_file():
        from avi_valvonta.planning.importers import read_indicators

        imported = read_indicators(STATFIN, as_of=AS_OF)
        size = {c: v.value for c, v in imported.values if v.id == "jobseekers"}
        rate = {c: v.value for c, v in imported.values if v.id == "unemployment_rate"}
        if all(c in size and c in rate for c in codes):
            return size, rate, f"real ({STATFIN.name})"
    rng = random.Random(0)
    return (
        {c: round(math.exp(rng.gauss(6.3, 1.2))) for c in codes},
        {c: min(0.3, max(0.03, rng.gauss(0.1, 0.03))) for c in codes},
        "synthetic (lognormal)",
    )


def beta(rng: random.Random, mean: float, sd: float = 0.1) -> float:
    mean = min(0.95, max(0.01, mean))
    k = mean * (1 - mean) / (sd * sd) - 1
    return rng.betavariate(max(mean * k, 0.5), max((1 - mean) * k, 0.5))


def poisson(rng: random.Random, lam: float) -> int:
    # Knuth for small means, normal approximation above (fast enough and exact enough here).
    if lam > 30:
        return max(0, round(rng.gauss(lam, math.sqrt(lam))))
    limit, k, p = math.exp(-lam), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def make_world(
    seed: int, codes: list[str], size: dict[str, float], rate: dict[str, float], prevalence: float, signal: float
) -> World:
    rng = random.Random(seed)
    mean_rate = statistics.fmean(rate[c] for c in codes)
    sd_rate = statistics.pstdev(rate[c] for c in codes) or 1.0
    strain = {c: rng.gauss(0, 1) + 0.5 * (rate[c] - mean_rate) / sd_rate for c in codes}
    cut = sorted(strain.values(), reverse=True)[max(0, round(prevalence * len(codes)) - 1)]
    problems = {c for c in codes if strain[c] >= cut}

    def between(no: float, yes: float, has: bool) -> float:
        return no + (yes - no) * signal if has else no

    pairs: list[tuple[str, IndicatorValue]] = []

    def add(code: str, indicator: str, value: float, source: str = "simulation") -> None:
        pairs.append((code, IndicatorValue(indicator, value, source, AS_OF, "import")))

    for c in codes:
        p = c in problems
        add(c, "jobseekers", size[c])
        add(c, "unemployment_rate", rate[c])
        add(c, "plan_debt_rate", beta(rng, between(0.30, 0.45, p)))
        add(c, "interview_late_rate", beta(rng, between(0.07, 0.15, p), 0.05))
        complaints = poisson(rng, size[c] / 1000 * 0.4 * between(1.0, 2.5, p))
        add(c, "complaints_12m", complaints)
        add(c, "substantiated_complaints_12m", sum(rng.random() < between(0.15, 0.5, p) for _ in range(complaints)))
        add(c, "months_since_inspection", round(rng.uniform(0, 60), 1))
        if rng.random() < 0.15:
            add(c, "failed_severe", poisson(rng, between(0.3, 2.0, p)))
            add(c, "failed_rate_max", beta(rng, between(0.06, 0.25, p), 0.05))
    units = supervised_units(2026)
    return World(problems, Gathered(units, by_unit(pairs), {}), size)


def evaluate(world: World, inspections: list[tuple[str, str]], rng: random.Random) -> tuple[int, int, float]:
    """(problems found, inspections, jobseekers reached) for (code, kind) pairs."""
    found = [c for c, kind in inspections if c in world.problems and rng.random() < DETECT[kind]]
    return len(found), len(inspections), sum(world.size[c] for c in found)


def risk_plan(world: World, weights: Weights, capacity: float, seed: int) -> list[tuple[str, str]]:
    plan = build(world.gathered, weights, year=2026, capacity=capacity, as_of=AS_OF, seed=seed)
    return [(i.code, i.kind) for i in plan.inspections]


def random_plan(world: World, weights: Weights, capacity: float, seed: int) -> list[tuple[str, str]]:
    plan = build(world.gathered, weights, year=2026, capacity=capacity, as_of=AS_OF, seed=seed, random_share=1)
    return [(i.code, i.kind) for i in plan.inspections]


def size_plan(world: World, weights: Weights, capacity: float, seed: int) -> list[tuple[str, str]]:
    n = int(capacity // weights.plan.desk_days)
    biggest = sorted(world.size, key=lambda c: (-world.size[c], c))
    units = {u.code for u in world.gathered.units}
    return [(c, "desk") for c in biggest if c in units][:n]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--worlds", type=int, default=200)
    ap.add_argument("--capacity", type=float, action="append", help="inspector-days (repeatable) [40, 80, 160]")
    ap.add_argument("--prevalence", type=float, default=0.20)
    ap.add_argument("--signal", choices=["normal", "weak"], default="normal")
    ap.add_argument("--impact-floor", type=float, help="override the weights' impact floor (sensitivity)")
    args = ap.parse_args()
    capacities = args.capacity or [40.0, 80.0, 160.0]
    signal = 1.0 if args.signal == "normal" else 0.5

    weights = load_weights()
    if args.impact_floor is not None:
        weights = Weights(**{**weights.__dict__, "impact_floor": args.impact_floor})
    desk_only = Weights(**{**weights.__dict__, "plan": PlanSettings(**{**weights.plan.__dict__, "onsite_bands": ()})})
    likelihood_only = Weights(**{**desk_only.__dict__, "impact": {}, "impact_missing": 1.0, "source": "no impact"})
    units = supervised_units(2026)
    codes = [u.code for u in units]
    size, rate, size_source = real_sizes(codes)
    strategies = {
        "risk (default weights)": (risk_plan, weights),
        "risk, desk reviews only": (risk_plan, desk_only),
        "risk, desk only, likelihood only (no size)": (risk_plan, likelihood_only),
        "random": (random_plan, weights),
        "size only": (size_plan, weights),
    }
    started = time.perf_counter()
    results: dict[tuple[float, str], list[tuple[int, int, float]]] = {}
    problems_total = []
    for w in range(args.worlds):
        world = make_world(1000 + w, codes, size, rate, args.prevalence, signal)
        problems_total.append(len(world.problems))
        for capacity in capacities:
            for name, (strategy, ws) in strategies.items():
                inspections = strategy(world, ws, capacity, seed=w)
                results.setdefault((capacity, name), []).append(evaluate(world, inspections, random.Random(w)))
    elapsed = time.perf_counter() - started

    print(f"# Inspection planning: problem municipalities found ({args.worlds} simulated worlds)\n")
    print(
        f"{len(codes)} supervised municipalities (2026), sizes {size_source}; prevalence {args.prevalence:.0%} "
        f"(≈{statistics.fmean(problems_total):.0f} problems per world); signal {args.signal}; detection on site "
        f"{DETECT['onsite']:.0%}, at the desk {DETECT['desk']:.0%}; impact floor {weights.impact_floor:g}. "
        f"{elapsed:.1f} s on this machine "
        f"({elapsed / args.worlds / len(capacities) / len(strategies) * 1000:.0f} ms per plan).\n"
    )
    print("| capacity (days) | plan | found (mean ± sd) | inspections | hit rate | jobseekers reached |")
    print("|---|---|---|---|---|---|")
    for capacity in capacities:
        for name in strategies:
            rows = results[(capacity, name)]
            found = [r[0] for r in rows]
            made = statistics.fmean(r[1] for r in rows)
            hit = statistics.fmean(r[0] / r[1] if r[1] else 0 for r in rows)
            reached = statistics.fmean(r[2] for r in rows)
            print(
                f"| {capacity:g} | {name} | {statistics.fmean(found):.1f} ± {statistics.pstdev(found):.1f} | "
                f"{made:.1f} | {hit:.0%} | {reached:,.0f} |"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
