"""Write ``identity_codes.jsonl``: a labelled, synthetic corpus for finding Finnish identity codes in text.

Every code in it is made up: positives use TEMPORARY individual numbers 900-999 (the range DVV keeps for test data
and temporary codes), so no line can be a real person's code. The labels come from this file's own rules (its own
check-character and calendar arithmetic), never from python-stdnum or the tool's finder, so the benchmark measures
the finder against an independent reading of checks.md "privacy":

- a finding is a code with a correct check character, a date that exists in its century, individual number
  002-999, not born after ``AS_OF``, standing as its own token (no letter or digit right before or after);
- the finder must tolerate what PDFs do: a line break or spaces (also non-breaking) around the century sign,
  U+2010-U+2013 / U+2212 for "-", lower case; never a split inside the digits.

Each line: ``{"id", "category", "text", "codes"}`` where ``codes`` lists the findings in the text, normalised
(``DDMMYY`` + sign + ``NNN`` + check, upper case, ``-`` for every dash). Re-run to regenerate (deterministic):

    python benchmarks/corpus/make_identity_corpus.py
"""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path

AS_OF = dt.date(2024, 8, 15)
CHECK = "0123456789ABCDEFHJKLMNPRSTUVWXY"
SIGNS = {"+": 1800, "-": 1900, "Y": 1900, "X": 1900, "W": 1900, "V": 1900, "U": 1900}
SIGNS.update(dict.fromkeys("ABCDEF", 2000))
DASHES = ["\u2010", "\u2011", "\u2012", "\u2013", "\u2212"]
OUT = Path(__file__).with_name("identity_codes.jsonl")

FI_BEFORE = [
    "Asianosainen {c} on hakenut oikaisua.",
    "Henkilötunnus: {c}",
    "hetu {c}, osoite Esimerkkitie 1",
    "Päätös koskee henkilöä (henkilötunnus {c}).",
    "Oikaisuvaatimuksen tekijä {c} vaatii päätöksen kumoamista.",
    "Työnhakija, syntynyt {c}, ilmoittautui työnhakijaksi.",
    "Liite 3: {c}",
    "{c}",
    "{c} Kari Esimerkki",
    "Asiakkaan tiedot | {c} | Kokkola",
]
SV_BEFORE = [
    "Personbeteckning: {c}",
    "Sökanden {c} har begärt omprövning.",
    "Beslutet gäller personen ({c}).",
    "Ändringssökanden, personbeteckning {c}, yrkar att beslutet upphävs.",
]


def check_char(ddmmyy: str, individual: str) -> str:
    return CHECK[int(ddmmyy + individual) % 31]


def birth(ddmmyy: str, sign: str) -> dt.date | None:
    try:
        return dt.date(SIGNS[sign.upper()] + int(ddmmyy[4:6]), int(ddmmyy[2:4]), int(ddmmyy[0:2]))
    except ValueError:
        return None


def counts(code: str) -> bool:
    """The label: a finding by checks.md (independent of stdnum and of the tool)."""
    ddmmyy, sign, individual, check = code[:6], code[6], code[7:10], code[10]
    born = birth(ddmmyy, sign)
    return (
        born is not None and born <= AS_OF and int(individual) >= 2 and check_char(ddmmyy, individual) == check.upper()
    )


def random_code(rng: random.Random, sign: str | None = None, individual: int | None = None) -> str:
    """A valid code born on or before AS_OF, with a temporary individual number unless told otherwise."""
    sign = sign or rng.choice(list(SIGNS))
    century = SIGNS[sign]
    while True:
        year = century + rng.randrange(0, 100)
        if century == 2000 and year > AS_OF.year:
            continue
        day = dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(0, 366))
        if day.year != year or day > AS_OF:
            continue
        break
    ddmmyy = f"{day.day:02d}{day.month:02d}{day.year % 100:02d}"
    nnn = f"{individual if individual is not None else rng.randrange(900, 1000):03d}"
    return f"{ddmmyy}{sign}{nnn}{check_char(ddmmyy, nnn)}"


def normalise(shown: str) -> str:
    s = "".join(shown.split())
    for d in [*DASHES, "\u00ad", "\u0002"]:
        s = s.replace(d, "-")
    return s.upper()


class Corpus:
    def __init__(self) -> None:
        self.rows: list[dict[str, object]] = []

    def add(self, category: str, text: str, codes: list[str]) -> None:
        self.rows.append({"id": f"{category}-{len(self.rows):05d}", "category": category, "text": text, "codes": codes})


def sentence(rng: random.Random, shown: str) -> str:
    return rng.choice(FI_BEFORE + SV_BEFORE).replace("{c}", shown)


def build(seed: int = 20240815) -> Corpus:
    rng = random.Random(seed)
    c = Corpus()

    # -- positives ---------------------------------------------------------------------------------------------
    for sign in SIGNS:  # every century sign, 15 each
        for _ in range(15):
            code = random_code(rng, sign)
            c.add("pos_sign", sentence(rng, code), [code])
    for _ in range(60):  # typographic dashes for "-"
        code = random_code(rng, "-")
        shown = code.replace("-", rng.choice(DASHES))
        c.add("pos_dash", sentence(rng, shown), [code])
    for _ in range(60):  # spaces around the sign (ordinary, no-break, narrow no-break)
        code = random_code(rng)
        sp = rng.choice([" ", "\u00a0", "\u202f", "  "])
        shown = code[:6] + rng.choice([sp, ""]) + code[6] + sp + code[7:]
        c.add("pos_space", sentence(rng, shown), [code])
    for _ in range(80):  # a line break before or after the sign, as PDFs break long lines
        code = random_code(rng)
        br = rng.choice(["\n", "\r\n", " \n", "\n  "])
        shown = code[:7] + br + code[7:] if rng.random() < 0.5 else code[:6] + br + code[6:]
        c.add("pos_linebreak", sentence(rng, shown), [code])
    for _ in range(20):  # PDFium's marker for a hyphen at a line end (U+0002)
        code = random_code(rng, "-")
        c.add("pos_pdfium_hyphen", sentence(rng, code.replace("-", "\u0002")), [code])
    for _ in range(40):  # lower case sign and/or check character
        code = random_code(rng, rng.choice("ABCDEFYXWVU"))
        c.add(
            "pos_lowercase", sentence(rng, code.lower() if rng.random() < 0.5 else code[:10] + code[10].lower()), [code]
        )
    for _ in range(40):  # punctuation and separators around the code (not letters or digits)
        code = random_code(rng)
        left, right = rng.choice(
            [
                ("(", ")"),
                ('"', '"'),
                ("[", "]"),
                ("", "."),
                ("", ","),
                ("", ";"),
                ("_", "_"),
                ("", "-liite"),
                ("/", "/"),
                ("", ":"),
            ]
        )
        c.add("pos_punctuation", f"Asianosainen {left}{code}{right} mainittiin.", [code])
    for _ in range(40):  # several codes in one text
        codes = [random_code(rng) for _ in range(rng.randrange(2, 5))]
        c.add("pos_many", "\n".join(sentence(rng, x) for x in codes), codes)

    # -- negatives: look-alikes that must not count -------------------------------------------------------------
    for _ in range(80):  # wrong check character
        code = random_code(rng)
        wrong = rng.choice([x for x in CHECK if x != code[10]])
        c.add("neg_wrong_check", sentence(rng, code[:10] + wrong), [])
    impossible = [
        ("290200", "-"),
        ("290223", "Y"),
        ("290200", "+"),
        ("310424", "-"),
        ("300201", "A"),
        ("000185", "-"),
        ("321299", "-"),
        ("151385", "-"),
        ("290221", "A"),
        ("310677", "Y"),
    ]
    for ddmmyy, sign in impossible:  # impossible dates with the RIGHT check character
        for _ in range(6):
            nnn = f"{rng.randrange(900, 1000):03d}"
            c.add("neg_impossible_date", sentence(rng, f"{ddmmyy}{sign}{nnn}{check_char(ddmmyy, nnn)}"), [])
    for _ in range(30):  # individual numbers 000-001 with the right check character
        code = random_code(rng, None, rng.choice([0, 1]))
        c.add("neg_individual_000_001", sentence(rng, code), [])
    for _ in range(40):  # born after as_of (right check, real date): masked, but not a finding
        day = AS_OF + dt.timedelta(days=rng.randrange(1, 2000))
        ddmmyy = f"{day.day:02d}{day.month:02d}{day.year % 100:02d}"
        nnn = f"{rng.randrange(900, 1000):03d}"
        c.add(
            "neg_born_after_as_of", sentence(rng, f"{ddmmyy}{rng.choice('ABCDEF')}{nnn}{check_char(ddmmyy, nnn)}"), []
        )
    for _ in range(60):  # dates
        day = dt.date(1940, 1, 1) + dt.timedelta(days=rng.randrange(0, 30000))
        fmt = rng.choice(
            [
                "{d}.{m}.{y}",
                "{d:02d}.{m:02d}.{y}",
                "{y}-{m:02d}-{d:02d}",
                "{d:02d}{m:02d}{yy:02d}",
                "{d}.{m}.{yy:02d}",
                "{y}{m:02d}{d:02d}",
                "{d:02d}/{m:02d}/{y}",
            ]
        )
        shown = fmt.format(d=day.day, m=day.month, y=day.year, yy=day.year % 100)
        c.add("neg_date", f"Kokous pidettiin {shown} klo 14.00.", [])
    for _ in range(60):  # phone numbers as Finnish texts write them
        n = f"{rng.randrange(0, 10**7):07d}"
        fmt = rng.choice(
            [
                "040 {a} {b}",
                "+358 40 {a} {b}",
                "050-{a}{b}",
                "(06) {a} {b}",
                "040{a}{b}",
                "puh. 044 {a}{b}",
                "tel. +358 (0)50 {a} {b}",
            ]
        )
        c.add("neg_phone", "Lisätietoja " + fmt.format(a=n[:3], b=n[3:]), [])
    for _ in range(60):  # invoice, reference, account, business and diary numbers
        fmt = rng.choice(
            [
                "Lasku {y}{m:02d}{d:02d}-{n4:04d}",
                "viitenumero {n5:05d} {n5b:05d} {n2:02d}",
                "RF18 5390 0754 7034",
                "IBAN FI21 1234 5600 0007 85",
                "Y-tunnus {n7:07d}-{n1}",
                "Dnro LSSAVI/{n3}/{y}",
                "asianumero {n4}/02.05.00/{y}",
                "tilausnumero 4500{n6:06d}",
                "laskun numero {n6:06d}{n4:04d}",
                "viite {n6:06d} {n3:03d}{n1}",
            ]
        )
        shown = fmt.format(
            y=rng.randrange(2015, 2025),
            m=rng.randrange(1, 13),
            d=rng.randrange(1, 29),
            n1=rng.randrange(10),
            n2=rng.randrange(100),
            n3=rng.randrange(1000),
            n4=rng.randrange(10**4),
            n5=rng.randrange(10**5),
            n5b=rng.randrange(10**5),
            n6=rng.randrange(10**6),
            n7=rng.randrange(10**7),
        )
        c.add("neg_invoice_reference", f"Maksu: {shown}.", [])
    for _ in range(60):  # a code inside a longer token: a letter or digit right before or after
        code = random_code(rng)
        left, right = rng.choice([("X", ""), ("", "X"), ("7", ""), ("", "5"), ("ä", ""), ("", "b"), ("A1", "")])
        c.add("neg_in_longer_token", f"Tunniste {left}{code}{right} arkistossa.", [])
    for _ in range(40):  # split inside the digits
        code = random_code(rng)
        cut = rng.choice([1, 2, 3, 4, 5, 8, 9, 10])
        c.add("neg_split_digits", sentence(rng, code[:cut] + rng.choice([" ", "\n"]) + code[cut:]), [])
    for _ in range(20):  # already masked
        code = random_code(rng)
        c.add("neg_masked", sentence(rng, f"******{code[6]}***{code[10]}"), [])

    # -- fuzz: random code-shaped strings, labelled by the rules above -----------------------------------------
    for _ in range(600):
        ddmmyy = f"{rng.randrange(1, 32):02d}{rng.randrange(1, 13):02d}{rng.randrange(0, 100):02d}"
        sign = rng.choice(list(SIGNS))
        nnn = f"{rng.randrange(0, 1000):03d}"
        check = check_char(ddmmyy, nnn) if rng.random() < 0.5 else rng.choice(CHECK)
        code = f"{ddmmyy}{sign}{nnn}{check}"
        if counts(code) and not 900 <= int(nnn) <= 999:
            continue  # never a permanent individual number that could be somebody's
        c.add("fuzz", sentence(rng, code), [code] if counts(code) else [])
    return c


def main() -> None:
    corpus = build()
    for row in corpus.rows:  # the labels agree with the rules (guards the generator itself)
        assert all(counts(x) for x in row["codes"]), row  # type: ignore[union-attr]
        assert all(900 <= int(str(x)[7:10]) <= 999 for x in row["codes"]), row  # type: ignore[union-attr]
    with OUT.open("w", encoding="utf-8") as fh:
        for row in corpus.rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    by_cat: dict[str, int] = {}
    for row in corpus.rows:
        by_cat[str(row["category"])] = by_cat.get(str(row["category"]), 0) + 1
    print(f"{OUT.name}: {len(corpus.rows)} texts, {sum(len(r['codes']) for r in corpus.rows)} codes")  # type: ignore[arg-type, misc]
    for cat, n in sorted(by_cat.items()):
        print(f"  {cat}: {n}")


if __name__ == "__main__":
    main()
