"""The worked example of the spec (../shared/examples): our implementation must reproduce every number."""

from __future__ import annotations

import json

import pytest

from avi_valvonta.audit.runner import AuditOptions, run_audit
from avi_valvonta.plugins import load_plugins
from conftest import EXAMPLE, SHARED

EXPECTED_FILE = SHARED / "examples" / "kokkola-2024.expected.json"
EXPECTED = json.loads(EXPECTED_FILE.read_text(encoding="utf-8")) if EXPECTED_FILE.is_file() else {"results": {}}
pytestmark = pytest.mark.skipif(not EXAMPLE.is_dir(), reason="../shared/examples is not present")


@pytest.fixture(scope="module")
def report():  # type: ignore[no-untyped-def]
    return run_audit("Kokkola", AuditOptions(case_dir=EXAMPLE, store=False))


def test_municipality(report):
    assert report.municipality["code"] == EXPECTED["municipality_code"]


def test_every_check_of_the_catalogue_runs(report):
    assert set(EXPECTED["results"]) <= set(load_plugins().checks)
    assert {r.check_id for r in report.results} >= set(EXPECTED["results"])


@pytest.mark.parametrize("check_id", sorted(EXPECTED["results"]))
def test_result(report, check_id):
    expected = EXPECTED["results"][check_id]
    got = report.result(check_id)
    assert str(got.outcome) == expected["outcome"]
    if "affected" in expected:
        assert (got.affected, got.population) == (expected["affected"], expected["population"])


def test_proposal(report):
    assert report.proposal.measure == EXPECTED["proposal"]
    # The three results of rule 2 (a high fail at >= 10 %), examples/README.md.
    assert sorted(report.proposal.check_ids) == ["EQ-INTERVIEW-LATE", "LANG-DOCUMENT-LANGUAGE", "PRIV-HETU-PUBLIC"]


def test_identity_code_never_unmasked(report):
    from avi_valvonta.report import BUILTIN, render

    for fmt in BUILTIN:
        text = render(report, fmt).decode("utf-8")
        assert "040576Y934B" not in text and "290223Y917U" not in text
