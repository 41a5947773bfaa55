"""The plugin runtime: entry-point discovery (built-ins and third parties alike), disabling, validation."""

from __future__ import annotations

import inspect
import textwrap
from pathlib import Path

import pytest

from avi_valvonta import hookspecs
from avi_valvonta.plugins import load_plugins
from avi_valvonta.testing import BundleBuilder, result_of

THIRD_PARTY = """
from avi_valvonta.api import CheckMeta, Evidence, Severity, Tally, Text, hookimpl

__version__ = "9.9.1"

META = CheckMeta(
    id="XT-COACH-MISSING",
    area="equal_access",
    title=Text("Asiakkaalla ei ole valmentajaa", "Klienten har ingen coach"),
    legal_basis=("1269/2020 9 §",),
    severity=Severity.LOW,
)

def run(ctx):
    tally = Tally(META)
    for c in ctx.clients():
        tally.checked()
        if not c.coach_id:
            tally.fail(c.client_id, Evidence(Text("ei valmentajaa", "ingen coach"), client_id=c.client_id))
    return tally.result()

@hookimpl
def register_checks(register):
    register(META, run)
"""

BAD = """
from avi_valvonta.api import CheckMeta, Severity, Text, hookimpl

@hookimpl
def register_checks(register):
    register(CheckMeta(id="BAD-ONE", area="astrology", title=Text("x", "y"), legal_basis=(),
                       severity=Severity.LOW), lambda ctx: None)
"""


def _install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, source: str) -> None:
    """A real distribution on sys.path with an entry point in the avi_valvonta group."""
    module = f"{name}_plugin"
    (tmp_path / f"{module}.py").write_text(textwrap.dedent(source), encoding="utf-8")
    dist = tmp_path / f"{name}_plugin-1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}-plugin\nVersion: 1.0\n", encoding="utf-8")
    (dist / "entry_points.txt").write_text(f"[avi_valvonta]\n{name} = {module}\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    import importlib

    importlib.invalidate_caches()


def test_builtins_are_entry_point_plugins():
    plugins = load_plugins()
    assert {"equal_access", "language_rights", "privacy"} <= set(plugins.versions())
    assert plugins.checks["EQ-INTERVIEW-LATE"].plugin == "equal_access"


def test_third_party_plugin_is_discovered_and_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    (tmp_path / "site").mkdir()
    _install(tmp_path / "site", monkeypatch, "thirdparty", THIRD_PARTY)
    plugins = load_plugins()
    assert plugins.versions()["thirdparty"] == "9.9.1"
    assert plugins.checks["XT-COACH-MISSING"].plugin == "thirdparty"
    b = BundleBuilder(tmp_path)
    b.client("K-1", coach_id="S1").client("K-2")
    report = b.audit()
    r = result_of(report, "XT-COACH-MISSING")
    assert (str(r.outcome), r.affected, r.population) == ("fail", 1, 2)
    assert report.plugins["thirdparty"] == "9.9.1"


def test_bad_plugin_is_rejected_by_name_and_the_others_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    (tmp_path / "site").mkdir()
    _install(tmp_path / "site", monkeypatch, "badplugin", BAD)
    plugins = load_plugins()
    info = plugins.info["badplugin"]
    assert info.status == "rejected"
    assert "unknown area 'astrology'" in info.problem and "legal basis" in info.problem
    assert "EQ-INTERVIEW-LATE" in plugins.checks and "BAD-ONE" not in plugins.checks
    b = BundleBuilder(tmp_path)
    b.client("K-1")
    report = b.audit()
    assert any("badplugin" in w.fi for w in report.warnings)


def test_disable_and_allow_list(monkeypatch: pytest.MonkeyPatch):
    plugins = load_plugins(disabled=["privacy"])
    assert plugins.info["privacy"].status == "disabled"
    assert not any(c.startswith("PRIV-") for c in plugins.checks)
    monkeypatch.setenv("VALVONTA_PLUGINS", "equal_access")
    plugins = load_plugins()
    assert set(plugins.versions()) == {"equal_access"}


def test_every_hook_has_a_docstring():
    hooks = [f for name, f in inspect.getmembers(hookspecs, inspect.isfunction) if hasattr(f, "avi_valvonta_spec")]
    assert len(hooks) >= 6
    for f in hooks:
        doc = inspect.getdoc(f)
        assert doc and len(doc) > 40, f"hook {f.__name__} needs a docstring that explains it"


def test_plugins_import_only_the_public_api():
    root = Path(__file__).resolve().parents[1] / "plugins"
    for path in root.rglob("*.py"):
        for line in path.read_text(encoding="utf-8").splitlines():
            stripped = line.strip()
            if stripped.startswith(("from avi_valvonta", "import avi_valvonta")):
                assert stripped.startswith("from avi_valvonta.api import"), f"{path}: {stripped}"
            for other in ("valvonta_equal_access", "valvonta_language_rights", "valvonta_privacy"):
                if other in stripped and stripped.startswith(("from ", "import ")):
                    assert other == f"valvonta_{path.relative_to(root).parts[0]}", f"{path} imports {other}"


def test_cli_lists_plugins_and_checks(cli):
    code, out, _ = cli("plugins", "--format", "json")
    assert code == 0 and '"equal_access"' in out
    code, out, _ = cli("checks", "--format", "json")
    import json

    rows = {r["id"]: r for r in json.loads(out)}
    assert rows["EQ-INTERVIEW-LATE"]["title"]["sv"] and rows["EQ-INTERVIEW-LATE"]["legal_basis"]
    assert rows["PRIV-HETU-PUBLIC"]["area"] == "privacy"
