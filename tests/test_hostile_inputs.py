"""The hostile-input corpus (issue 10, part 2): malformed bundles and files through the real CLI.

Every case starts from one small valid bundle, breaks one thing, and runs ``valvonta audit`` on it. A broken input
must give exit 2, a message on stderr that names the file and the line (or page, or TOML line) and the field where
there is one, no traceback anywhere, and nothing stored (``valvonta runs --format json`` is ``[]``). The few inputs
the format allows (CRLF, CR-only, a BOM, extra columns, a header-only file) must run.

Big inputs (a 10 MB line, a 6000-page PDF) are made once per session in a temporary folder. The nastiest cases
(those that could hang a process) run in a subprocess with a timeout.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from avi_valvonta.testing import BundleBuilder, make_pdf

# -- the valid starting point --------------------------------------------------------------------------------------
# clients.csv: K-1 on line 2, K-2 on line 3; events.csv: E00001 line 2, E00002 line 3; staff.csv: S1 line 2, S2 line 3;
# access_log.csv: line 2; service_points.csv: P1 line 2, P2 line 3; documents.csv: kirje.pdf line 2.


def valid_bundle(root: Path) -> Path:
    b = BundleBuilder(root)
    b.client("K-1", job_search_start="2024-01-15", coach_id="S1")
    b.client("K-2", job_search_start="2024-02-01")
    b.event("K-1", "2024-01-17", "initial_interview", staff_id="S1")
    b.event("K-2", "2024-02-05", "initial_interview", staff_id="S1")
    b.staff("S1", languages="fi;sv")
    b.staff("S2")
    b.access("2024-02-01T10:00:00+02:00", "S1", "K-1")
    b.service_point("P1")
    b.service_point("P2")
    b.document(
        "kirje.pdf",
        ["Hyvä asiakas, tervetuloa työnhakukeskusteluun."],
        doc_type="letter",
        audience="client",
        client_id="K-1",
        date="2024-01-16",
    )
    return b.write()


# -- small tools to break a bundle -------------------------------------------------------------------------------


def edit(name: str, old: str | bytes, new: str | bytes, count: int = 1) -> Callable[[Path], None]:
    """Replace ``old`` by ``new`` in one file (bytes or text)."""

    def mutate(path: Path) -> None:
        target = path / name
        data = target.read_bytes()
        o = old.encode() if isinstance(old, str) else old
        n = new.encode() if isinstance(new, str) else new
        assert o in data, f"{o!r} not in {name}"
        target.write_bytes(data.replace(o, n, count))

    return mutate


def write(name: str, content: str | bytes) -> Callable[[Path], None]:
    def mutate(path: Path) -> None:
        target = path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content.encode() if isinstance(content, str) else content)

    return mutate


def append(name: str, line: str) -> Callable[[Path], None]:
    def mutate(path: Path) -> None:
        with (path / name).open("a", encoding="utf-8", newline="") as fh:
            fh.write(line + "\n")

    return mutate


def transform(name: str, fn: Callable[[bytes], bytes]) -> Callable[[Path], None]:
    def mutate(path: Path) -> None:
        (path / name).write_bytes(fn((path / name).read_bytes()))

    return mutate


def toml_key(key: str, value: str | None) -> Callable[[Path], None]:
    """Set (or with ``None`` remove) one key of bundle.toml."""

    def mutate(path: Path) -> None:
        lines = (path / "bundle.toml").read_text(encoding="utf-8").splitlines()
        lines = [ln for ln in lines if not ln.startswith(f"{key} =")]
        if value is not None:
            lines.insert(1, f"{key} = {value}")
        (path / "bundle.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")

    return mutate


def both(*mutations: Callable[[Path], None]) -> Callable[[Path], None]:
    def mutate(path: Path) -> None:
        for m in mutations:
            m(path)

    return mutate


def client_row(client_id: str, **values: str) -> str:
    from avi_valvonta.testing import CLIENT_COLUMNS, CLIENT_DEFAULTS

    row = {"client_id": client_id, **CLIENT_DEFAULTS, "home_municipality": "Kokkola", **values}
    return ",".join(str(row[c]) for c in CLIENT_COLUMNS)


def encode_file(name: str, encoding: str) -> Callable[[Path], None]:
    return transform(name, lambda data: data.decode("utf-8").encode(encoding))


def outside_link(name: str) -> Callable[[Path], None]:
    """Replace a bundle file by a symbolic link to a copy of it outside the bundle."""

    def mutate(path: Path) -> None:
        target = path / name
        outside = path.parent / f"outside-{target.name}"
        shutil.copy(target, outside)
        target.unlink()
        target.symlink_to(outside)

    return mutate


def link_in_documents(link: str, to: Callable[[Path], Path]) -> Callable[[Path], None]:
    def mutate(path: Path) -> None:
        (path / "documents" / link).symlink_to(to(path))

    return mutate


def document(file: str, content: bytes | Callable[[Path], bytes], row: str | None = None) -> Callable[[Path], None]:
    """Put a file under documents/ (listed in documents.csv with ``row`` as its other cells, if given)."""

    def mutate(path: Path) -> None:
        data = content(path) if callable(content) else content
        (path / "documents" / file).write_bytes(data)
        if row is not None:
            with (path / "documents.csv").open("a", encoding="utf-8") as fh:
                fh.write(f"{file},{row}\n")

    return mutate


def listed_document(file: str, cells: str = "notice,public,,,,") -> Callable[[Path], None]:
    return append("documents.csv", f"{file},{cells}")


FILES = Path(__file__).parent / "hostile" / "files"


def committed(name: str, file: str) -> Callable[[Path], None]:
    """Replace a bundle file by a committed byte-exact sample (tests/hostile/files/)."""
    return lambda path: shutil.copy(FILES / file, path / name)


def many_pages_pdf(pages: int) -> bytes:
    """A structurally valid PDF of ``pages`` empty pages, written directly (6000 pages in milliseconds)."""
    kids = " ".join(f"{3 + i} 0 R" for i in range(pages))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>".encode(),
        *[b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>"] * pages,
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{n} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def real_pdf(path: Path, **kwargs) -> bytes:  # type: ignore[no-untyped-def]
    return make_pdf(path.parent / "tmp-real.pdf", ["Tekstiä sivulla yksi.", "Sivu kaksi."], **kwargs).read_bytes()


# -- the corpus ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    """One hostile input: how to break the valid bundle, and what stderr must say (all substrings)."""

    id: str
    mutate: Callable[[Path], None]
    expect: tuple[str, ...]
    args: tuple[str, ...] = ()
    kunta: str = "Kokkola"
    absent: tuple[str, ...] = ()  # what must NOT appear on stderr (identity codes, …)


TEN_MB = 10 * 1024 * 1024
NOISE = ("is not in clients.csv",)

CASES: list[Case] = [
    # -- encodings -------------------------------------------------------------------------------------------
    Case(
        "latin1-clients",
        transform("clients.csv", lambda d: d.replace(b"K-2,1985", b"K-\xe42,1985")),
        ("clients.csv:3", "not UTF-8"),
        absent=NOISE,  # one unreadable clients.csv, not a follow-on error for every event
    ),
    Case(
        "cp1252-whole-file",
        both(edit("events.csv", "E00002", "E00002–x"), encode_file("events.csv", "cp1252")),
        ("events.csv:3", "not UTF-8"),
    ),
    Case(
        "excel-csv-finnish-windows",
        committed("clients.csv", "clients-excel-fi-cp1252.csv"),
        ("clients.csv:4", "not UTF-8"),
        absent=NOISE,
    ),
    Case("excel-unicode-text", committed("events.csv", "events-excel-unicode-text.txt"), ("events.csv:1", "UTF-16")),
    Case("utf16-with-bom", encode_file("clients.csv", "utf-16"), ("clients.csv:1", "UTF-16"), absent=NOISE),
    Case(
        "invalid-byte-mid-file",
        both(
            *[append("events.csv", f"E9{i:04d},K-1,2024-03-01,contact,fi,,,,") for i in range(400)],
            edit("events.csv", "E90300,K-1,2024-03-01,contact", b"E90300,K-1,2024-03-01,cont\xffact"),
        ),
        ("events.csv:304", "not UTF-8"),
    ),
    Case("nul-in-header", edit("staff.csv", "staff_id,role", "staff_id,\x00role"), ("staff.csv:1", "NUL")),
    Case("nul-in-data-row", edit("events.csv", "E00002", "E000\x0002"), ("events.csv:3", "NUL")),
    Case("only-a-bom", write("clients.csv", b"\xef\xbb\xbf"), ("clients.csv:1", "empty"), absent=NOISE),
    # -- delimiters ------------------------------------------------------------------------------------------
    Case(
        "tab-delimited",
        transform("staff.csv", lambda d: d.replace(b",", b"\t")),
        ("staff.csv:1", "delimiter"),
        absent=("coach_id",),  # no follow-on warning about coaches missing from the unreadable staff.csv
    ),
    Case(
        "pipe-delimited",
        transform("service_points.csv", lambda d: d.replace(b",", b"|")),
        ("service_points.csv:1", "delimiter"),
    ),
    Case(
        "delimiters-mixed-in-one-file",
        edit("events.csv", "E00002,K-2,2024-02-05,initial_interview,fi", "E00002;K-2;2024-02-05;initial_interview;fi"),
        ("events.csv:3", "cells"),
    ),
    # -- columns ---------------------------------------------------------------------------------------------
    Case("missing-required-column", edit("events.csv", "type,", "kind,"), ("events.csv:1 [type]", "missing")),
    Case(
        "missing-required-values",
        edit("clients.csv", "K-2,1985-06-15", "K-2,"),
        ("clients.csv:3 [birth_date]", "required but empty"),
        absent=NOISE,  # K-2's events are not blamed on a row that has its own error
    ),
    Case("duplicate-header-column", edit("staff.csv", "staff_id,role", "staff_id,role,role"), ("staff.csv:1 [role]",)),
    Case("empty-file", write("clients.csv", b""), ("clients.csv:1", "empty"), absent=NOISE),
    Case("whitespace-only-file", write("events.csv", b"\n\n  \n"), ("events.csv:1", "empty")),
    Case("required-file-missing", lambda p: (p / "events.csv").unlink(), ("events.csv", "missing")),
    Case(
        "required-file-is-a-folder",
        both(lambda p: (p / "clients.csv").unlink(), lambda p: (p / "clients.csv").mkdir()),
        ("clients.csv", "not a regular file"),
        absent=NOISE,
    ),
    # -- dates and timestamps --------------------------------------------------------------------------------
    *[
        Case(
            f"date-{label}",
            edit("clients.csv", "K-2,1985-06-15", f"K-2,{bad}"),
            ("clients.csv:3 [birth_date]", repr(bad)),
            absent=NOISE,
        )
        for label, bad in [
            ("feb-30", "2024-02-30"),
            ("feb-29-not-leap", "2023-02-29"),
            ("month-13", "2024-13-01"),
            ("two-digit-year", "24-01-01"),
            ("finnish-format", "01.02.2024"),
        ]
    ],
    Case(
        "timestamp-without-time",
        edit("access_log.csv", "2024-02-01T10:00:00+02:00", "2024-02-01"),
        ("access_log.csv:2 [timestamp]", "not a timestamp"),
    ),
    Case(
        "timestamp-garbage",
        edit("access_log.csv", "2024-02-01T10:00:00+02:00", "eilen klo 10"),
        ("access_log.csv:2 [timestamp]", "not a timestamp"),
    ),
    Case(
        "timestamp-impossible-hour",
        edit("access_log.csv", "2024-02-01T10:00:00+02:00", "2024-02-01T25:00:00"),
        ("access_log.csv:2 [timestamp]",),
    ),
    Case(
        "timestamp-beyond-year-9999-in-helsinki",
        edit("access_log.csv", "2024-02-01T10:00:00+02:00", "9999-12-31T23:59:59-23:59"),
        ("access_log.csv:2 [timestamp]", "out of range"),
    ),
    Case(
        "timestamp-before-year-1-in-helsinki",
        edit("access_log.csv", "2024-02-01T10:00:00+02:00", "0001-01-01T00:00:00+14:00"),
        ("access_log.csv:2 [timestamp]", "out of range"),
    ),
    # -- duplicate ids ---------------------------------------------------------------------------------------
    Case("duplicate-client-id", edit("clients.csv", "K-2,", "K-1,"), ("clients.csv:3 [client_id]", "twice")),
    Case("duplicate-event-id", edit("events.csv", "E00002", "E00001"), ("events.csv:3 [event_id]", "twice")),
    Case("duplicate-staff-id", edit("staff.csv", "S2,", "S1,"), ("staff.csv:3 [staff_id]", "twice")),
    Case("duplicate-point-id", edit("service_points.csv", "P2,", "P1,"), ("service_points.csv:3 [point_id]", "twice")),
    Case(
        "duplicate-document-row",
        listed_document("kirje.pdf", "letter,client,K-1,2024-01-16,,"),
        ("documents.csv:3 [file]", "twice"),
    ),
    # -- dangling references ---------------------------------------------------------------------------------
    Case(
        "event-unknown-client",
        edit("events.csv", "E00002,K-2", "E00002,K-9"),
        ("events.csv:3 [client_id]", "'K-9' is not in clients.csv"),
    ),
    Case(
        "document-unknown-client",
        edit("documents.csv", "client,K-1", "client,K-9"),
        ("documents.csv:2 [client_id]", "'K-9' is not in clients.csv"),
    ),
    Case(
        "translation-of-unknown-file",
        both(
            document("brev.pdf", real_pdf),
            append("documents.csv", "brev.pdf,letter,client,K-1,2024-01-16,,puuttuva.pdf"),
        ),
        ("documents.csv:3 [translation_of]", "puuttuva.pdf"),
    ),
    Case(
        "listed-document-missing",
        listed_document("poissa.pdf"),
        ("documents.csv:3 [file]", "missing from documents/"),
    ),
    # -- sizes -----------------------------------------------------------------------------------------------
    Case(
        "huge-cell",
        edit(
            "events.csv",
            "E00002,K-2,2024-02-05,initial_interview,fi,,S1,,",
            "E00002,K-2,2024-02-05,initial_interview,fi,,S1,," + "x" * 150_000,
        ),
        ("events.csv:3", "longer than 100000"),
    ),
    Case(
        "huge-quoted-cell-with-newlines",
        append("events.csv", 'E00003,K-1,2024-03-01,contact,fi,,S1,,"' + "rivi\n" * 30_000 + '"'),
        ("events.csv:4", "longer than 100000"),
    ),
    # -- row shapes ------------------------------------------------------------------------------------------
    Case("too-many-cells", edit("staff.csv", "S2,coach", "S2,coach,extra,cells"), ("staff.csv:3", "cells")),
    Case("too-few-cells", append("clients.csv", "K-3,1990-01-01,Kokkola"), ("clients.csv:4", "3 cells")),
    Case(
        "unbalanced-quote",
        both(
            edit("events.csv", "E00001,K-1", '"E00001,K-1'), append("events.csv", "E00003,K-1,2024-03-01,contact,,,,,")
        ),
        ("events.csv:2", "from line 2 to line 4", "closing quote"),
    ),
    # -- values ----------------------------------------------------------------------------------------------
    Case(
        "boolean-unknown-spelling",
        edit("staff.csv", "S2,coach,fi,Kokkola,true", "S2,coach,fi,Kokkola,yes"),
        ("staff.csv:3 [system_access]", "not a boolean"),
    ),
    Case(
        "boolean-letter",
        edit(
            "clients.csv",
            "K-2,1985-06-15,Kokkola,f,fi,fi,FI,labour_market_subsidy,false",
            "K-2,1985-06-15,Kokkola,f,fi,fi,FI,labour_market_subsidy,T",
        ),
        ("clients.csv:3 [temporary_protection]", "not a boolean"),
    ),
    Case(
        "negative-hours",
        edit("service_points.csv", "P2,Kokkola,P2,fi,37.5", "P2,Kokkola,P2,fi,-4"),
        ("service_points.csv:3 [hours_per_week]", "negative"),
    ),
    Case(
        "hours-not-a-number",
        edit("service_points.csv", "P2,Kokkola,P2,fi,37.5", "P2,Kokkola,P2,fi,NaN"),
        ("service_points.csv:3 [hours_per_week]",),
    ),
    Case(
        "job-search-ends-before-it-starts",
        append("clients.csv", client_row("K-3", job_search_start="2024-03-01", job_search_end="2024-02-01")),
        ("clients.csv:4 [job_search_end]", "before job_search_start"),
    ),
    Case(
        "birth-after-start",
        append("clients.csv", client_row("K-3", birth_date="2024-03-02", job_search_start="2024-03-01")),
        ("clients.csv:4 [birth_date]", "after job_search_start"),
    ),
    Case(
        "unknown-enum-value",
        edit("events.csv", "E00002,K-2,2024-02-05,initial_interview", "E00002,K-2,2024-02-05,haastattelu"),
        ("events.csv:3 [type]", "'haastattelu' is not one of"),
    ),
    Case(
        "unknown-home-municipality",
        edit("clients.csv", "K-2,1985-06-15,Kokkola", "K-2,1985-06-15,Atlantis"),
        ("clients.csv:3 [home_municipality]", "unknown municipality 'Atlantis'"),
    ),
    Case(
        "identity-code-in-a-bad-cell-is-masked",
        edit("clients.csv", "K-2,1985-06-15", "K-2,040576-934B"),
        ("clients.csv:3 [birth_date]", "******-***B"),
        absent=("040576-934B", "934B"),
    ),
    # -- PDFs and other documents ----------------------------------------------------------------------------
    Case(
        "pdf-encrypted",
        document("salainen.pdf", lambda p: real_pdf(p, encrypt="salasana"), "notice,public,,,,"),
        ("documents/salainen.pdf", "encrypted"),
    ),
    Case(
        "pdf-truncated",
        document("katkennut.pdf", lambda p: real_pdf(p)[:700], "notice,public,,,,"),
        ("documents/katkennut.pdf", "not a readable PDF"),
    ),
    Case("pdf-zero-byte", document("tyhja.pdf", b"", "notice,public,,,,"), ("documents/tyhja.pdf", "0 bytes")),
    Case(
        "pdf-that-is-html",
        document("sivu.pdf", b"<!doctype html><html><body>Kuulutus</body></html>", "notice,public,,,,"),
        ("documents/sivu.pdf", "not a PDF"),
    ),
    Case(
        "pdf-header-only",
        document("puolikas.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "notice,public,,,,"),
        ("documents/puolikas.pdf", "not a readable PDF"),
    ),
    Case(
        "pdf-bomb-6000-pages",
        document("pommi.pdf", many_pages_pdf(6000), "notice,public,,,,"),
        ("documents/pommi.pdf", "6000 pages", "5000"),
    ),
    Case(
        "unsupported-extension",
        document("paatos.docx", b"PK\x03\x04 not really a docx", "decision,client,K-1,,,"),
        ("documents/paatos.docx", "unsupported document type .docx"),
    ),
    Case(
        "undescribed-unsupported-file",
        document("kuva.png", b"\x89PNG\r\n\x1a\n"),
        ("documents/kuva.png", "unsupported document type .png"),
    ),
    Case(
        "text-document-not-utf8",
        document("muistio.txt", "Päätös".encode("latin-1"), "minutes,public,,,,"),
        ("documents/muistio.txt", "not UTF-8"),
    ),
    # -- paths escaping the bundle ---------------------------------------------------------------------------
    Case(
        "csv-symlink-outside",
        outside_link("clients.csv"),
        ("clients.csv", "not a regular file inside the bundle"),
        absent=NOISE,
    ),
    Case(
        "csv-dangling-symlink",
        both(lambda p: (p / "staff.csv").unlink(), lambda p: (p / "staff.csv").symlink_to(p / "ei-ole.csv")),
        ("staff.csv", "not a regular file inside the bundle"),
    ),
    Case(
        "toml-symlink-outside",
        outside_link("bundle.toml"),
        ("bundle.toml", "not a regular file inside the bundle"),
    ),
    Case(
        "optional-csv-symlink-outside",
        outside_link("staff.csv"),
        ("staff.csv", "not a regular file inside the bundle"),
    ),
    Case(
        "documents-csv-dotdot",
        listed_document("../clients.csv"),
        ("documents.csv:3 [file]", "inside documents/"),
    ),
    Case(
        "documents-csv-absolute",
        listed_document("/etc/passwd"),
        ("documents.csv:3 [file]", "inside documents/"),
    ),
    Case(
        "documents-csv-dotdot-inside-path",
        listed_document("sub/../../clients.csv"),
        ("documents.csv:3 [file]", "inside documents/"),
    ),
    Case(
        "document-symlink-outside-listed",
        both(
            link_in_documents("linkki.pdf", lambda p: p.parent / "outside.pdf"),
            lambda p: shutil.copy(p / "documents" / "kirje.pdf", p.parent / "outside.pdf"),
            listed_document("linkki.pdf"),
        ),
        ("linkki.pdf", "not a regular file inside the bundle"),
    ),
    Case(
        "document-symlink-outside-unlisted",
        both(
            lambda p: shutil.copy(p / "documents" / "kirje.pdf", p.parent / "outside.pdf"),
            link_in_documents("piilo.pdf", lambda p: p.parent / "outside.pdf"),
        ),
        ("documents/piilo.pdf", "outside the bundle"),
    ),
    Case(
        "document-symlink-to-dev-zero",
        both(link_in_documents("nolla.pdf", lambda p: Path("/dev/zero")), listed_document("nolla.pdf")),
        ("nolla.pdf", "not a regular file inside the bundle"),
    ),
    Case(
        "documents-folder-symlink-outside",
        both(
            lambda p: shutil.copytree(p / "documents", p.parent / "outside-docs"),
            lambda p: shutil.rmtree(p / "documents"),
            lambda p: (p / "documents").symlink_to(p.parent / "outside-docs"),
        ),
        ("documents", "outside the bundle"),
    ),
    Case(
        "documents-is-a-file",
        both(lambda p: shutil.rmtree(p / "documents"), write("documents", b"not a folder")),
        ("documents", "must be a folder"),
    ),
    # -- bundle.toml -----------------------------------------------------------------------------------------
    Case("toml-missing", lambda p: (p / "bundle.toml").unlink(), ("bundle.toml", "missing")),
    Case(
        "toml-invalid",
        edit("bundle.toml", 'source = "test bundle"', 'source = "test bundle'),
        ("bundle.toml:6", "not valid TOML"),
    ),
    Case(
        "toml-impossible-date",
        edit("bundle.toml", "period_end = 2024-06-30", "period_end = 2024-06-31"),
        ("bundle.toml:4", "not valid TOML"),
    ),
    Case("toml-not-utf8", edit("bundle.toml", "test bundle", b"testi\xe4"), ("bundle.toml:6", "not UTF-8")),
    Case("toml-wrong-format", toml_key("format", "2"), ("bundle.toml:2 [format]", "format must be 1")),
    Case("toml-format-as-string", toml_key("format", '"1"'), ("bundle.toml:2 [format]", "format must be 1")),
    Case("toml-missing-period-end", toml_key("period_end", None), ("bundle.toml [period_end]", "required")),
    Case("toml-missing-format", toml_key("format", None), ("bundle.toml [format]", "format is required")),
    Case("toml-format-true", toml_key("format", "true"), ("bundle.toml:2 [format]", "format must be 1")),
    Case("toml-missing-as-of", toml_key("as_of", None), ("bundle.toml [as_of]", "as_of is required")),
    Case("toml-missing-municipality", toml_key("municipality", None), ("bundle.toml [municipality]", "required")),
    Case(
        "toml-date-as-garbage-string",
        toml_key("as_of", '"viime viikolla"'),
        ("bundle.toml:2 [as_of]", "'viime viikolla'"),
    ),
    Case(
        "toml-period-end-before-start",
        toml_key("period_end", "2023-12-31"),
        ("bundle.toml:2 [period_end]", "before period_start"),
    ),
    Case("toml-as-of-before-start", toml_key("as_of", "2023-12-31"), ("bundle.toml:2 [as_of]", "before period_start")),
    Case(
        "toml-period-before-experiment",
        both(toml_key("period_start", "2021-01-01"), toml_key("period_end", "2021-02-28")),
        ("bundle.toml:3 [period_start]", "1.3.2021"),
    ),
    Case(
        "toml-municipality-not-kunta",
        toml_key("municipality", '"Vaasa"'),
        ("bundle.toml:2 [municipality]", "Vaasa (905)", "Kokkola (272)"),
    ),
    Case(
        "toml-unknown-municipality",
        toml_key("municipality", '"Atlantis"'),
        ("bundle.toml:2 [municipality]", "Atlantis"),
    ),
    Case("toml-municipality-a-list", toml_key("municipality", '["Kokkola"]'), ("bundle.toml:2 [municipality]",)),
    # -- the command line ------------------------------------------------------------------------------------
    Case("kunta-unknown", lambda p: None, ("Atlantis",), kunta="Atlantis"),
    Case("as-of-garbage", lambda p: None, ("--as-of", "'eilen'"), args=("--as-of", "eilen")),
    Case("as-of-impossible", lambda p: None, ("--as-of", "'2024-02-30'"), args=("--as-of", "2024-02-30")),
    Case(
        "as-of-before-period",
        lambda p: None,
        ("bundle.toml:3 [period_start]", "--as-of 2023-06-01 is before period_start"),
        args=("--as-of", "2023-06-01"),
    ),
]

# Inputs the format allows: they must run (exit 0) and store the run.
ACCEPTED: list[tuple[str, Callable[[Path], None], Callable[[dict], None]]] = [
    (
        "crlf-line-endings",
        lambda p: [transform(n, lambda d: d.replace(b"\n", b"\r\n"))(p) for n in ("clients.csv", "events.csv")],
        lambda doc: None,
    ),
    (
        "cr-only-line-endings",
        lambda p: [transform(n, lambda d: d.replace(b"\n", b"\r"))(p) for n in ("clients.csv", "events.csv")],
        lambda doc: None,
    ),
    ("bom", transform("clients.csv", lambda d: b"\xef\xbb\xbf" + d), lambda doc: None),
    (
        "bom-crlf-semicolons",
        transform(
            "staff.csv",
            lambda d: b"\xef\xbb\xbf" + d.replace(b"fi;sv", b"fi|sv").replace(b",", b";").replace(b"\n", b"\r\n"),
        ),
        lambda doc: None,
    ),
    (
        "extra-unknown-columns",
        transform(
            "clients.csv",
            lambda d: b"\n".join(
                line + (b",huomautus" if i == 0 else b",jotain") if line else line
                for i, line in enumerate(d.split(b"\n"))
            ),
        ),
        lambda doc: _assert_warning(doc, "clients.csv:1 [huomautus]"),
    ),
    (
        "header-only-files",
        lambda p: [
            transform(n, lambda d: d.split(b"\n")[0] + b"\n")(p) for n in ("clients.csv", "events.csv", "documents.csv")
        ],
        lambda doc: _assert_population(doc, "EQ-INTERVIEW-LATE", 0),
    ),
    (
        "quoted-cells-with-delimiters-and-newlines",
        edit(
            "events.csv",
            "E00001,K-1,2024-01-17,initial_interview,fi,,S1,,",
            'E00001,K-1,2024-01-17,initial_interview,fi,,S1,,"rivi, ""lainattu"";\nja toinen rivi"',
        ),
        lambda doc: None,
    ),
    ("toml-with-bom", transform("bundle.toml", lambda d: b"\xef\xbb\xbf" + d), lambda doc: None),
    ("municipality-as-code", toml_key("municipality", "272"), lambda doc: None),
]


def _assert_warning(doc: dict, text: str) -> None:
    assert any(text in w for w in doc["warnings"]), doc["warnings"]


def _assert_population(doc: dict, check_id: str, population: int) -> None:
    (result,) = [r for r in doc["results"] if r["check_id"] == check_id]
    assert result["population"] in (population, None), result


# -- the tests -------------------------------------------------------------------------------------------------


def _assert_refused(code: int, out: str, err: str, case: Case, stored: str) -> None:
    assert code == 2, f"exit {code}\n{err}"
    for expected in case.expect:
        assert expected in err, f"{expected!r} not in stderr:\n{err}"
    for unwanted in case.absent:
        assert unwanted not in err + out, f"{unwanted!r} leaked:\n{err}"
    assert "Traceback" not in err + out
    assert "internal error" not in err
    assert json.loads(stored) == [], "a refused bundle must store nothing"


def test_the_corpus_is_big_enough():
    assert len(CASES) + len(ACCEPTED) >= 40
    assert len({c.id for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_hostile_bundle_is_refused_with_file_line_and_field(case: Case, tmp_path: Path, cli):
    path = valid_bundle(tmp_path)
    case.mutate(path)
    code, out, err = cli("audit", case.kunta, "--case", str(path), "--format", "json", *case.args)
    _assert_refused(code, out, err, case, cli("runs", "--format", "json")[1])


@pytest.mark.parametrize("mutate, check", [a[1:] for a in ACCEPTED], ids=[a[0] for a in ACCEPTED])
def test_what_the_format_allows_runs_and_is_stored(mutate, check, tmp_path: Path, cli):
    path = valid_bundle(tmp_path)
    mutate(path)
    code, out, err = cli("audit", "Kokkola", "--case", str(path), "--format", "json")
    assert code == 0, err
    assert "Traceback" not in err
    doc = json.loads(out)
    check(doc)
    assert [r["run_id"] for r in json.loads(cli("runs", "--format", "json")[1])] == [doc["run_id"]]


def test_the_valid_starting_point_runs(tmp_path: Path, cli):
    code, _, err = cli("audit", "Kokkola", "--case", str(valid_bundle(tmp_path)), "--format", "json")
    assert code == 0, err


def test_many_broken_rows_are_reported_briefly(tmp_path: Path, cli):
    """20 000 bad rows: one pass, a capped list of problems and a count of the rest, not 20 000 lines."""
    path = valid_bundle(tmp_path)
    with (path / "events.csv").open("a", encoding="utf-8") as fh:
        for i in range(20_000):
            fh.write(f"X{i},K-1,2024-02-30,contact,,,,,\n")
    code, _, err = cli("audit", "Kokkola", "--case", str(path))
    assert code == 2 and "Traceback" not in err
    assert "events.csv:4 [date]" in err and "more of the same kinds" in err
    assert len(err.splitlines()) < 400


# -- the nastiest: big inputs and what could hang, in a subprocess -------------------------------------------


@pytest.fixture(scope="session")
def big_inputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Made once per session: a 10 MB line without a newline, and a header followed by one."""
    root = tmp_path_factory.mktemp("hostile-big")
    header = b"client_id,birth_date,home_municipality,mother_tongue,service_language,citizenship,benefit,status,"
    header += b"job_search_start\n"
    (root / "one-line.csv").write_bytes(b"client_id," + b"x" * TEN_MB)
    (root / "header-and-one-line.csv").write_bytes(header + b"K-1," + b"y" * TEN_MB)
    return {"one-line": root / "one-line.csv", "header-and-one-line": root / "header-and-one-line.csv"}


def _valvonta(tmp_path: Path, *args: str, timeout: float = 60) -> tuple[int, str, str]:
    """The real entry point in a fresh process (its own database in ``tmp_path``); a hang fails the test."""
    env = {**os.environ, "VALVONTA_DB": f"sqlite:///{tmp_path / 'sub.sqlite3'}", "VALVONTA_LOG_DIR": str(tmp_path)}
    proc = subprocess.run(
        [sys.executable, "-c", "from avi_valvonta.cli import main; main()", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
    )
    return proc.returncode, proc.stdout, proc.stderr


NASTY: list[Case] = [
    Case("ten-mb-line-as-header", lambda p: None, ("clients.csv:1", "longer than 64 KiB")),
    Case("ten-mb-line-after-header", lambda p: None, ("clients.csv:2", "longer than 100000")),
    Case(
        "fifo-as-document",
        lambda p: os.mkfifo(p / "documents" / "putki.pdf"),
        ("documents/putki.pdf", "not a regular file"),
    ),
    Case(
        "fifo-as-csv",
        both(lambda p: (p / "staff.csv").unlink(), lambda p: os.mkfifo(p / "staff.csv")),
        ("staff.csv", "not a regular file"),
    ),
    Case(
        "fifo-as-bundle-toml",
        both(lambda p: (p / "bundle.toml").unlink(), lambda p: os.mkfifo(p / "bundle.toml")),
        ("bundle.toml", "not a regular file"),
    ),
    Case(
        "symlink-loop-in-documents",
        both(
            lambda p: (p / "documents" / "silmukka").symlink_to(p / "documents"),
            lambda p: (p / "documents" / "ylos").symlink_to(p),
        ),
        ("documents/silmukka", "documents/ylos", "not followed"),
    ),
]


@pytest.mark.parametrize("case", NASTY, ids=lambda c: c.id)
def test_nasty_inputs_in_a_subprocess(case: Case, tmp_path: Path, big_inputs: dict[str, Path]):
    path = valid_bundle(tmp_path)
    if case.id == "ten-mb-line-as-header":
        shutil.copy(big_inputs["one-line"], path / "clients.csv")
    elif case.id == "ten-mb-line-after-header":
        shutil.copy(big_inputs["header-and-one-line"], path / "clients.csv")
    case.mutate(path)
    code, out, err = _valvonta(tmp_path, "audit", "Kokkola", "--case", str(path), "--format", "json")
    _assert_refused(code, out, err, case, _valvonta(tmp_path, "runs", "--format", "json")[1])


def test_case_pointing_to_a_file_or_a_missing_folder(tmp_path: Path, cli):
    path = valid_bundle(tmp_path)
    code, _, err = cli("audit", "Kokkola", "--case", str(path / "clients.csv"))
    assert code == 2 and "--case" in err and "clients.csv" in err and "Traceback" not in err
    code, _, err = cli("audit", "Kokkola", "--case", str(tmp_path / "ei-ole"))
    assert code == 2 and "ei-ole" in err and "Traceback" not in err
    assert json.loads(cli("runs", "--format", "json")[1]) == []
