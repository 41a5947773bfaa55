"""Precision and recall of identity-code finding, side by side with Microsoft Presidio, and what the real Lapua
minutes hold.

    python benchmarks/bench_identity_codes.py                 # corpus + ../shared/data/real-documents/fi
    python benchmarks/bench_identity_codes.py --json out.json

Finders compared on ``benchmarks/corpus/identity_codes.jsonl`` (labelled, synthetic; see make_identity_corpus.py):

- ``valvonta``: ``avi_valvonta.identity.find_identity_codes(text, as_of)`` - the tool's finder.
- ``naive``: a plain ``\\b\\d{6}[-+A-FU-Y]\\d{3}[0-9A-Y]\\b`` regex confirmed by python-stdnum
  (``allow_temporary=True``): what one writes without looking at PDFs (a baseline).
- ``presidio``: Presidio's ``FiPersonalIdentityCodeRecognizer`` through its ``AnalyzerEngine`` with a blank spaCy
  pipeline (``spacy.blank("fi")``: offline, no model download), when presidio-analyzer is installed. Never a
  dependency of the project: install it by hand in a scratch venv (``pip install presidio-analyzer``).

Counts are per code occurrence: a found code that the label lists is a true positive, one it does not list a false
positive, a listed code not found a false negative. Found spans are normalised like the labels (whitespace out,
every dash "-", upper case). Nothing printed here holds an unmasked code: the real documents are reported masked.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "plugins")]

from avi_valvonta.identity import find_identity_codes, iter_identity_codes, mask_identity_codes  # noqa: E402

CORPUS = ROOT / "benchmarks" / "corpus" / "identity_codes.jsonl"
LAPUA = ROOT.parent / "shared" / "data" / "real-documents" / "fi"
AS_OF = __import__("datetime").date(2024, 8, 15)
DASHES = "\u2010\u2011\u2012\u2013\u2212\u00ad\u0002"

Finder = Callable[[str], list[str]]


def normalise(shown: str) -> str:
    s = "".join(shown.split())
    for d in DASHES:
        s = s.replace(d, "-")
    return s.upper()


# -- the finders ----------------------------------------------------------------------------------------------


def valvonta_finder(text: str) -> list[str]:
    return [m.code for m in find_identity_codes(text, AS_OF)]


_NAIVE = re.compile(r"\b\d{6}[-+A-FU-Y]\d{3}[0-9A-Y]\b")


def naive_finder(text: str) -> list[str]:
    from stdnum.exceptions import ValidationError
    from stdnum.fi import hetu

    out = []
    for m in _NAIVE.finditer(text):
        try:
            hetu.validate(m.group(0), allow_temporary=True)
        except ValidationError:
            continue
        out.append(m.group(0))
    return out


def presidio_finder() -> tuple[Finder | None, str]:
    """Presidio's recognizer through its analyzer, offline (blank spaCy pipeline); (None, why) if unavailable."""
    try:
        import spacy
        from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
        from presidio_analyzer.nlp_engine import SpacyNlpEngine
        from presidio_analyzer.predefined_recognizers import FiPersonalIdentityCodeRecognizer
    except ImportError as e:
        return None, f"not installed ({e.name})"
    from importlib.metadata import version

    engine = SpacyNlpEngine(models=[{"lang_code": "fi", "model_name": "blank"}])
    engine.nlp = {"fi": spacy.blank("fi")}
    registry = RecognizerRegistry(supported_languages=["fi"])
    registry.add_recognizer(FiPersonalIdentityCodeRecognizer())
    analyzer = AnalyzerEngine(registry=registry, nlp_engine=engine, supported_languages=["fi"])

    def find(text: str) -> list[str]:
        results = analyzer.analyze(text=text, language="fi", entities=["FI_PERSONAL_IDENTITY_CODE"])
        return [normalise(text[r.start : r.end]) for r in sorted(results, key=lambda r: r.start) if r.score > 0]

    return find, f"presidio-analyzer {version('presidio-analyzer')}, spaCy {version('spacy')} (blank fi)"


# -- measuring ------------------------------------------------------------------------------------------------


def score(rows: list[dict[str, Any]], finder: Finder) -> dict[str, Any]:
    per_cat: dict[str, Counter[str]] = defaultdict(Counter)
    total: Counter[str] = Counter()
    chars = 0
    started = time.perf_counter()
    examples: dict[str, list[str]] = defaultdict(list)
    for row in rows:
        text = row["text"]
        chars += len(text)
        expected = Counter(row["codes"])
        found = Counter(normalise(x) for x in finder(text))
        tp = sum((expected & found).values())
        fp = sum((found - expected).values())
        fn = sum((expected - found).values())
        for c in (per_cat[row["category"]], total):
            c["tp"] += tp
            c["fp"] += fp
            c["fn"] += fn
            c["texts"] += 1
        if (fp or fn) and len(examples[row["category"]]) < 3:
            # Masked, and every digit hidden too: a look-alike in the corpus is nobody's code, but print none.
            examples[row["category"]].append(f"{row['id']}: {re.sub('[0-9]', '#', mask_identity_codes(text))!r}")
    seconds = time.perf_counter() - started
    return {
        "total": dict(total),
        "precision": _ratio(total["tp"], total["tp"] + total["fp"]),
        "recall": _ratio(total["tp"], total["tp"] + total["fn"]),
        "per_category": {k: dict(v) for k, v in sorted(per_cat.items())},
        "seconds": round(seconds, 4),
        "mb_per_s": round(chars / 1e6 / seconds, 2) if seconds else None,
        "error_examples": dict(examples),
    }


def _ratio(a: int, b: int) -> float | None:
    return round(a / b, 4) if b else None


def lapua(folder: Path, presidio: Finder | None) -> list[dict[str, Any]]:
    """What each real minutes PDF holds: pattern matches, check characters, findings, special words (masked)."""
    from valvonta_privacy.scan import find_special_words, vocabulary

    from avi_valvonta.bundle.documents import extract

    broad = re.compile(r"(?<![0-9])[0-9]{6}\s*[-+A-Za-z\u2010-\u2013\u2212]\s*[0-9]{3}[0-9A-Za-z](?![0-9A-Za-z])")
    out = []
    for pdf in sorted(folder.glob("*.pdf")):
        started = time.perf_counter()
        doc = extract(pdf)
        extract_s = time.perf_counter() - started
        text_chars = sum(len(p.text) for p in doc.pages)
        matches = []
        started = time.perf_counter()
        for page in doc.pages:
            for m in iter_identity_codes(page.text):
                matches.append(
                    {
                        "page": page.number,
                        "masked": m.masked if m.checksum_ok else "(wrong check character)",
                        "checksum_ok": m.checksum_ok,
                        "valid": m.valid,
                        "finding": m.counts_on(AS_OF),
                    }
                )
        find_s = time.perf_counter() - started
        near = sum(len(broad.findall(p.text)) for p in doc.pages)
        words: Counter[str] = Counter()
        for page in doc.pages:
            for word, _offset in find_special_words(page.text):
                found = vocabulary().category_of(word)
                words[found[0] if found else "?"] += 1
        entry: dict[str, Any] = {
            "file": pdf.name,
            "pages": len(doc.pages),
            "pages_without_text": sum(1 for p in doc.pages if not p.has_text),
            "chars": text_chars,
            "pattern_matches": len(matches),
            "checksum_ok": sum(1 for m in matches if m["checksum_ok"]),
            "findings": sum(1 for m in matches if m["finding"]),
            "matches": matches,
            "code_shaped_strings": near,
            "special_words": dict(sorted(words.items())),
            "extract_s": round(extract_s, 3),
            "find_ms": round(find_s * 1000, 2),
        }
        if presidio is not None:
            started = time.perf_counter()
            hits = [x for p in doc.pages for x in presidio(p.text)]
            entry["presidio_hits"] = len(hits)
            entry["presidio_hits_masked"] = [mask_identity_codes(h) for h in hits]
            entry["presidio_ms"] = round((time.perf_counter() - started) * 1000, 1)
        out.append(entry)
    return out


def planted(folder: Path, finders: dict[str, Finder], seed: int = 7) -> dict[str, Any]:
    """Synthetic codes planted in the REAL Lapua text, written to real PDFs and read back through the tool's
    extraction: real background (dates, diary numbers, phone numbers, sums) and real line breaks inside codes.

    Every planted code is synthetic (temporary individual number 900-999). Lines are wrapped at 80 characters at
    spaces, so a code written with spaces around its sign is broken over two lines as a PDF would break it.
    """
    import random
    import tempfile
    import textwrap

    sys.path.insert(0, str(ROOT / "benchmarks" / "corpus"))
    from make_identity_corpus import DASHES as CORPUS_DASHES
    from make_identity_corpus import random_code

    from avi_valvonta.bundle.documents import extract
    from avi_valvonta.testing import make_pdf

    rng = random.Random(seed)
    expected: list[tuple[str, int, str]] = []  # (file, page, code)
    texts: dict[tuple[str, int], str] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for pdf in sorted(folder.glob("*.pdf")):
            pages = []
            for page in extract(pdf).pages:
                words = page.text.split()
                codes = [random_code(rng) for _ in range(rng.randrange(0, 4))]
                for code in codes:
                    shape = rng.random()
                    if shape < 0.4:
                        shown = code
                    elif shape < 0.7:
                        shown = f"{code[:6]} {code[6]} {code[7:]}"  # spaces around the sign: wraps there
                    elif shape < 0.85 and code[6] == "-":
                        shown = code.replace("-", rng.choice(CORPUS_DASHES))
                    else:
                        shown = f"({code})"
                    words.insert(rng.randrange(0, len(words) + 1), shown)
                    expected.append((pdf.name, page.number, code))
                lines = textwrap.wrap(" ".join(words), 80, break_long_words=False, break_on_hyphens=False)
                pages.append("\n".join(lines[:50]) if lines else " ")
                # Keep every planted code on the page: the wrap limit above must not cut one off.
                assert all(
                    f"{c[:6]}" in "\n".join(lines[:50]) for f, p, c in expected if (f, p) == (pdf.name, page.number)
                )
            out = Path(tmp) / pdf.name
            make_pdf(out, pages)  # 50 lines of 10 pt fit an A4 page: one source page stays one PDF page
            back = extract(out).pages
            assert len(back) == len(pages), (pdf.name, len(back), len(pages))
            for page in back:
                texts[(pdf.name, page.number)] = page.text
    results: dict[str, Any] = {"planted": len(expected), "pages": len(texts)}
    want: dict[tuple[str, int], Counter[str]] = defaultdict(Counter)
    for f, p, c in expected:
        want[(f, p)][c] += 1
    for name, finder in finders.items():
        tp = fp = fn = 0
        for key, text in texts.items():
            found = Counter(normalise(x) for x in finder(text))
            tp += sum((want[key] & found).values())
            fp += sum((found - want[key]).values())
            fn += sum((want[key] - found).values())
        results[name] = {
            "tp": tp,
            "fp": fp,
            "fn": fn,
            "precision": _ratio(tp, tp + fp),
            "recall": _ratio(tp, tp + fn),
        }
    return results


def markdown(results: dict[str, Any]) -> str:
    names = list(results["corpus"])
    lines = [f"Corpus: {results['corpus_texts']} texts, {results['corpus_codes']} codes (as_of {AS_OF}).", ""]
    lines.append("| finder | TP | FP | FN | precision | recall | MB/s |")
    lines.append("|---|---|---|---|---|---|---|")
    for n in names:
        r = results["corpus"][n]
        t = r["total"]
        lines.append(
            f"| {n} | {t.get('tp', 0)} | {t.get('fp', 0)} | {t.get('fn', 0)} | {r['precision']} | {r['recall']} "
            f"| {r['mb_per_s']} |"
        )
    lines += ["", "Per category (TP/FP/FN):", ""]
    lines.append("| category | texts | " + " | ".join(names) + " |")
    lines.append("|---|---|" + "---|" * len(names))
    cats = results["corpus"][names[0]]["per_category"]
    for cat in cats:
        cells = []
        for n in names:
            c = results["corpus"][n]["per_category"][cat]
            cells.append(f"{c.get('tp', 0)}/{c.get('fp', 0)}/{c.get('fn', 0)}")
        lines.append(f"| {cat} | {cats[cat]['texts']} | " + " | ".join(cells) + " |")
    if results.get("planted"):
        p = results["planted"]
        lines += [
            "",
            f"Planted in real text: {p['planted']} synthetic codes in the Lapua minutes' text ({p['pages']} pages), "
            "written to PDFs (lines wrapped at 80 characters) and read back by the tool's extraction:",
            "",
            "| finder | TP | FP | FN | precision | recall |",
            "|---|---|---|---|---|---|",
        ]
        for n in names:
            r = p[n]
            lines.append(f"| {n} | {r['tp']} | {r['fp']} | {r['fn']} | {r['precision']} | {r['recall']} |")
    if results.get("lapua"):
        lines += ["", "Real minutes (Lapua, ../shared/data/real-documents/fi):", ""]
        has_p = "presidio_hits" in results["lapua"][0]
        head = "| file | pages | chars | pattern matches | right check char | findings | code-shaped strings |"
        head += " presidio hits |" if has_p else ""
        lines.append(head + " special-category words |")
        lines.append("|---|---|---|---|---|---|---|" + ("---|" if has_p else "") + "---|")
        for e in results["lapua"]:
            row = (
                f"| {e['file']} | {e['pages']} | {e['chars']} | {e['pattern_matches']} | {e['checksum_ok']} "
                f"| {e['findings']} | {e['code_shaped_strings']} |"
            )
            if has_p:
                row += f" {e['presidio_hits']} |"
            words = ", ".join(f"{k} {v}" for k, v in e["special_words"].items()) or "-"
            lines.append(row + f" {words} |")
        chars = sum(e["chars"] for e in results["lapua"])
        ms = sum(e["find_ms"] for e in results["lapua"])
        extract_s = sum(e["extract_s"] for e in results["lapua"])
        pages = sum(e["pages"] for e in results["lapua"])
        lines += [
            "",
            f"Real text: {pages} pages, {chars} characters; finding took {ms:.1f} ms "
            f"({chars / 1e3 / ms:.0f} MB/s), text extraction {extract_s:.2f} s ({pages / extract_s:.0f} pages/s)."
            if ms and extract_s
            else "",
        ]
        if has_p:
            pms = sum(e["presidio_ms"] for e in results["lapua"])
            lines.append(f"Presidio on the same text: {pms:.0f} ms ({chars / 1e3 / pms:.2f} MB/s).")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--lapua", type=Path, default=LAPUA)
    ap.add_argument("--no-presidio", action="store_true")
    ap.add_argument("--json", type=Path, help="also write every figure as JSON")
    args = ap.parse_args(argv)

    rows = [json.loads(line) for line in args.corpus.read_text(encoding="utf-8").splitlines() if line.strip()]
    finders: dict[str, Finder] = {"valvonta": valvonta_finder, "naive": naive_finder}
    presidio, about = (None, "skipped (--no-presidio)") if args.no_presidio else presidio_finder()
    if presidio is not None:
        presidio("lämmittely 010101-0101")  # first call builds the pipeline: not part of the timing
        finders["presidio"] = presidio
    results: dict[str, Any] = {
        "corpus_texts": len(rows),
        "corpus_codes": sum(len(r["codes"]) for r in rows),
        "presidio": about,
        "corpus": {name: score(rows, f) for name, f in finders.items()},
    }
    if args.lapua.is_dir():
        results["lapua"] = lapua(args.lapua, presidio)
        try:
            import reportlab  # noqa: F401  (a test dependency: writes the PDFs)
        except ImportError:
            results["planted"] = None
        else:
            results["planted"] = planted(args.lapua, finders)
    print(f"presidio: {about}\n")
    print(markdown(results))
    for name, r in results["corpus"].items():
        if r["error_examples"]:
            print(f"\n{name}: examples of errors (masked)")
            for cat, ex in r["error_examples"].items():
                for e in ex[:2]:
                    print(f"  [{cat}] {e}")
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
