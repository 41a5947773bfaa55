"""The demo cases: reproducible from their generator, and auditable end to end."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from avi_valvonta.audit.runner import AuditOptions, run_audit
from avi_valvonta.checks import Outcome

CASES = Path(__file__).resolve().parents[1] / "cases"
DEMOS = ["kokkola", "inari", "tampere"]


def test_generator_reproduces_the_committed_demo_cases(tmp_path: Path):
    subprocess.run(
        [sys.executable, str(CASES / "generate.py"), "--demo", "--root", str(tmp_path)], check=True, capture_output=True
    )
    for name in DEMOS:
        made = sorted(p.relative_to(tmp_path / name) for p in (tmp_path / name).rglob("*") if p.is_file())
        committed = sorted(p.relative_to(CASES / name) for p in (CASES / name).rglob("*") if p.is_file())
        assert made == committed, name
        for rel in made:
            assert (tmp_path / name / rel).read_bytes() == (CASES / name / rel).read_bytes(), f"{name}/{rel}"


@pytest.mark.parametrize(
    "name, kunta, law",
    [("kokkola", "Kokkola", "1269/2020"), ("inari", "Enare", "380/2023"), ("tampere", "Tammerfors", "380/2023")],
)
def test_demo_case_audits(name: str, kunta: str, law: str):
    report = run_audit(kunta, AuditOptions(case_dir=CASES / name, store=False))
    assert report.regime["law"] == law
    assert not [r.check_id for r in report.results if r.outcome is Outcome.ERROR]
    assert any(r.outcome is Outcome.FAIL for r in report.results)
    assert report.proposal.measure != "none"
