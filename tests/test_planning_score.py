"""The score and the allocation as pure functions: the explanation sums to the score, the capacity is never
exceeded, expired-order follow-ups are always planned first, and a seed decides the random draw."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from avi_valvonta.errors import UsageError
from avi_valvonta.planning.indicators import IndicatorValue, UnitIndicators, by_unit
from avi_valvonta.planning.plan import cents
from avi_valvonta.planning.population import PlanUnit, supervised_units
from avi_valvonta.planning.records import FollowUp
from avi_valvonta.planning.score import largest_remainder, score_unit
from avi_valvonta.planning.service import Gathered, build
from avi_valvonta.planning.weights import IndicatorWeight, PlanSettings, load_weights

AS_OF = dt.date(2025, 11, 20)
WEIGHTS = load_weights()
UNITS = supervised_units(2026)
UNIT = PlanUnit("272", "Kokkola", "Karleby", "municipality", ("272",), True)
LIKELIHOOD_IDS = sorted(WEIGHTS.likelihood)


def value(indicator: str, v: float, origin: str = "import") -> IndicatorValue:
    return IndicatorValue(indicator, v, "test", AS_OF, origin)


def gathered(values: dict[str, dict[str, float]], follow_ups: dict[str, list[FollowUp]] | None = None) -> Gathered:
    pairs = [(code, value(i, v)) for code, by_id in values.items() for i, v in by_id.items()]
    return Gathered(UNITS, by_unit(pairs), follow_ups or {})


def decimal_sum(components: dict[str, float]) -> Decimal:
    return sum((Decimal(str(c)) for c in components.values()), Decimal(0))


# -- the explanation ---------------------------------------------------------------------------------------------


def test_a_score_is_explained_by_its_components_with_the_arithmetic_of_the_weights_file():
    found = UnitIndicators()
    for indicator, v in (("failed_severe", 3), ("complaints_12m", 2.5), ("jobseekers", 10000), ("mystery", 7)):
        found.add(value(indicator, v))
    s = score_unit(UNIT, found, WEIGHTS)
    total = sum(w.weight for w in WEIGHTS.likelihood.values())
    floor = WEIGHTS.impact_floor
    impact = floor + (1 - floor) * (10000 / 40000) ** 0.5  # sqrt scale, full_at 40000
    assert s.impact == pytest.approx(impact)
    expected = {
        "failed_severe": 100 * impact * 12 / total * 1.0,  # 3 of full_at 3
        "complaints_12m": 100 * impact * 5 / total * 0.5,  # 2.5 of full_at 5
    }
    for indicator, exact in expected.items():
        assert abs(s.components[indicator] - exact) <= 0.01
    assert s.components["mystery"] == 0  # unknown: shown, weighs 0
    assert "jobseekers" not in s.components  # impact scales, it is not a summand
    assert decimal_sum(s.components) == Decimal(str(s.score))
    assert s.score == pytest.approx(sum(expected.values()), abs=0.01)


@settings(max_examples=200, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from([*LIKELIHOOD_IDS, "jobseekers", "unknown.x"]),
        st.floats(min_value=0, max_value=1e6, allow_nan=False, allow_infinity=False),
        max_size=12,
    ),
    st.lists(st.floats(min_value=0, max_value=50, allow_nan=False), min_size=len(LIKELIHOOD_IDS)).map(
        lambda ws: ws[: len(LIKELIHOOD_IDS)]
    ),
)
def test_components_always_sum_exactly_to_the_printed_score(values, weights):
    likelihood = {
        k: IndicatorWeight(k, "likelihood", w, full_at=WEIGHTS.likelihood[k].full_at)
        for k, w in zip(LIKELIHOOD_IDS, weights, strict=True)
    }
    if not any(w.weight for w in likelihood.values()):
        likelihood[LIKELIHOOD_IDS[0]] = IndicatorWeight(LIKELIHOOD_IDS[0], "likelihood", 1.0)
    custom = WEIGHTS.__class__(**{**WEIGHTS.__dict__, "likelihood": likelihood})
    found = UnitIndicators()
    for k, v in values.items():
        found.add(value(k, v))
    s = score_unit(UNIT, found, custom)
    assert decimal_sum(s.components) == Decimal(str(s.score))
    assert 0 <= s.score <= 100
    assert abs(s.score - s.exact) <= 0.005 + 1e-9


def test_largest_remainder_keeps_each_part_within_a_hundredth():
    exact = {"a": 1 / 3, "b": 1 / 3, "c": 1 / 3}
    parts = largest_remainder(exact)
    assert sum(parts.values()) == 100 and sorted(parts.values()) == [33, 33, 34]


# -- the allocation ----------------------------------------------------------------------------------------------


def follow_up(code: str, *, expired: bool = True, deadline: dt.date = dt.date(2025, 6, 30)) -> FollowUp:
    return FollowUp(code, f"LSSAVI/{code}/2025", deadline, ("EQ-INTERVIEW-LATE",), expired)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    capacity=st.floats(min_value=0.5, max_value=700).map(lambda c: round(c, 2)),
    share=st.floats(min_value=0, max_value=1),
    seed=st.integers(min_value=0, max_value=2**31),
    desk=st.sampled_from([0.5, 1, 2, 3]),
    onsite=st.sampled_from([1, 4, 6, 10]),
    expired=st.integers(min_value=0, max_value=6),
    risky=st.integers(min_value=0, max_value=60),
)
def test_the_capacity_is_never_exceeded_and_expired_follow_ups_are_always_first(
    capacity, share, seed, desk, onsite, expired, risky
):
    weights = WEIGHTS.__class__(**{**WEIGHTS.__dict__, "plan": PlanSettings(desk_days=desk, onsite_days=onsite)})
    codes = [u.code for u in UNITS]
    values = {code: {"failed_severe": (i % 4), "complaints_12m": i % 7} for i, code in enumerate(codes[:risky])}
    follow_ups = {code: [follow_up(code)] for code in codes[-expired:]} if expired else {}
    try:
        plan = build(
            gathered(values, follow_ups),
            weights,
            year=2026,
            capacity=capacity,
            as_of=AS_OF,
            seed=seed,
            random_share=share,
        )
    except UsageError as e:
        assert cents(desk) * expired > cents(capacity), e  # refused only when the duty cannot fit
        assert "expired correction order" in str(e)
        return
    assert plan.used <= plan.capacity == cents(capacity)
    assert sum(i.days for i in plan.inspections) == plan.used
    reasons = [i.reason for i in plan.inspections]
    assert reasons[:expired] == ["follow_up"] * expired
    assert {i.code for i in plan.inspections if i.reason == "follow_up"} == set(follow_ups)
    assert all(i.quarter == 1 for i in plan.inspections if i.reason == "follow_up")
    assert len({i.code for i in plan.inspections}) == len(plan.inspections)  # one inspection per unit
    assert all(1 <= i.quarter <= 4 for i in plan.inspections)


def test_a_capacity_too_small_for_the_expired_follow_ups_is_refused_naming_what_it_needs():
    follow_ups = {c: [follow_up(c)] for c in ("091", "272", "837")}
    with pytest.raises(UsageError, match=r"3 expired correction order\(s\).*at least --capacity 6"):
        build(gathered({}, follow_ups), WEIGHTS, year=2026, capacity=5, as_of=AS_OF, seed=1)


def test_an_order_expiring_during_the_year_is_followed_up_in_the_quarter_after_its_deadline():
    orders = {"837": [follow_up("837", expired=False, deadline=dt.date(2026, 5, 15))]}
    plan = build(gathered({}, orders), WEIGHTS, year=2026, capacity=20, as_of=AS_OF, seed=1)
    first = plan.inspections[0]
    assert (first.code, first.reason, first.quarter) == ("837", "follow_up", 2)


def test_risk_goes_down_the_ranking_with_on_site_visits_for_the_high_band():
    worst = {"failed_severe": 3, "expired_orders": 1, "substantiated_complaints_12m": 2, "months_since_inspection": 48}
    values = {"837": {**worst, "jobseekers": 40000}, "272": {"complaints_12m": 1}}
    plan = build(gathered(values), WEIGHTS, year=2026, capacity=20, as_of=AS_OF, seed=1, random_share=0)
    top = plan.inspections[0]
    assert top.code == "837" and top.reason == "risk"
    assert top.score.band == "high" and top.kind == "onsite" and top.days == cents(WEIGHTS.plan.onsite_days)
    second = plan.inspections[1]
    assert second.code == "272" and second.kind == "desk"


def test_the_same_seed_draws_the_same_random_inspections_and_another_seed_others():
    def drawn(seed: int) -> list[str]:
        plan = build(gathered({}), WEIGHTS, year=2026, capacity=40, as_of=AS_OF, seed=seed, random_share=1)
        assert all(i.reason == "random" for i in plan.inspections)
        return [i.code for i in plan.inspections]

    assert drawn(7) == drawn(7)
    assert drawn(7) != drawn(8)
    # Every unit can be drawn: over many seeds the draw reaches far beyond any ranking.
    reached = {c for seed in range(60) for c in drawn(seed)}
    assert len(reached) > 0.9 * len(UNITS)


def test_the_random_share_is_kept_aside_from_the_ranking():
    values = {u.code: {"failed_severe": 1} for u in UNITS}  # everybody has a positive score
    plan = build(gathered(values), WEIGHTS, year=2026, capacity=100, as_of=AS_OF, seed=3, random_share=0.1)
    counts = plan.counts()
    assert counts["random"] == 5 and counts["risk"] == 45  # 10 of 100 days as 2-day desk reviews


def test_on_site_visits_take_at_most_their_share_and_the_rest_of_the_high_band_gets_desk_reviews():
    worst = {"failed_severe": 3, "expired_orders": 1, "substantiated_complaints_12m": 2, "jobseekers": 40000}
    values = {u.code: dict(worst) for u in UNITS[:10]}  # ten units, all in the high band
    plan = build(gathered(values), WEIGHTS, year=2026, capacity=40, as_of=AS_OF, seed=1, random_share=0)
    risk = [i for i in plan.inspections if i.reason == "risk"]
    assert all(i.score.band == "high" for i in risk)
    onsite_days = sum(i.days for i in risk if i.kind == "onsite")
    assert 0 < onsite_days <= cents(40 * WEIGHTS.plan.onsite_share)
    desk = [i for i in risk if i.kind == "desk"]
    assert desk and all(i.note is not None and "inspektionsbesök" in i.note.sv for i in desk)


def test_an_order_expiring_before_the_plan_year_begins_is_a_duty_too():
    orders = {"837": [follow_up("837", expired=False, deadline=dt.date(2025, 12, 15))]}  # after as-of, before 2026
    with pytest.raises(UsageError, match="1 expired correction order"):
        build(gathered({}, orders), WEIGHTS, year=2026, capacity=1, as_of=AS_OF, seed=1)
    plan = build(gathered({}, orders), WEIGHTS, year=2026, capacity=10, as_of=AS_OF, seed=1)
    assert (plan.inspections[0].code, plan.inspections[0].reason, plan.inspections[0].quarter) == (
        "837",
        "follow_up",
        1,
    )
