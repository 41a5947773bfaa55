"""The HTML report in a real browser: Debian's chromium, headless, offline.

CI installs chromium (`.ci/run`); without it these tests skip and say why. The page is opened from a file with every
network path closed (no DNS, CSP in the page), then: a screenshot that is not blank and shows the chart, the DOM
after rendering with the municipality, the proposal and a failing check id, and a print to PDF that keeps them.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from avi_valvonta.report import render
from avi_valvonta.testing import BundleBuilder

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (CI installs it: apt chromium)")

FAIL_RED = (0xB3, 0x26, 0x1E)  # --fail in report.css: the bars of failing checks


def _chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    cmd = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
        "--host-resolver-rules=MAP * ~NOTFOUND",  # offline: nothing resolves
        f"--user-data-dir={tmp_path / 'chromium-profile'}",
        *args,
    ]
    env = {"HOME": str(tmp_path), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"}
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120, env=env, check=False)


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    tmp = tmp_path_factory.mktemp("html")
    b = BundleBuilder(tmp)
    for i in range(1, 9):
        b.client(f"K-{i}", job_search_start="2024-01-15")
        b.event(f"K-{i}", "2024-01-29" if i <= 3 else "2024-01-17", "initial_interview")  # 3 of 8 late
    b.document("poytakirja.pdf", ["Pöytäkirja\nAsiakas 131052-308T"], doc_type="minutes", audience="public")
    report = b.audit()
    out = {}
    for lang in ("fi", "sv"):
        path = tmp / f"raportti-{lang}.html"
        path.write_bytes(render(report, "html", lang))
        out[lang] = path
    return out


def test_screenshot_is_not_blank_and_shows_the_chart(pages: dict[str, Path], tmp_path: Path):
    from PIL import Image

    png = tmp_path / "raportti.png"
    done = _chromium(tmp_path, f"--screenshot={png}", "--window-size=1280,1800", pages["fi"].as_uri())
    assert png.is_file(), done.stderr[-2000:]
    image = Image.open(png).convert("RGB")
    assert image.size == (1280, 1800)
    raw = image.tobytes()
    pixels = [tuple(raw[i : i + 3]) for i in range(0, len(raw), 3)]
    inked = sum(1 for p in pixels if sum(p) < 600) / len(pixels)
    assert inked > 0.02, f"the screenshot is (nearly) blank: {inked:.2%} non-white"
    red = sum(1 for p in pixels if all(abs(a - b) <= 12 for a, b in zip(p, FAIL_RED, strict=True)))
    assert red > 200, f"no failing bar drawn in the chart ({red} red pixels)"


def test_dom_after_rendering_has_municipality_proposal_and_failing_check(pages: dict[str, Path], tmp_path: Path):
    done = _chromium(tmp_path, "--dump-dom", pages["fi"].as_uri())
    dom = done.stdout
    assert "<h1>Valvontatarkastus: Kokkola (272)</h1>" in dom, done.stderr[-2000:]
    assert 'data-measure="correction_order"' in dom and "määräys puutteiden korjaamisesta" in dom
    assert 'id="check-EQ-INTERVIEW-LATE"' in dom and "<svg" in dom and 'class="bar-fail"' in dom
    assert "131052-308T" not in dom and "******-***T" in dom

    done = _chromium(tmp_path, "--dump-dom", pages["sv"].as_uri())
    assert "Tillsynsgranskning: Karleby (272)" in done.stdout and "föreläggande att avhjälpa brister" in done.stdout


def test_it_prints(pages: dict[str, Path], tmp_path: Path):
    import pypdfium2 as pdfium

    pdf = tmp_path / "raportti.pdf"
    done = _chromium(tmp_path, f"--print-to-pdf={pdf}", "--no-pdf-header-footer", pages["fi"].as_uri())
    assert pdf.is_file(), done.stderr[-2000:]
    doc = pdfium.PdfDocument(str(pdf))
    text = "".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))
    width, height = doc[0].get_size()
    assert round(width / 72 * 25.4) == 210 and round(height / 72 * 25.4) == 297  # A4 from @page
    assert "Ehdotettu toimenpide" in text and "EQ-INTERVIEW-LATE" in text and "Kokkola" in text
