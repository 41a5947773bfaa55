"""Derive the project's own reference files from the public source data in ``../shared/data``.

Run once by a developer when the classification changes (``python tools/build_reference_data.py``); the tool never
reads ``../shared`` at run time. Only the facts the tool needs are carried over, in the project's own format, with the
source cited in each file's header:

- ``municipalities.csv``: code, fi/sv names, language status (VNA 1385/2022 via Statistics Finland's
  ``kielisuhde``), region, employment area of 1.1.2025.
- ``employment_areas.csv``: the 45 employment areas of 1.1.2025 (+ Åland, which is outside 380/2023).
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
OUT = ROOT / "src" / "avi_valvonta" / "reference" / "data"

# Statistics Finland `kielisuhde_code`:
# 0 Finnish, 1 bilingual Finnish majority, 2 Swedish, 3 bilingual Swedish majority.
LANGUAGE_STATUS = {"0": ("fi", "fi"), "1": ("fi;sv", "fi"), "2": ("sv", "sv"), "3": ("fi;sv", "sv")}

HEADER = """# Municipalities of Finland with the facts avi-valvonta needs.
# Source: Statistics Finland municipality classification 2025 and 2026 (kuntanumero, names, kielisuhde = language
# status under VNA 1385/2022, maakunta, tyollisyysalue), as packaged by rOpenGov/geofi (BSD-2). Derived by
# tools/build_reference_data.py; do not edit by hand.
"""

AREAS_HEADER = """# Employment areas (työllisyysalueet) of 1.1.2025
# under laki työvoimapalvelujen järjestämisestä 380/2023.
# Source: Statistics Finland municipality classification 2025 (tyollisyysalue), as packaged by rOpenGov/geofi.
# Åland (code 46) is listed for completeness: employment services there are Åland's own competence,
# not 380/2023.
# Derived by tools/build_reference_data.py; editable data (the areas can change by government decision).
"""


def main() -> int:
    src25 = SHARED / "municipalities" / "statfi_municipality_key_2025.csv"
    src26 = SHARED / "municipalities" / "statfi_municipality_key_2026.csv"
    rows25 = {r["kuntanumero"]: r for r in csv.DictReader(src25.open(encoding="utf-8"))}
    rows26 = {r["kuntanumero"]: r for r in csv.DictReader(src26.open(encoding="utf-8"))}
    if set(rows25) != set(rows26):
        print("municipality sets differ between 2025 and 2026; review by hand", file=sys.stderr)
        return 1
    OUT.mkdir(parents=True, exist_ok=True)
    with (OUT / "municipalities.csv").open("w", encoding="utf-8", newline="") as fh:
        fh.write(HEADER)
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(
            [
                "code",
                "name_fi",
                "name_sv",
                "languages",
                "majority",
                "region_fi",
                "region_sv",
                "employment_area",
            ]
        )
        for code in sorted(rows25):
            r = rows25[code]
            languages, majority = LANGUAGE_STATUS[r["kielisuhde_code"]]
            writer.writerow(
                [
                    code,
                    r["municipality_name_fi"].strip(),
                    r["municipality_name_sv"].strip(),
                    languages,
                    majority,
                    r["maakunta_name_fi"].strip(),
                    r["maakunta_name_sv"].strip(),
                    r["tyollisyysalue_code"].strip(),
                ]
            )
    areas: dict[str, list[str]] = {}
    names: dict[str, tuple[str, str]] = {}
    for code, r in sorted(rows25.items()):
        area = r["tyollisyysalue_code"].strip()
        areas.setdefault(area, []).append(code)
        names[area] = (r["tyollisyysalue_name_fi"].strip(), r["tyollisyysalue_name_sv"].strip())
    with (OUT / "employment_areas.csv").open("w", encoding="utf-8", newline="") as fh:
        fh.write(AREAS_HEADER)
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["code", "name_fi", "name_sv", "valid_from", "valid_to", "under_380_2023", "members"])
        for area in sorted(areas, key=int):
            writer.writerow(
                [
                    area,
                    *names[area],
                    "2025-01-01",
                    "",
                    "false" if area == "46" else "true",
                    ";".join(areas[area]),
                ]
            )
    print(f"wrote {len(rows25)} municipalities and {len(areas)} employment areas to {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
