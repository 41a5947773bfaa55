import datetime as dt

import pytest

from avi_valvonta.errors import UsageError
from avi_valvonta.reference import normalise_name, reference, slug


def test_all_municipalities_with_language_status():
    ref = reference()
    assert len(ref.municipalities) == 308
    bilingual = [m for m in ref.municipalities.values() if m.bilingual]
    assert len(bilingual) == 33  # VNA 1385/2022: 18 Finnish-majority + 15 Swedish-majority
    assert sum(m.majority == "sv" for m in bilingual) == 15
    assert ref.resolve("Kokkola").majority == "fi" and ref.resolve("Kokkola").bilingual
    assert ref.resolve("Närpiö").majority == "sv"
    assert ref.resolve("Maarianhamina").languages == ("sv",)


@pytest.mark.parametrize(
    "name, code",
    [
        ("hameenlinna", "109"),
        ("Tavastehus", "109"),
        ("Karleby", "272"),
        ("272", "272"),
        ("KOKKOLA", "272"),
        ("Pedersöre", "599"),
        ("pedersoren kunta", "599"),
        ("Maarianhamina - Mariehamn", "478"),
        ("91", "091"),
    ],
)
def test_name_resolution_is_case_and_diacritics_tolerant(name, code):
    assert reference().resolve(name).code == code


def test_unknown_name_gives_closest_suggestions():
    with pytest.raises(UsageError) as e:
        reference().resolve("Kokola")
    assert "Kokkola" in str(e.value)


def test_experiment_areas_and_saami_homeland():
    ref = reference()
    assert len(ref.experiment_areas) == 25
    assert sum(len(a.members) for a in ref.experiment_areas) == 118
    area = ref.experiment_area_of("272", dt.date(2024, 6, 1))
    assert area is not None and area.name_fi == "Kokkolan seudun kuntakokeilu"
    assert ref.experiment_area_of("272", dt.date(2025, 1, 1)) is None  # the experiment ended 31.12.2024
    assert ref.experiment_area_of("091", dt.date(2021, 2, 28)) is None  # …and began 1.3.2021
    assert ref.experiment_area_of("020", dt.date(2023, 1, 1)) is not None  # Akaa, Pirkanmaa
    assert ref.experiment_area_of("049", dt.date(2023, 1, 1)) is not None  # Espoo
    assert ref.experiment_area_of("165", dt.date(2023, 1, 1)) is not None  # Janakkala
    assert ref.experiment_area_of("186", dt.date(2023, 1, 1)) is None  # Järvenpää was not in the experiment
    assert sorted(m.name_fi for m in ref.filter(saami=True)) == ["Enontekiö", "Inari", "Sodankylä", "Utsjoki"]
    assert len(ref.employment_areas) == 46  # 45 under 380/2023 + Åland


def test_area_as_audit_unit():
    unit = reference().resolve_unit("Kokkolan seudun kuntakokeilu")
    assert unit.kind == "experiment_area" and "272" in unit.member_codes and len(unit.member_codes) == 8
    assert unit.bilingual  # Kokkola is bilingual
    lappi = reference().resolve_unit("Pohjois- ja Itä-Lappi")
    assert lappi.saami_homeland


def test_slug():
    assert slug("Hämeenlinna") == "hameenlinna"
    assert slug("Mänttä-Vilppula") == "mantta-vilppula"
    assert slug("Koski Tl") == "koski-tl"
    assert normalise_name("  Åbo ") == "abo"
