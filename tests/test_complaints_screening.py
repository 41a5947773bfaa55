"""Complaint screening: jurisdiction by the events date, the two-year rule (HL 53 b § 3 mom), likely duplicates and
the plugins' topics - each with its reason - and overrides with a recorded justification."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from avi_valvonta.api import ComplaintView, Text, Topic, hookimpl
from avi_valvonta.complaints import ComplaintRegister, ComplaintSettings
from avi_valvonta.complaints.screening import Facts, jurisdiction, two_year_rule
from avi_valvonta.complaints.submission import validate
from avi_valvonta.db import open_database
from avi_valvonta.plugins import load_plugins


def facts(code: str, events: str, received: str = "2025-06-02", target: str = "municipality") -> Facts:
    return Facts(code, dt.date.fromisoformat(events), dt.date.fromisoformat(received), target, "teksti", "fi")


def submit(register: ComplaintRegister, **fields: Any) -> Any:
    raw: dict[str, Any] = {
        "municipality": "Tampere",
        "events_date": "2024-02-01",
        "received": "2024-03-01",
        "channel": "email",
        "text": "Alkuhaastattelu myöhästyi kolme viikkoa.",
        "complainant": {"name": "Liisa Laine", "email": "liisa@example.fi", "language": "fi"},
    }
    raw.update(fields)
    sub = validate(raw, source="test", base_dir=Path.cwd(), today=dt.date(2026, 1, 1), settings=register.settings)
    return register.register(sub, actor="tester")


@pytest.fixture
def register(db_url: str) -> Any:
    r = ComplaintRegister(open_database(db_url), ComplaintSettings())
    yield r
    r.db.engine.dispose()


# -- jurisdiction -----------------------------------------------------------------------------------------------


def test_te_office_in_2023_is_outside_competence():
    result = jurisdiction(facts("837", "2023-05-10", "2024-01-15", target="te_office"))
    assert result["ok"] is False and result["manual"] is False
    assert "TE-toimiston tehtävät eivät kuulu valvojan toimivaltaan" in result["reason"]["fi"]
    assert "arbets- och näringsbyråns uppgifter" in result["reason"]["sv"]
    assert "1269/2020 22 §" in result["basis"]


@pytest.mark.parametrize("target", ["kela", "court"])
def test_kela_and_court_matters_are_outside_competence(target):
    result = jurisdiction(facts("837", "2025-03-01", target=target))
    assert result["ok"] is False
    assert ("Kela" if target == "kela" else "tuomioistuin") in result["reason"]["fi"]


def test_other_target_needs_an_inspector():
    result = jurisdiction(facts("837", "2025-03-01", target="other"))
    assert result["ok"] is False and result["manual"] is True


def test_jurisdiction_follows_the_events_date():
    # Kauniainen (235) was not an experiment municipality: outside competence in 2023 ...
    in_2023 = jurisdiction(facts("235", "2023-05-10", "2024-01-15"))
    assert in_2023["ok"] is False
    assert (
        "ei ollut kokeilualueen kunta" in in_2023["reason"]["fi"] and "Kauniainen 10.5.2023" in in_2023["reason"]["fi"]
    )
    assert "Grankulla" in in_2023["reason"]["sv"]
    # ... and every employment authority from 2025 is inside (380/2023).
    in_2025 = jurisdiction(facts("235", "2025-02-03"))
    assert in_2025["ok"] is True and "380/2023" in in_2025["reason"]["fi"]
    # An experiment municipality in 2023 is inside, with its area named.
    tampere = jurisdiction(facts("837", "2023-05-10", "2024-01-15"))
    assert tampere["ok"] is True and "kokeilualueen kunta" in tampere["reason"]["fi"]


def test_before_the_experiment_and_aaland_are_outside():
    assert jurisdiction(facts("837", "2020-11-02", "2021-06-01"))["ok"] is False
    aaland = jurisdiction(facts("478", "2025-03-03"))  # Maarianhamina: Åland's own employment services
    assert aaland["ok"] is False and "Ahvenanmaa" in aaland["reason"]["fi"]


# -- two-year rule ----------------------------------------------------------------------------------------------


def test_two_year_rule():
    old = two_year_rule(facts("837", "2023-06-01", "2025-06-02"))
    assert old["ok"] is False and old["basis"] == ["HL 434/2003 53 b § 3 mom"]
    assert "yli 2 vuotta" in old["reason"]["fi"] and "erityistä syytä" in old["reason"]["fi"]
    assert "mer än 2 år" in old["reason"]["sv"]
    exactly = two_year_rule(facts("837", "2023-06-02", "2025-06-02"))
    assert exactly["ok"] is True  # two years to the day is not more than two years
    assert two_year_rule(facts("837", "2025-01-01", "2025-06-02"))["ok"] is True


def test_a_two_year_old_matter_is_flagged_and_an_override_is_recorded(register):
    c = submit(register, events_date="2021-09-01", received="2024-03-01")
    record = register.get(c.dnro)
    assert record.screening["two_year_rule"]["ok"] is False
    assert record.screening["jurisdiction"]["ok"] is True  # Tampere was in the experiment in 2021
    assert record.screening["investigate"] is False
    register.override(c.dnro, "two_year_rule", True, "Menettely jatkuu edelleen: erityinen syy tutkia.", "esimies")
    record = register.get(c.dnro)
    rule = record.screening["two_year_rule"]
    assert (rule["ok"], rule["auto_ok"]) == (True, False)
    assert rule["override"]["justification"] == "Menettely jatkuu edelleen: erityinen syy tutkia."
    assert rule["override"]["actor"] == "esimies"
    assert record.screening["investigate"] is True
    assert [e.what for e in record.events] == ["registered", "screened", "override"]
    # Screening again keeps the override, and is recorded too.
    register.rescreen(c.dnro, "esimies")
    record = register.get(c.dnro)
    assert record.screening["two_year_rule"]["ok"] is True
    assert [e.what for e in record.events][-1] == "screened" and record.events[-1].detail["again"] is True


# -- duplicates -------------------------------------------------------------------------------------------------


def test_duplicates_are_the_same_complainant_with_a_similar_text(register):
    first = submit(register)
    # The same person (name written differently), the text slightly edited: a likely duplicate.
    second = submit(
        register,
        text="Alkuhaastattelu myöhästyi kolme viikkoa!",
        complainant={"name": "LIISA  LÄINE", "language": "fi", "phone": "0401234567"},
    )
    # Found by the e-mail address although the name differs.
    third = submit(register, complainant={"name": "L. Laine", "email": "LIISA@example.fi", "language": "fi"})
    # Another person with the same text: not a duplicate.
    other = submit(register, complainant={"name": "Pekka Puro", "email": "pekka@example.fi", "language": "fi"})
    # The same person about something else: not a duplicate.
    different = submit(register, text="Kukaan ei vastannut puhelimeen ruotsiksi, vaikka pyysin tulkkia.")
    assert register.get(first.dnro).screening["duplicates"] == []
    assert register.get(second.dnro).screening["duplicates"] == [first.dnro]  # case, accents and spaces ignored
    assert register.get(third.dnro).screening["duplicates"] == [first.dnro]  # the e-mail, whatever the name
    assert register.get(other.dnro).screening["duplicates"] == []
    assert register.get(different.dnro).screening["duplicates"] == []
    check = register.get(third.dnro).screening["duplicate_check"]
    assert check["ok"] is False and check["candidates"][0]["score"] == 100.0
    register.override(third.dnro, "duplicates", True, "Eri tapahtuma, eri kuukausi.", "tarkastaja")
    check = register.get(third.dnro).screening["duplicate_check"]
    assert check["ok"] is True and check["auto_ok"] is False


def test_duplicate_threshold_is_configurable(db_url):
    strict = ComplaintRegister(open_database(db_url), ComplaintSettings(duplicate_threshold=99.5))
    submit(strict)
    edited = submit(strict, text="Alkuhaastattelu myöhästyi kolme viikkoa, taas.")
    assert strict.get(edited.dnro).screening["duplicates"] == []
    loose = ComplaintRegister(strict.db, ComplaintSettings(duplicate_threshold=80))
    again = submit(loose, text="Alkuhaastattelu myöhästyi kolme viikkoa, taas.")
    assert len(loose.get(again.dnro).screening["duplicates"]) == 2
    strict.db.engine.dispose()


def test_a_normalised_name_finds_the_same_complainant(register):
    first = submit(register, complainant={"name": "Åsa Öberg", "language": "sv"})
    second = submit(register, complainant={"name": "  åsa   öberg ", "language": "sv"})
    assert register.get(second.dnro).screening["duplicates"] == [first.dnro]


# -- topics from the plugins ------------------------------------------------------------------------------------


def topics_of(text: str, plugins: Any = None) -> dict[str, list[dict[str, Any]]]:
    from avi_valvonta.complaints.screening import topics

    found, warnings = topics(Facts("272", dt.date(2024, 3, 1), dt.date(2024, 4, 1), "municipality", text, "fi"),
                             plugins or load_plugins())  # fmt: skip
    assert warnings == []
    out: dict[str, list[dict[str, Any]]] = {}
    for t in found:
        out.setdefault(t["area"], []).append(t)
    return out


def words(found: dict[str, list[dict[str, Any]]], area: str) -> set[str]:
    return {w for t in found.get(area, []) for w in t["words"]}


def test_language_rights_topics_with_their_words():
    found = topics_of("Jag fick ingen service på svenska och ingen tolk fanns. Päätös tuli vain suomeksi.")
    assert {"svenska", "tolk"} <= words(found, "language_rights")
    reasons = {t["reason"]["fi"] for t in found["language_rights"]}
    assert any("ruotsin kieli" in r for r in reasons) and any("tulkkaus" in r for r in reasons)
    fi = topics_of("Pyysin ruotsinkielistä palvelua ja tulkkia, mutta asiointitulkki ei tullut.")
    assert {"ruotsinkielistä", "tulkkia", "asiointitulkki"} <= words(fi, "language_rights")
    saami = topics_of("Halusin asioida saameksi. Mun hálidin sámegillii.")
    assert {"saameksi", "sámegillii"} <= words(saami, "language_rights")
    assert any("1086/2003" in t["reason"]["fi"] for t in saami["language_rights"])
    assert all(t["plugin"] == "language_rights" for t in saami["language_rights"])


def test_privacy_topics_with_their_words():
    found = topics_of("Henkilötunnukseni näkyi kunnan verkkosivuilla julkaistussa pöytäkirjassa.")
    assert {"Henkilötunnukseni", "verkkosivuilla", "pöytäkirjassa"} <= words(found, "privacy")
    assert any("julkaistu verkossa" in t["reason"]["fi"] for t in found["privacy"])
    masked = topics_of("Koodi ******-***T oli liitteessä.")  # a code the core masked at intake
    assert "******-***T" in words(masked, "privacy")
    records = topics_of("Virkailija katsoi asiakastietojani luvatta; lokitiedot pitää tarkistaa.")
    assert {"asiakastietojani", "luvatta", "lokitiedot"} <= words(records, "privacy")
    sv = topics_of("Mina personuppgifter publicerades på nätet.")
    assert {"personuppgifter"} <= words(sv, "privacy")


def test_equal_access_topics_with_their_words():
    found = topics_of(
        "Alkuhaastattelu tuli vasta kuukauden päästä, työllistymissuunnitelmaa ei tehty ja jonotin puhelimessa. "
        "En päässyt palveluun, koska valmentajalla on liikaa asiakkaita."
    )
    got = words(found, "equal_access")
    assert {"Alkuhaastattelu", "työllistymissuunnitelmaa", "jonotin", "valmentajalla", "liikaa asiakkaita"} <= got
    sv = topics_of("Jag har väntat på en intervju i två månader och ingen plan har gjorts.")
    assert {"väntat", "intervju", "plan"} <= words(sv, "equal_access")


def test_a_plain_text_gets_no_topics():
    assert topics_of("Kiitos hyvästä palvelusta.") == {}


class Broken:
    @hookimpl
    def classify_complaint(self, complaint: ComplaintView) -> list[Topic]:
        raise RuntimeError("boom")


class Extra:
    @hookimpl
    def classify_complaint(self, complaint: ComplaintView) -> list[Topic]:
        return [Topic("general", Text("yleinen", "allmän"), ("x",))]


def test_a_failing_plugin_is_named_and_the_others_still_count(register):
    from avi_valvonta.complaints.screening import topics

    plugins = load_plugins(extra=[("broken", Broken()), ("extra", Extra())])
    found, warnings = topics(Facts("272", dt.date(2024, 3, 1), dt.date(2024, 4, 1), "municipality", "tulkki", "fi"),
                             plugins)  # fmt: skip
    assert warnings and "broken" in warnings[0] and "boom" in warnings[0]
    areas = {(t["area"], t["plugin"]) for t in found}
    assert ("language_rights", "language_rights") in areas and ("general", "extra") in areas
    # and an intake with it works, with the warning recorded
    register.plugins = plugins
    c = submit(register, text="Tulkkia ei ollut.")
    assert register.get(c.dnro).screening["warnings"] == warnings


def test_disabled_plugins_do_not_classify(monkeypatch):
    monkeypatch.setenv("VALVONTA_PLUGINS", "privacy")
    found = topics_of("Tulkkia ei ollut ja henkilötunnus näkyi verkossa.", load_plugins())
    assert set(found) == {"privacy"}
