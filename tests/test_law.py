import datetime as dt

from avi_valvonta.law import law
from avi_valvonta.reference import reference

D = dt.date.fromisoformat


def test_supervisor_by_date():
    assert law().supervisor_on(D("2025-12-31")).short == "LSSAVI"
    assert law().supervisor_on(D("2026-01-01")).name.fi == "Lupa- ja valvontavirasto"
    assert law().supervisor_on(D("2024-05-01")).name.sv == "Regionförvaltningsverket i Västra och Inre Finland"


def test_regimes_and_their_measures():
    exp = law().regime_on(D("2024-12-31"))
    new = law().regime_on(D("2025-01-01"))
    assert exp.law == "1269/2020" and "suspension" in exp.measures and "fine_enforcement" not in exp.measures
    assert new.law == "380/2023" and "fine_enforcement" in new.measures and "suspension" not in new.measures
    assert law().regime_on(D("2021-02-28")) is None
    m = law().measure("remark")
    assert not m.appealable and m.basis_in(exp) == ("1269/2020 22 § 5 mom",)
    assert law().measure("correction_order").appealable and law().measure("correction_order").requires_deadline


def test_jurisdiction_by_date():
    L = law()
    assert L.supervised_on("272", D("2024-01-01"))[0]  # Kokkola, experiment municipality
    assert not L.supervised_on("186", D("2024-01-01"))[0]  # Järvenpää: not in the experiment
    assert L.supervised_on("186", D("2025-03-01"))[0]  # every employment authority from 2025
    ok, reason = L.supervised_on("478", D("2025-03-01"))
    assert not ok and "Ahvenanmaa" in reason.fi  # Åland: its own competence
    assert not L.supervised_on("272", D("2021-02-01"))[0]


def test_language_provisions_reach_by_date_and_status():
    L, ref = law(), reference()
    kokkola, tampere, inari = (ref.resolve_unit(n) for n in ("Kokkola", "Tampere", "Inari"))
    assert L.provision_on("client_language", D("2024-06-01"), kokkola) is not None
    assert L.provision_on("client_language", D("2024-06-01"), tampere) is None  # unilingual, experiment era
    assert L.provision_on("client_language", D("2025-06-01"), tampere) is not None  # 380/2023 19 §
    assert L.provision_on("saami_language", D("2025-06-01"), inari) is not None
    assert L.provision_on("saami_language", D("2025-06-01"), tampere) is None


def test_unverified_rule_sets_are_warned_about():
    assert law().unverified_between(D("2025-01-01"), D("2025-12-31")) == []
    notes = law().unverified_between(D("2025-07-01"), D("2026-06-30"))
    assert len(notes) == 1 and "HE 108/2025" in notes[0].fi and "RP 108/2025" in notes[0].sv
