"""Deadline arithmetic around holidays and across the rule-set switches (law as data)."""

import datetime as dt

import pytest

from avi_valvonta.law import law
from avi_valvonta.law.calendar import CALENDAR, add_months, midsummer_eve

D = dt.date.fromisoformat


@pytest.mark.parametrize(
    "start, n, expected, why",
    [
        ("2024-03-25", 5, "2024-04-03", "Good Friday 29.3. and Easter Monday 1.4. are skipped"),
        ("2024-03-26", 5, "2024-04-04", "the same Easter skip"),
        ("2024-04-26", 5, "2024-05-06", "May Day Wednesday 1.5. is skipped"),
        ("2024-06-17", 5, "2024-06-25", "Midsummer Eve Friday 21.6. is skipped"),
        ("2024-12-19", 5, "2024-12-31", "Christmas Eve, Christmas Day and Boxing Day are skipped"),
        ("2024-01-15", 5, "2024-01-22", "a plain week"),
        ("2024-05-06", 5, "2024-05-14", "Ascension Day 9.5. is skipped"),
    ],
)
def test_add_working_days(start, n, expected, why):
    assert CALENDAR.add_working_days(D(start), n) == D(expected), why


def test_explanation_names_every_skipped_day_in_both_languages():
    e = CALENDAR.explain_add_working_days(D("2024-03-26"), 5)
    skipped = {s.day.isoformat(): s.reason for s in e.skipped}
    assert skipped["2024-03-29"].fi == "Pitkäperjantai" and skipped["2024-03-29"].sv == "Långfredagen"
    assert skipped["2024-04-01"].fi == "Toinen pääsiäispäivä"
    assert skipped["2024-03-30"].fi == "lauantai"
    assert "150/1930" in e.text("fi") and "150/1930" in e.text("sv")
    assert "Långfredagen" in e.text("sv")


def test_calendar_day_deadline_rolls_to_next_working_day():
    # 14 days from 7.6.2024 is Friday 21.6. = Midsummer Eve; Saturday and Sunday follow → Monday 24.6.
    assert CALENDAR.add_calendar_days_rolled(D("2024-06-07"), 14) == D("2024-06-24")
    # 14 days from 10.12.2024 is 24.12. (Christmas Eve) → 27.12.
    assert CALENDAR.add_calendar_days_rolled(D("2024-12-10"), 14) == D("2024-12-27")


def test_midsummer_and_christmas_eve_are_not_working_days_every_year():
    for year in range(2013, 2031):
        assert not CALENDAR.is_working_day(midsummer_eve(year))
        assert not CALENDAR.is_working_day(dt.date(year, 12, 24))
        assert midsummer_eve(year).weekday() == 4 and 19 <= midsummer_eve(year).day <= 25


def test_working_days_between_counts_lateness():
    assert CALENDAR.working_days_between(D("2024-01-22"), D("2024-01-29")) == 5
    assert CALENDAR.working_days_between(D("2024-04-04"), D("2024-04-05")) == 1
    assert CALENDAR.working_days_between(D("2024-04-04"), D("2024-04-04")) == 0


def test_add_months_clamps_to_month_end():
    assert add_months(D("2024-01-31"), 1) == D("2024-02-29")
    assert add_months(D("2023-01-31"), 1) == D("2023-02-28")
    assert add_months(D("2024-11-30"), 3) == D("2025-02-28")
    assert add_months(D("2024-05-15"), -3) == D("2024-02-15")


@pytest.mark.parametrize(
    "day, rule_set",
    [
        ("2021-03-01", "jtypl-2013"),
        ("2022-05-01", "jtypl-2013"),  # the last day of the old process
        ("2022-05-02", "nordic-2022"),  # the Nordic job-search model starts
        ("2024-12-31", "nordic-2022"),
        ("2025-01-01", "nordic-2022"),  # continues under 380/2023
    ],
)
def test_rule_set_by_date(day, rule_set):
    assert law().rule_set_on(D(day)).id == rule_set


def test_statute_changes_on_1_1_2025():
    before = law().rule_set_on(D("2024-12-31"))
    after = law().rule_set_on(D("2025-01-01"))
    assert any("1379/2021" in b for b in before.basis)
    assert any("380/2023" in b for b in after.basis)


def test_covid_window_decides_only_due_dates_inside_it():
    assert law().rule_set_on(D("2020-05-01"), by="due_date").id == "covid-2020"
    assert law().rule_set_on(D("2021-01-31"), by="due_date").id == "covid-2020"
    assert law().rule_set_on(D("2021-02-01"), by="due_date").id == "jtypl-2013"
    assert law().rule_set_on(D("2020-06-01")).id == "jtypl-2013"  # by start date it never applies
    assert law().rule_set_on(D("2020-06-01"), by="due_date").rule("first_interview")["required"] is False


def test_five_working_days_across_the_2025_switch():
    # Start Friday 27.12.2024: Mon 30.12., Tue 31.12., (1.1. holiday), Thu 2.1., Fri 3.1., (6.1. Epiphany) Tue 7.1.
    assert CALENDAR.add_working_days(D("2024-12-27"), 5) == D("2025-01-07")


def test_day_counts_read_right_in_both_languages():
    from avi_valvonta.i18n import days_text

    assert days_text(1, "working_days").to_dict() == {"fi": "1 arkipäivä", "sv": "1 vardag"}
    assert days_text(5, "working_days").to_dict() == {"fi": "5 arkipäivää", "sv": "5 vardagar"}
    assert days_text(14).to_dict() == {"fi": "14 kalenteripäivää", "sv": "14 kalenderdagar"}
