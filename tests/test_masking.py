"""Masking is a core service: no identity code leaves the tool unmasked (design.md "Secret data stays secret").

One audit over a bundle FULL of identity codes (CSV cells, a cell broken over a line, PDF text on page 2, codes
broken over lines in a PDF, an image page, a code in bundle.toml's source, in the bundle's folder name and in a
document's file name), plus a careless third-party plugin that puts raw codes into every field of its results, its
warnings and its log lines and then crashes with a code in the message. The audit is rendered in EVERY format of
``avi_valvonta.report.BUILTIN`` (a new format is covered without touching this file) and language, stored in the
database, shown again from it, and a failing run and an internal error are made to talk on stderr and in the log.
Nothing may hold a pattern match with a correct check character: not stdout, stderr, the report file, the log
file, nor the raw bytes of the SQLite database file (and its WAL).
"""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from avi_valvonta.api import CheckMeta, Evidence, Severity, Tally, Text, hookimpl
from avi_valvonta.identity import iter_identity_codes
from avi_valvonta.report import BUILTIN, render
from avi_valvonta.testing import BundleBuilder

CHARS = "0123456789ABCDEFHJKLMNPRSTUVWXY"


def hetu(ddmmyy: str, sign: str, individual: str) -> str:
    return f"{ddmmyy}{sign}{individual}{CHARS[int(ddmmyy + individual) % 31]}"


# Synthetic codes with temporary individual numbers (900-999), every century family, look-alikes included. Their
# dates start with 04..31 days that cannot be read as a clock time (a run id holds HHMMSS), so a chance match is
# not mistaken for a leak.
CODES = [
    hetu("040576", "Y", "934"),  # 1900s, sign added in 2023
    hetu("150388", "-", "912"),
    hetu("311299", "+", "975"),  # 1800s
    hetu("250203", "A", "951"),  # 2000s
    hetu("240916", "B", "903"),
    hetu("290223", "Y", "917"),  # look-alike: 29.2.1923 does not exist, still masked
    hetu("260130", "A", "955"),  # born after as_of: not a finding, still masked
]
A, B, C, D, E, LOOK, FUTURE = CODES
# What must never appear: the code as written, and its person part (date + individual number) in any shape.
SECRETS = [*CODES, *(c[:6] + c[7:10] for c in CODES), *(c[:6] for c in CODES)]
assert all(int(c[:2]) >= 4 and int(c[2:4]) <= 12 for c in CODES)


def leaks(text: str) -> list[str]:
    """Unmasked identity codes (pattern matches with a correct check character) or their person parts in ``text``."""
    found = [m.code for m in iter_identity_codes(text) if m.checksum_ok]
    return found + [s for s in SECRETS if s in text]


# -- a careless plugin: raw codes everywhere it can put them ------------------------------------------------------

LEAKY = CheckMeta(
    id="TEST-LEAKY",
    area="general",
    title=Text(f"Vuotava {A}", f"Läckande {A}"),
    legal_basis=("test 1 §",),
    severity=Severity.HIGH,
    unit="documents",
)
CRASHING = CheckMeta(
    id="TEST-CRASHING",
    area="general",
    title=Text("Kaatuva", "Kraschande"),
    legal_basis=("test 1 §",),
    severity=Severity.LOW,
)


def leaky(ctx: Any) -> Any:
    log = logging.getLogger("avi_valvonta.test_leaky")
    log.warning(f"found {A} in the bundle")
    log.warning("found %s and %s", B, {"code": C})
    log.warning("found %(code)s", {"code": D})
    try:
        raise ValueError(f"cannot parse {E}")
    except ValueError:
        log.exception("while scanning %s", A)
    ctx.warn(Text(f"varoitus {A}", f"varning {A}"))
    tally = Tally(LEAKY)
    tally.checked(2)
    tally.fail(
        A,
        Evidence(
            Text(f"löytyi {A} ja {B}", f"hittade {A} och {B}"),
            client_id=B,
            staff_id=C,
            file=f"liite_{D}.pdf",
            excerpt=f"... {E} ...",
            data={"raw": A, f"key {B}": [C, {"nested": D}], "look_alike": LOOK},
        ),
    )
    return tally.result(message=Text(f"viesti {A}", f"meddelande {A}"), data={"codes": CODES})


def crashing(ctx: Any) -> Any:
    raise RuntimeError(f"crashed on {A}")


class LeakyPlugin:
    __version__ = "0.0.1"

    @hookimpl
    def register_checks(self, register: Any) -> None:
        register(LEAKY, leaky)
        register(CRASHING, crashing)


# -- the bundle -----------------------------------------------------------------------------------------------


def full_bundle(root: Path) -> Path:
    b = BundleBuilder(root, name=f"kunta_{A}")  # a code in the bundle's folder name
    b.client("K-1", coach_id="S1", note=f"hetu {A}")
    b.client("K-2", note=f"{LOOK} / {FUTURE}")
    b.client("K-3", note=f"{B[:7]}\n{B[7:]}")  # a cell broken over a line
    b.event("K-1", "2024-01-20", "initial_interview", staff_id="S1", detail=f"asiakas {C}")
    b.event("K-2", "2024-01-22", "initial_interview", staff_id="S1")
    b.staff("S1", "coach", comment=D)
    b.staff("S7", "it")
    b.access("2024-03-01T10:00:00", "S1", "K-1", action="view")
    b.access("2024-03-02T10:00:00", "NOBODY", E)  # a code as the client id of a log row
    b.service_point("P1", name=f"Toimipiste {A}")
    pages = [
        "Elinvoimalautakunta 19.3.2024\nPöytäkirja",
        f"§ 29 Oikaisuvaatimus\nKari Esimerkki ({A}) ja K-2\nlastensuojelu ja toimeentulotuki\n"
        f"Toinen asianosainen {B[:6]}\n{B[6:]} sekä {C[:7]}\n{C[7:]}\n{LOOK} {FUTURE}",
        None,  # an image-only page
    ]
    b.document(f"poytakirja_{D}.pdf", pages, doc_type="minutes", audience="public", date="2024-03-19")
    b.document("kirje.pdf", ["Kutsu", f"Asiakas {E}"], doc_type="letter", audience="client", client_id="K-1")
    b.document(
        "ilmoitus.txt",
        f"Kuulutus\n{A}\f{B} {C}",
        doc_type="notice",
        audience="public",
        date="2024-02-01",
        note=f"luettelo {C}",
    )
    b.document(f"kuvaamaton_{E}.pdf", ["ei kuvattu " + A], listed=False)  # undescribed: a warning names it
    path = b.write()
    toml = (path / "bundle.toml").read_text(encoding="utf-8")
    (path / "bundle.toml").write_text(
        toml.replace('source = "test bundle"', f'source = "vastaus, viite {A} ({LOOK})"'), encoding="utf-8"
    )
    return path


# -- fixtures -------------------------------------------------------------------------------------------------


@pytest.fixture
def log_file(tmp_path: Path) -> Iterator[Path]:
    """A fresh log handler in this test's log directory (the tool configures logging once per process)."""
    logger = logging.getLogger("avi_valvonta")
    saved = (list(logger.handlers), getattr(logger, "_valvonta_configured", False), logger.level)
    for h in list(logger.handlers):
        logger.removeHandler(h)
    if hasattr(logger, "_valvonta_configured"):
        del logger._valvonta_configured  # type: ignore[attr-defined]
    yield tmp_path / "log" / "valvonta.log"
    for h in list(logger.handlers):
        h.close()
        logger.removeHandler(h)
    for h in saved[0]:
        logger.addHandler(h)
    logger._valvonta_configured = saved[1]  # type: ignore[attr-defined]
    logger.setLevel(saved[2])


@pytest.fixture
def leaky_plugins(monkeypatch: pytest.MonkeyPatch) -> None:
    from avi_valvonta import plugins
    from avi_valvonta.audit import runner

    def load(disabled: Any = (), **kw: Any) -> Any:
        return plugins.load_plugins(disabled, extra=[("leaky", LeakyPlugin())])

    monkeypatch.setattr(runner, "load_plugins", load)


@pytest.fixture
def scratch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The system temp directory for this test: the working store must leave nothing behind."""
    d = tmp_path / "scratch"
    d.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(d))
    return d


def database_bytes(tmp_path: Path) -> bytes:
    files = sorted(tmp_path.glob("valvonta.sqlite3*"))
    assert files, "the run was not stored"
    return b"".join(f.read_bytes() for f in files)


def assert_clean(where: str, text: str | bytes) -> None:
    if isinstance(text, bytes):
        text = text.decode("utf-8", errors="replace")
    assert not leaks(text), f"unmasked identity code in {where}: {leaks(text)}"


# -- the audit ------------------------------------------------------------------------------------------------


def test_every_output_of_an_audit_full_of_codes_is_masked(tmp_path, cli, log_file, leaky_plugins, scratch):
    bundle = full_bundle(tmp_path / "in")
    out_dir = tmp_path / f"out_{A}"
    out_dir.mkdir()
    report_file = out_dir / f"raportti_{B}.json"

    code, stdout, stderr = cli("audit", "Kokkola", "--case", str(bundle), "--format", "json", "-o", str(report_file))
    assert code == 0, stderr
    assert_clean("stdout of audit --format json -o", stdout)
    assert_clean("stderr of audit", stderr)
    stored_json = report_file.read_text(encoding="utf-8")
    assert_clean("the report file", stored_json)

    # The audit did find what it should: the masked codes are there, with file, page and line.
    import json

    data = json.loads(stored_json)
    results = {r["check_id"]: r for r in data["results"]}
    assert results["PRIV-HETU-PUBLIC"]["outcome"] == "fail"
    assert results["PRIV-HETU-BUNDLE"]["affected"] >= 6
    assert results["TEST-LEAKY"]["outcome"] == "fail"
    assert results["TEST-CRASHING"]["outcome"] == "error"
    pages = {(e["file"], e.get("page")) for e in results["PRIV-HETU-PUBLIC"]["evidence"]}
    assert (f"poytakirja_******{D[6]}***{D[-1]}.pdf", 2) in pages
    assert "******Y***" + A[-1] in stored_json and "******Y***" + LOOK[-1] in stored_json

    code, stdout, stderr = cli("audit", "Kokkola", "--case", str(bundle), "--format", "table")
    assert code == 0, stderr
    assert_clean("stdout of audit --format table", stdout)
    assert_clean("stderr of audit --format table", stderr)

    # Every writer, in both languages, of the stored run and of a fresh in-process run.
    from avi_valvonta.audit.runner import AuditOptions, run_audit
    from avi_valvonta.plugins import load_plugins

    report = run_audit(
        "Kokkola",
        AuditOptions(case_dir=bundle, store=False),
        plugins=load_plugins(extra=[("leaky", LeakyPlugin())]),
    )
    assert BUILTIN, "no output formats?"
    for fmt in sorted(BUILTIN):
        for lang in ("fi", "sv"):
            assert_clean(f"--format {fmt} --lang {lang}", render(report, fmt, lang))

    # What the database holds, shown again, and its raw bytes.
    code, stdout, stderr = cli("runs", "--format", "json")
    assert code == 0 and data["run_id"] in stdout
    assert_clean("valvonta runs", stdout)
    for fmt in ("json", "table"):
        code, stdout, stderr = cli("show", data["run_id"], "--format", fmt)
        assert code == 0, stderr
        assert_clean(f"valvonta show --format {fmt}", stdout)
    assert_clean("the SQLite database file", database_bytes(tmp_path))

    # The log: the careless plugin logged codes as message, argument, mapping and exception.
    logging.getLogger("avi_valvonta").handlers[0].flush()
    log_text = log_file.read_text(encoding="utf-8")
    assert "found ******Y***" in log_text and "cannot parse ******" in log_text, log_text
    assert_clean("the log file", log_text)

    # The working store is gone (it holds the bundle's secret data while the audit runs).
    assert not list(scratch.iterdir())


def test_a_failing_run_masks_its_error_messages(tmp_path, cli, log_file):
    bundle = full_bundle(tmp_path / "in")
    clients = (bundle / "clients.csv").read_text(encoding="utf-8")
    (bundle / "clients.csv").write_text(clients.replace("1985-06-15", A, 1), encoding="utf-8")  # a bad cell
    events = (bundle / "events.csv").read_text(encoding="utf-8")
    (bundle / "events.csv").write_text(events.replace("K-2", LOOK), encoding="utf-8")  # unknown client: an error
    code, stdout, stderr = cli("audit", "Kokkola", "--case", str(bundle), "--format", "json")
    assert code == 2
    assert "birth_date" in stderr and "******Y***" in stderr, stderr
    assert_clean("stderr of a failing run", stderr)
    assert_clean("stdout of a failing run", stdout)
    from avi_valvonta.db import open_database

    assert open_database().runs() == [], "nothing is stored from an invalid bundle"
    assert_clean("the database after a failing run", database_bytes(tmp_path))


def test_usage_errors_mask_what_the_user_typed(tmp_path, cli, log_file):
    for args in (
        ("audit", A),  # an unknown municipality
        ("audit", "Kokkola", "--case", str(tmp_path / A)),  # a missing folder
        ("audit", "Kokkola", "--as-of", A),  # a bad date
        ("audit", "Kokkola", "--format", A),  # click's own choice error
        ("show", A),  # an unknown run
    ):
        code, stdout, stderr = cli(*args)
        assert code == 2, (args, stderr)
        assert_clean(f"stderr of {args}", stderr)
        assert_clean(f"stdout of {args}", stdout)


@pytest.mark.parametrize("debug", [False, True])
def test_an_internal_error_masks_screen_and_log(tmp_path, cli, log_file, monkeypatch, debug):
    from avi_valvonta.audit import runner

    def explode(*args: Any, **kw: Any) -> Any:
        raise RuntimeError(f"unexpected {A} in {B}")

    monkeypatch.setattr(runner, "run_audit", explode)
    bundle = full_bundle(tmp_path / "in")
    args = ["audit", "Kokkola", "--case", str(bundle)]
    code, _stdout, stderr = cli(*(["--debug", *args] if debug else args))
    assert code == 3
    assert ("******Y***" in stderr) is debug  # the traceback is shown only with --debug, masked
    assert_clean("stderr of an internal error", stderr)
    for h in logging.getLogger("avi_valvonta").handlers:
        h.flush()
    log_text = log_file.read_text(encoding="utf-8")
    assert "RuntimeError" in log_text and "unexpected ******Y***" in log_text
    assert_clean("the log of an internal error", log_text)


def test_the_leak_detector_itself_sees_codes():
    # A test that cannot fail is a defect: the detector must see each shape it is meant to catch.
    for text in (A, f"x {B[:7]}\n{B[7:]} y", C[:6] + C[7:10], LOOK, FUTURE.lower()):
        assert leaks(text), text
    assert leaks("******Y***B ja ******-***X") == []


def test_the_working_store_never_holds_an_unmasked_code(tmp_path):
    # The working store is a file on disk while the audit runs (and after a crash): pages are kept masked, line
    # breaks kept, and what the checks need of each code is recorded beside them.
    from avi_valvonta.bundle import load_bundle

    bundle = load_bundle(full_bundle(tmp_path / "in"))
    try:
        bundle.store.conn.commit()
        assert_clean("the working store", bundle.store.path.read_bytes())
        name = f"poytakirja_******{D[6]}***{D[-1]}.pdf"  # stored under its masked name
        pages = bundle.store.pages(name)
        assert len(pages) == 3 and pages[1].text.count("\n") >= 6  # the broken codes kept their line breaks
        codes = bundle.store.page_codes(name)
        shown = [(page, line, masked, valid) for page, _s, _e, line, masked, valid, _b, _x in codes]
        assert shown == [
            (2, 2, f"******{A[6]}***{A[-1]}", True),
            (2, 4, f"******{B[6]}***{B[-1]}", True),
            (2, 5, f"******{C[6]}***{C[-1]}", True),
            (2, 7, f"******{LOOK[6]}***{LOOK[-1]}", False),
            (2, 7, f"******{FUTURE[6]}***{FUTURE[-1]}", True),  # valid, born after as_of: the check decides
        ]
        text = pages[1].text
        for _page, start, end, _line, masked, *_ in codes:
            assert text[start:end].rstrip("\n") == masked
    finally:
        bundle.close()
