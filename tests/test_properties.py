"""Property-based tests (hypothesis): the bundle's CSV reader and the identity-code finder.

The reader: whatever cells Python's csv module writes (quotes, delimiters, line breaks, any Unicode) come back
cell for cell, in both dialects of the format; whatever bytes a file holds, reading it ends in rows or recorded
problems, never an exception. The finder: every valid henkilötunnus in every shape a PDF gives it is found and
masked; nothing without a right check character is masked; masking is idempotent and leaves no valid code behind.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from avi_valvonta.bundle.csvread import Problems, iter_rows, open_csv
from avi_valvonta.bundle.schema import Column, FileSpec
from avi_valvonta.identity import (
    CHECK_CHARACTERS,
    find_identity_codes,
    is_valid_identity_code,
    iter_identity_codes,
    mask_code,
    mask_identity_codes,
)

MODEST = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

# -- the CSV reader ----------------------------------------------------------------------------------------------

SPEC = FileSpec("sample.csv", "sample", (Column("a", "text", True), Column("b", "text"), Column("c", "text")))
# Any Unicode a person can type or a system can export, except what the format refuses on purpose: NUL (a binary
# file) and lone surrogates (not encodable as UTF-8).
CELL = st.text(
    alphabet=st.one_of(
        st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
        st.sampled_from(',;"|\r\n\t '),
    ),
    max_size=40,
)
ROWS = st.lists(st.tuples(CELL, CELL, CELL), max_size=12)


def _read(path: Path) -> tuple[list[tuple[int, list[str]]], Problems]:
    problems = Problems()
    f = open_csv(path, SPEC, problems)
    rows = list(iter_rows(f, problems)) if f is not None else []
    return rows, problems


# Python 3.11's writer quotes a bare CR only when CR is in its line terminator: with LF endings, quote everything
# (as spreadsheet exports do), or the file itself is ambiguous, whatever reads it.
WRITERS = st.sampled_from([("\r\n", csv.QUOTE_MINIMAL), ("\n", csv.QUOTE_ALL), ("\r\n", csv.QUOTE_ALL)])


@MODEST
@given(rows=ROWS, delimiter=st.sampled_from([",", ";"]), writer_kind=WRITERS)
@example(rows=[("", "", "")], delimiter=",", writer_kind=("\n", csv.QUOTE_ALL))
@example(rows=[('"', "a\r\nb", ";,")], delimiter=";", writer_kind=("\r\n", csv.QUOTE_MINIMAL))
@example(rows=[("", "", "\r0")], delimiter=",", writer_kind=("\n", csv.QUOTE_ALL))
@example(rows=[("\ufeffx", "\u2028", "\x85")], delimiter=",", writer_kind=("\n", csv.QUOTE_ALL))
def test_cells_written_by_the_csv_module_round_trip(rows, delimiter, writer_kind, tmp_path: Path):
    lineterminator, quoting = writer_kind
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator=lineterminator, quoting=quoting)
    writer.writerow(["a", "b", "c"])
    writer.writerows(rows)
    path = tmp_path / "sample.csv"
    path.write_bytes(buffer.getvalue().encode("utf-8"))

    read, problems = _read(path)

    assert not problems.has_errors(), [str(p) for p in problems.items]
    # The reader strips each cell (case-bundle.md: surrounding blanks are not data).
    assert [cells for _, cells in read] == [[c.strip() for c in row] for row in rows]
    # Line numbers point at the row's first line, so they grow with every row.
    lines = [line for line, _ in read]
    assert lines == sorted(set(lines)) and (not lines or lines[0] == 2)


@MODEST
@given(data=st.binary(max_size=600), with_header=st.booleans())
@example(data=b"\xff\xfe\x00a", with_header=False)
@example(data=b'"never closed,\r\r\n\x00', with_header=True)
@example(data=b"\xef\xbb\xbf", with_header=False)
def test_arbitrary_bytes_give_rows_or_recorded_problems_never_an_exception(data, with_header, tmp_path: Path):
    path = tmp_path / "sample.csv"
    path.write_bytes((b"a,b,c\n" if with_header else b"") + data)
    rows, problems = _read(path)  # must not raise
    for line, cells in rows:
        assert line >= 2 and len(cells) == 3
    assert all(p.file == "sample.csv" and (p.line is None or p.line >= 1) for p in problems.items)
    if b"\x00" in data:
        assert problems.has_errors(), "a NUL byte is never data"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=300))
def test_arbitrary_bytes_in_a_bundle_file_never_crash_the_loader(data, tmp_path_factory: pytest.TempPathFactory):
    """The whole loader (converters, references, the working store) on a events.csv with random bytes after its
    header: a loaded bundle or InvalidInput, nothing else."""
    from avi_valvonta.bundle import load_bundle
    from avi_valvonta.errors import InvalidInput
    from avi_valvonta.testing import BundleBuilder

    b = BundleBuilder(tmp_path_factory.mktemp("bytes"))
    b.client("K-1")
    path = b.write()
    events = path / "events.csv"
    events.write_bytes(events.read_bytes() + data)
    try:
        load_bundle(path).close()
    except InvalidInput as e:
        assert e.problems and all(p.file for p in e.problems)


# -- the identity-code finder ------------------------------------------------------------------------------------

SIGNS = {"+": 1800, "-": 1900, "Y": 1900, "X": 1900, "W": 1900, "V": 1900, "U": 1900}
SIGNS.update(dict.fromkeys("ABCDEF", 2000))
DASHES = ["-", "\u2010", "\u2011", "\u2012", "\u2013", "\u2212"]  # what a PDF makes of "-"
AROUND_SIGN = ["", " ", "  ", "\n", " \n", "\n ", "\r\n", "\r", "\u00a0", "\u202f", "\t"]


def _check(ddmmyy: str, individual: str) -> str:
    return CHECK_CHARACTERS[int(ddmmyy + individual) % 31]


@st.composite
def valid_codes(draw: st.DrawFn) -> tuple[str, str]:
    """(a valid code as written, its normal form): every century sign, permanent (002-899) and temporary
    (900-999) individual numbers."""
    sign = draw(st.sampled_from(sorted(SIGNS)))
    century = SIGNS[sign]
    born = draw(st.dates(dt.date(century, 1, 1), dt.date(century + 99, 12, 31)))
    ddmmyy = born.strftime("%d%m") + f"{born.year % 100:02d}"
    individual = f"{draw(st.one_of(st.integers(2, 899), st.integers(900, 999))):03d}"
    check = _check(ddmmyy, individual)
    normal = f"{ddmmyy}{sign}{individual}{check}"
    assert is_valid_identity_code(normal)
    written_sign = draw(st.sampled_from(DASHES)) if sign == "-" else draw(st.sampled_from([sign, sign.lower()]))
    before, after = draw(st.sampled_from(AROUND_SIGN)), draw(st.sampled_from(AROUND_SIGN))
    written_check = draw(st.sampled_from([check, check.lower()]))
    return f"{ddmmyy}{before}{written_sign}{after}{individual}{written_check}", normal


# Text around a code: anything, as long as it does not glue a letter or digit onto the code (then it is a longer
# token, not a code).
SURROUNDING = st.text(max_size=30)


def _separated(left: str, code: str, right: str) -> str:
    return f"{left} {code} {right}"


@MODEST
@given(code=valid_codes(), left=SURROUNDING, right=SURROUNDING)
def test_every_valid_code_is_found_and_masked(code, left, right):
    written, normal = code
    text = _separated(left, written, right)
    found = [m.code for m in find_identity_codes(text)]
    assert normal in found
    masked = mask_identity_codes(text)
    assert mask_code(normal) in masked
    assert not any(m.code == normal for m in iter_identity_codes(masked))


@st.composite
def wrong_check_codes(draw: st.DrawFn) -> str:
    """Digits in the shape of a code whose check character is wrong (any date, real or not)."""
    ddmmyy = "".join(draw(st.lists(st.sampled_from("0123456789"), min_size=6, max_size=6)))
    sign = draw(st.sampled_from(sorted(SIGNS) + DASHES[1:]))
    individual = "".join(draw(st.lists(st.sampled_from("0123456789"), min_size=3, max_size=3)))
    right = _check(ddmmyy, individual)
    wrong = draw(st.sampled_from([c for c in CHECK_CHARACTERS if c != right]))
    return f"{ddmmyy}{draw(st.sampled_from(AROUND_SIGN))}{sign}{individual}{wrong}"


@MODEST
@given(code=wrong_check_codes(), left=SURROUNDING, right=SURROUNDING)
def test_nothing_without_a_right_check_character_is_masked(code, left, right):
    text = _separated(left, code, right)
    assume(not any(m.checksum_ok for m in iter_identity_codes(text)))  # the random text around it could hold one
    assert mask_identity_codes(text) == text


DIGITISH = st.text(alphabet=st.sampled_from("0123456789 -+YXWVUABCDEFabcdefHJKLMNPRST\n\u2013"), max_size=60)


@MODEST
@given(text=st.one_of(DIGITISH, st.text(max_size=60)))
@example(text="010101-0101 010101-0101")
def test_masking_only_touches_codes_with_a_right_check_character(text):
    masked = mask_identity_codes(text)
    if masked != text:
        assert any(m.checksum_ok for m in iter_identity_codes(text))


@MODEST
@given(parts=st.lists(st.one_of(valid_codes().map(lambda c: c[0]), DIGITISH, st.text(max_size=20)), max_size=6))
@example(parts=["131052-308T", "131052-308T"])
@example(parts=["010101-0101", "0"])
def test_masking_is_idempotent_and_leaves_no_valid_code(parts):
    text = "".join(parts)
    masked = mask_identity_codes(text)
    assert mask_identity_codes(masked) == masked
    assert not any(m.valid for m in iter_identity_codes(masked))
    assert not any(m.checksum_ok for m in iter_identity_codes(masked))
