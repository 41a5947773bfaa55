"""A non-editable wheel finds its plugins, templates and reference data: nothing is read from the source tree."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project built as a wheel and installed (without dependencies: those are in this venv) into a folder."""
    work = tmp_path_factory.mktemp("wheel")
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(work / "dist"), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert build.returncode == 0, build.stderr
    (wheel,) = (work / "dist").glob("avi_valvonta-*.whl")
    target = work / "site"
    inst = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert inst.returncode == 0, inst.stderr
    return target


def _run(site: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(site), "VALVONTA_DB": f"sqlite:///{cwd / 'db.sqlite3'}"}
    code = "import sys; from avi_valvonta.cli import main; sys.exit(main())"
    return subprocess.run(
        [sys.executable, "-c", code, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300
    )


def test_wheel_contains_plugins_templates_and_reference_data(installed: Path):
    assert (installed / "valvonta_equal_access" / "__init__.py").is_file()
    assert (installed / "valvonta_privacy" / "__init__.py").is_file()
    assert (installed / "avi_valvonta" / "templates").is_dir()
    assert (installed / "avi_valvonta" / "reference" / "data" / "municipalities.csv").is_file()
    assert (installed / "avi_valvonta" / "law" / "data" / "law.toml").is_file()
    assert (installed / "avi_valvonta" / "db" / "migrations" / "versions" / "0001_runs.py").is_file()
    entry_points = next(installed.glob("avi_valvonta-*.dist-info")) / "entry_points.txt"
    assert "[avi_valvonta]" in entry_points.read_text()


def test_installed_wheel_audits_a_demo_bundle_copied_elsewhere(installed: Path, tmp_path: Path):
    bundle = shutil.copytree(ROOT / "cases" / "inari", tmp_path / "somewhere" / "inari-2025")
    out = _run(installed, tmp_path, "audit", "Inari", "--case", str(bundle), "--format", "json")
    assert out.returncode == 0, out.stderr
    doc = json.loads(out.stdout)
    assert doc["municipality"]["code"] == "148" and doc["results"]
    assert set(doc["tool"]["plugins"]) >= {"equal_access", "language_rights", "privacy"}
    probe = subprocess.run(
        [
            sys.executable,
            "-c",
            "import avi_valvonta, valvonta_privacy; print(avi_valvonta.__file__, valvonta_privacy.__file__)",
        ],
        env={**os.environ, "PYTHONPATH": str(installed)},
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert all(p.startswith(str(installed)) for p in probe.stdout.split()), probe.stdout


def test_installed_wheel_plans_with_its_default_weights_and_page_template(installed: Path, tmp_path: Path):
    assert (installed / "avi_valvonta" / "planning" / "data" / "weights.toml").is_file()
    assert (installed / "avi_valvonta" / "templates" / "plan" / "plan.html.j2").is_file()
    args = ("plan", "--year", "2026", "--capacity", "20", "--seed", "1", "--as-of", "2025-11-01", "--format", "html")
    out = _run(installed, tmp_path, *args)
    assert out.returncode == 0, out.stderr
    assert "<svg" in out.stdout and "Riskiperusteinen valvontasuunnitelma 2026" in out.stdout
