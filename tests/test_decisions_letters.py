"""Decision letters: every letter type in Finnish and Swedish in every format, law-aware content, refusals,
templates (strict, sandboxed, overridable) and escaping. PDFs are rendered once per module and read with pdfplumber.
"""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any

import pytest

from avi_valvonta.decisions import formats
from avi_valvonta.decisions.content import (
    DecisionSettings,
    DraftRequest,
    PriorOrderRow,
    build_complaint_letter,
    build_run_letter,
)
from avi_valvonta.decisions.letters import KINDS, resolve_kind
from avi_valvonta.decisions.templating import TemplateProblem, clear_cache, format_percent
from avi_valvonta.errors import RefusedError, UsageError
from avi_valvonta.law import law
from decisions_support import LANGUAGE, LATE, SETTINGS, complaint, flat, pdf_text, report, run_of

D2024 = dt.date(2024, 9, 2)
PRIOR = PriorOrderRow(
    id="d-prior",
    number="LSSAVI/5/2024",
    decision_date=dt.date(2024, 6, 3),
    deadline=dt.date(2024, 10, 31),
    check_ids=("EQ-INTERVIEW-LATE", "PRIV-HETU-PUBLIC"),
    sanction="suspension_threat",
)


def run_letter(
    kind: str, lang: str | None = None, *, rep: Any = None, prior: tuple[PriorOrderRow, ...] = (), **kw: Any
):
    settings = kw.pop("settings", SETTINGS)
    req = DraftRequest(measure=kind, decision_date=kw.pop("decision_date", D2024), lang=lang, **kw)
    letter_kind, _ = resolve_kind(kind, from_complaint=False)
    return build_run_letter(req, letter_kind, run_of(rep or report()), settings, list(prior), None)


def complaint_letter(measure: str, lang: str | None = None, *, facts: Any = None, **kw: Any):
    day = kw.pop("decision_date", dt.date(2025, 4, 7))
    settings = kw.pop("settings", SETTINGS)
    req = DraftRequest(measure=measure, decision_date=day, lang=lang, complaint=facts or complaint(), **kw)
    kind, outcome = resolve_kind(measure, from_complaint=True)
    return build_complaint_letter(req, kind, outcome, req.complaint, settings, None, None)  # type: ignore[arg-type]


def build(kind: str, lang: str) -> dict[str, Any]:
    """One letter of each type, as an issued letter would read (with a diary number)."""
    if kind == "guidance":
        content = run_letter("guidance", lang, rep=report(fails=(LANGUAGE,), passes=(LATE,), proposal="guidance"))
    elif kind == "remark":
        content = run_letter("remark", lang, rep=report(proposal="remark"))
    elif kind == "correction_order":
        content = run_letter("correction_order", lang, deadline=dt.date(2024, 11, 29))
    elif kind == "suspension":
        follow_up = report(period=("2024-07-01", "2024-10-31"), as_of="2024-11-15", proposal="suspension")
        content = run_letter("suspension", lang, rep=follow_up, prior=(PRIOR,), decision_date=dt.date(2024, 11, 20))
    elif kind == "acknowledgement":
        content = complaint_letter("acknowledgement", lang)
    elif kind == "statement_request":
        content = complaint_letter("statement_request", lang)
    else:
        content = complaint_letter("remark", lang, reason="Kunnan menettely ei ole ollut kielilain mukainen.")
    data = content.data
    data["number"] = f"{data['authority']['diary_prefix']}/900/{data['decision_date'][:4]}"
    return data


LETTERS = [(k, lang) for k in KINDS for lang in ("fi", "sv")]


@pytest.fixture(scope="module", autouse=True)
def _no_user_templates(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The shipped templates, whatever the developer keeps in their own config directory."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("XDG_CONFIG_HOME", str(tmp_path_factory.mktemp("config")))
        clear_cache()
        yield
    clear_cache()


@pytest.fixture(scope="module")
def rendered() -> dict[tuple[str, str], dict[str, Any]]:
    """Every letter type × language × format, rendered once; PDF text extracted once (pdfplumber)."""
    out = {}
    for kind, lang in LETTERS:
        data = build(kind, lang)
        files = {fmt: formats.render(data, fmt) for fmt in formats.FORMATS}
        out[(kind, lang)] = {"data": data, **files, "pdf_text": flat(pdf_text(files["pdf"]))}
    return out


# What each letter must say, by language: (decision phrase, appeal phrase or None).
DECIDES = {
    "guidance": ("kiinnittää työllisyyspalvelujen järjestäjän", "fäster uppmärksamheten hos anordnaren"),
    "remark": ("antaa työllisyyspalvelujen järjestäjälle, Kokkola (272), huomautuksen", "ger anordnaren"),
    "correction_order": ("määrää työllisyyspalvelujen järjestäjän", "förelägger anordnaren"),
    "suspension": ("keskeyttää osittain toiminnan", "avbryter delvis den verksamhet"),
    "acknowledgement": ("on vastaanottanut kantelunne", "har tagit emot ert klagomål"),
    "statement_request": ("pyytää järjestäjää antamaan asiassa selvityksen", "ber anordnaren att ge en utredning"),
    "ruling": ("huomautuksen tulevan toiminnan varalle", "en anmärkning för framtiden"),
}
APPEALABLE = {"correction_order", "suspension"}
NOT_APPEALABLE = {"guidance", "remark", "ruling"}  # decisions: "not appealable" with the section
INSTRUCTIONS = {"fi": "Valitusosoitus", "sv": "Besvärsanvisning"}
NO_APPEAL = {"fi": "ei saa hakea muutosta valittamalla", "sv": "får inte sökas genom besvär"}


@pytest.mark.parametrize(("kind", "lang"), LETTERS)
def test_pdf_states_the_key_facts(rendered: dict[tuple[str, str], dict[str, Any]], kind: str, lang: str) -> None:
    letter = rendered[(kind, lang)]
    text, data = letter["pdf_text"], letter["data"]
    assert data["number"] in text  # diary number
    assert DECIDES[kind][0 if lang == "fi" else 1] in text  # the measure
    authority = data["authority"]
    assert (authority["name_fi"] if lang == "fi" else authority["name_sv"]) in text
    if KINDS[kind].source == "run":
        assert "37/200" in text or "4/150" in text  # counts from the run's results
        assert "Maija Mallikas" in text and "Pekka Esimerkki" in text
    if kind == "correction_order":
        assert "29.11.2024" in text
        assert ("keskeyttämisen uhalla" if lang == "fi" else "vid äventyr att verksamheten avbryts") in text
    if kind == "suspension":
        assert "LSSAVI/5/2024" in text and "31.10.2024" in text
        assert ("noudatettava muutoksenhausta huolimatta" if lang == "fi" else "trots att ändring har sökts") in text
        assert "1269/2020 22 § 4 mom" in text
    if kind == "statement_request":
        assert "2.5.2025" in text and "1269/2020 22 §" not in text and "380/2023 116 §" in text
    if kind in APPEALABLE:
        assert INSTRUCTIONS[lang] in text and "30" in text
        assert ("hallinto-oikeuteen" if lang == "fi" else "förvaltningsdomstolen") in text
    else:
        assert INSTRUCTIONS[lang] not in text
    if kind in NOT_APPEALABLE:
        assert NO_APPEAL[lang] in text
        basis = data["appeal"]["basis"]
        assert basis and basis in text  # "not appealable" WITH the section
    assert data["appeal"]["appealable"] is (kind in APPEALABLE)


@pytest.mark.parametrize(("kind", "lang"), LETTERS)
def test_docx_markdown_and_html_say_the_same(
    rendered: dict[tuple[str, str], dict[str, Any]], kind: str, lang: str
) -> None:
    import docx

    letter = rendered[(kind, lang)]
    data, phrase = letter["data"], DECIDES[kind][0 if lang == "fi" else 1]
    document = docx.Document(io.BytesIO(letter["docx"]))
    parts = [p.text for p in document.paragraphs]
    parts += [c.text for t in document.tables for row in t.rows for c in row.cells]
    docx_text = flat("\n".join(parts))
    assert data["number"] in docx_text and phrase in docx_text
    assert document.core_properties.language == {"fi": "fi-FI", "sv": "sv-FI"}[lang]
    assert any(p.style.name.startswith("Heading") for p in document.paragraphs)  # editable structure
    md = letter["md"].decode()
    assert md.startswith("**") and "\n# " in md and phrase in flat(md.replace("\\", ""))
    html = letter["html"].decode()
    assert f'<html lang="{lang}">' in html and data["number"] in html


def test_pdf_is_pdf_a_3b(rendered: dict[tuple[str, str], dict[str, Any]]) -> None:
    import pdfplumber
    from pdfminer.pdftypes import resolve1

    with pdfplumber.open(io.BytesIO(rendered[("correction_order", "fi")]["pdf"])) as pdf:
        catalog = pdf.doc.catalog
        xmp = resolve1(catalog["Metadata"]).get_data().decode()
        intents = resolve1(catalog["OutputIntents"])
        assert pdf.metadata["Title"].startswith("Määräys puutteiden korjaamisesta")
    assert 'pdfaid:part="3"' in xmp and 'pdfaid:conformance="B"' in xmp
    assert any(resolve1(i)["S"].name == "GTS_PDFA1" for i in intents)


def test_the_same_content_gives_the_same_pdf(rendered: dict[tuple[str, str], dict[str, Any]]) -> None:
    letter = rendered[("remark", "sv")]
    assert formats.render(letter["data"], "pdf") == letter["pdf"]


def test_a_draft_says_so_and_has_no_number() -> None:
    data = run_letter("remark", "fi").data
    text = flat(pdf_text(formats.render(data, "pdf")))
    assert "LUONNOS" in text and "(annetaan päätettäessä)" in text


# -- law-aware content ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "authority", "name_fi", "name_sv", "prefix"),
    [
        (
            dt.date(2025, 12, 31),
            "lssavi",
            "Länsi- ja Sisä-Suomen aluehallintovirasto",
            "Regionförvaltningsverket",
            "LSSAVI",
        ),
        (dt.date(2026, 1, 2), "luva", "Lupa- ja valvontavirasto", "Tillstånds- och tillsynsverket", "LUOVA"),
    ],
)
def test_letterhead_and_authority_follow_the_decision_date(
    day: dt.date, authority: str, name_fi: str, name_sv: str, prefix: str
) -> None:
    rep = report("Tampere", period=("2025-01-01", "2025-06-30"), as_of="2025-09-01", proposal="remark", law="380/2023")
    content = run_letter("remark", rep=rep, decision_date=day)
    assert content.authority == authority
    html = formats.render(content.data, "html").decode()
    assert name_fi in html and name_sv in html
    assert content.data["authority"]["diary_prefix"] == prefix
    assert content.data["measure"]["basis"] == ["380/2023 26 § 1 mom"]


def test_a_correction_order_carries_the_sanction_of_the_law_of_its_date() -> None:
    experiment = run_letter("correction_order", deadline=dt.date(2024, 11, 29))
    assert experiment.sanction == "suspension_threat" and experiment.appealable
    rep = report("Tampere", period=("2025-01-01", "2025-06-30"), as_of="2025-09-01", law="380/2023")
    fine = run_letter(
        "correction_order",
        "sv",
        rep=rep,
        decision_date=dt.date(2025, 9, 15),
        deadline=dt.date(2025, 12, 15),
        fine=Decimal("10000"),
    )
    assert fine.sanction == "conditional_fine"
    assert fine.data["sanction_basis"] == ["viteslagen 1113/1990 10 §", "380/2023 26 § 2 mom."]  # cited in Swedish
    assert fine.data["measure"]["basis"] == ["380/2023 26 § 2 mom.", "viteslagen 1113/1990"]
    text = flat(formats.render(fine.data, "md").decode())
    assert "fast vite på 10 000 euro" in text and "15.12.2025" in text
    plain = run_letter(
        "correction_order",
        rep=rep,
        decision_date=dt.date(2025, 9, 15),
        deadline=dt.date(2025, 12, 15),
        sanction="none",
    )
    assert plain.sanction == "none" and "uhkasakko" not in formats.render(plain.data, "md").decode()
    assert plain.data["measure"]["basis"] == ["380/2023 26 § 2 mom"]  # no sanction, no sanction provisions


def test_language_of_the_letter_follows_the_language_law() -> None:
    assert run_letter("remark").lang == "fi"  # Kokkola: bilingual, Finnish majority
    raasepori = report("Raasepori", fails=(LATE,), passes=(), proposal="remark")
    assert run_letter("remark", rep=raasepori).lang == "sv"  # Swedish majority
    assert run_letter("remark", "fi", rep=raasepori).lang == "fi"  # --lang overrides
    finnish_town = complaint("Kokkola", language="sv")
    assert complaint_letter("acknowledgement", facts=finnish_town).lang == "sv"  # to the complainant: theirs
    assert complaint_letter("statement_request", facts=finnish_town).lang == "fi"  # to the municipality: its
    assert complaint_letter("acknowledgement", facts=complaint("Tampere", language="en")).lang == "fi"


def test_results_are_counted_with_their_evidence_and_basis() -> None:
    data = run_letter("correction_order", "fi", deadline=dt.date(2024, 11, 29)).data
    late = data["results"][0]
    assert (late["check_id"], late["affected"], late["population"]) == ("EQ-INTERVIEW-LATE", 37, 200)
    assert len(late["evidence"]) == 5 and late["evidence_total"] == 7
    assert late["evidence"][0] == {"label": "K-0000 E-00000", "text": "myöhässä 2 arkipäivää", "excerpt": None}
    assert data["provisions"][:2] == ["1269/2020 22 § 2 mom", "1269/2020 22 § 3 mom"]
    assert data["run"]["summary"]["fail"] == 2 and data["run"]["summary"]["pass"] == 1
    assert format_percent(late["rate"], "fi") == "18,5\u00a0%"


def test_a_ruling_is_never_appealable_and_cites_the_section() -> None:
    for outcome in ("none", "guidance", "remark", "own_initiative"):
        content = complaint_letter(outcome, reason="Perustelut.")
        assert content.appealable is False and content.data["appeal"]["section"]
        assert "53 d §" in content.data["appeal"]["basis"]


def test_a_complaint_older_than_two_years_is_flagged() -> None:
    old = complaint(events_date=dt.date(2022, 1, 10))
    data = complaint_letter("acknowledgement", facts=old).data
    assert data["complaint"]["older_than_two_years"] is True
    assert "FL 434/2003 53 b § 3 mom." in data["provisions"]  # a Swedish letter cites in Swedish
    assert "äldre än två år" in formats.render(data, "md").decode()


# -- refusals ------------------------------------------------------------------------------------------------------


def test_refused_a_measure_the_law_of_the_date_does_not_know() -> None:
    rep = report("Tampere", period=("2025-01-01", "2025-06-30"), as_of="2025-09-01", law="380/2023")
    with pytest.raises(RefusedError, match=r"suspension is not a measure under 380/2023"):
        run_letter("suspension", rep=rep, prior=(PRIOR,), decision_date=dt.date(2025, 9, 15))
    with pytest.raises(RefusedError, match=r"began on 1\.3\.2021"):
        run_letter("remark", decision_date=dt.date(2021, 2, 1))


def test_refused_a_correction_order_without_a_deadline() -> None:
    with pytest.raises(RefusedError, match=r"must set a deadline .*--deadline"):
        run_letter("correction_order")
    with pytest.raises(RefusedError, match="must come after the decision date"):
        run_letter("correction_order", deadline=D2024)


def test_refused_a_conditional_fine_without_its_amount() -> None:
    rep = report("Tampere", period=("2025-01-01", "2025-06-30"), as_of="2025-09-01", law="380/2023")
    with pytest.raises(RefusedError, match="--fine EUR"):
        run_letter("correction_order", rep=rep, decision_date=dt.date(2025, 9, 15), deadline=dt.date(2025, 12, 15))
    with pytest.raises(RefusedError, match="can carry conditional_fine or nothing"):
        run_letter(
            "correction_order",
            rep=rep,
            decision_date=dt.date(2025, 9, 15),
            deadline=dt.date(2025, 12, 15),
            sanction="suspension_threat",
        )


@pytest.mark.parametrize(
    ("prior", "as_of", "why"),
    [
        ((), "2024-11-15", "no order at all"),
        ((PRIOR.__class__(**{**PRIOR.__dict__, "deadline": dt.date(2024, 11, 30)}),), "2024-11-15", "deadline ahead"),
        ((PRIOR,), "2024-10-15", "the follow-up run looked before the deadline"),
        ((PRIOR.__class__(**{**PRIOR.__dict__, "check_ids": ("LANG-OTHER",)}),), "2024-11-15", "other checks"),
        ((PRIOR.__class__(**{**PRIOR.__dict__, "sanction": "none"}),), "2024-11-15", "no threat of suspension"),
    ],
)
def test_refused_a_suspension_without_a_non_complied_order(
    prior: tuple[PriorOrderRow, ...], as_of: str, why: str
) -> None:
    follow_up = report(period=("2024-07-01", "2024-10-31"), as_of=as_of)
    with pytest.raises(RefusedError, match="needs an issued correction order under the threat of suspension"):
        run_letter("suspension", rep=follow_up, prior=prior, decision_date=dt.date(2024, 11, 20))


def test_a_suspension_covers_only_what_the_order_covered_and_still_fails() -> None:
    order = PRIOR.__class__(**{**PRIOR.__dict__, "check_ids": ("EQ-INTERVIEW-LATE", "LANG-OTHER")})
    follow_up = report(period=("2024-07-01", "2024-10-31"), as_of="2024-11-15")
    content = run_letter("suspension", rep=follow_up, prior=(order,), decision_date=dt.date(2024, 11, 20), scope="full")
    assert content.check_ids == ["EQ-INTERVIEW-LATE"]
    assert content.data["scope"] == "full" and content.data["prior_order"]["number"] == "LSSAVI/5/2024"


def test_refused_outside_jurisdiction_and_without_failures() -> None:
    outside = next(
        code for code in sorted(law().ref.municipalities) if not law().supervised_on(code, dt.date(2024, 6, 1))[0]
    )
    with pytest.raises(RefusedError, match="not under supervision"):
        run_letter("remark", rep=report(outside, proposal="remark"))
    with pytest.raises(RefusedError, match="no failing result"):
        run_letter("remark", rep=report(fails=(), passes=(LATE,)))
    with pytest.raises(UsageError, match="did not fail"):
        run_letter("remark", check_ids=("LANG-SERVICE-LANGUAGE",))
    with pytest.raises(UsageError, match="go with a correction order"):
        run_letter("remark", fine=Decimal("100"))


def test_signers_are_required_never_a_gap() -> None:
    with pytest.raises(UsageError, match="--decision-maker"):
        run_letter("remark", settings=DecisionSettings())
    with pytest.raises(UsageError, match="--presenter"):
        run_letter("remark", settings=DecisionSettings(decision_maker=SETTINGS.decision_maker))
    config = {"decisions": {"decision_maker": {"name": "A B", "title_sv": "direktör"}, "presenter": "C D"}}
    settings = DecisionSettings.from_config(config)
    data = run_letter("remark", "sv", settings=settings).data
    assert data["signers"]["decision_maker"] == {"name": "A B", "title": "direktör"}
    assert data["signers"]["presenter"] == {"name": "C D", "title": "inspektör"}


# -- templates: strict, sandboxed, overridable; outside text escaped ------------------------------------------------


@pytest.fixture
def user_templates(tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    root = tmp_path / "config" / "avi-valvonta" / "templates"
    (root / "fi").mkdir(parents=True)
    clear_cache()
    yield root
    clear_cache()


def test_a_missing_value_names_the_variable_and_the_template() -> None:
    data = run_letter("remark", "fi").data
    del data["municipality"]["code"]
    with pytest.raises(TemplateProblem, match=r"fi/_run_background\.html\.j2:\d+: missing value: .*'code'"):
        formats.render(data, "html")


def test_a_user_template_overrides_and_is_strict(user_templates: Any) -> None:
    (user_templates / "fi" / "remark.html.j2").write_text(
        '{% extends "shared/letter.html.j2" %}{% block subject %}Oma otsikko {{ municipality.name }}{% endblock %}'
        "{% block body %}<p>{{ not_given }}</p>{% endblock %}",
        encoding="utf-8",
    )
    with pytest.raises(TemplateProblem, match=r"remark\.html\.j2:1: missing value: 'not_given' is undefined"):
        formats.render(run_letter("remark", "fi").data, "html")
    (user_templates / "fi" / "remark.html.j2").write_text(
        '{% extends "shared/letter.html.j2" %}{% block subject %}Oma otsikko {{ municipality.name }}{% endblock %}',
        encoding="utf-8",
    )
    clear_cache()
    assert "Oma otsikko Kokkola" in formats.render(run_letter("remark", "fi").data, "html").decode()
    assert "Anmärkning:" in formats.render(run_letter("remark", "sv").data, "html").decode()  # sv not overridden


def test_a_plugin_can_register_templates(tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    import avi_valvonta.plugins as plugins
    from avi_valvonta.api import hookimpl

    folder = tmp_path / "plugin_templates"
    (folder / "sv").mkdir(parents=True)
    (folder / "sv" / "remark.html.j2").write_text(
        '{% extends "shared/letter.html.j2" %}{% block subject %}Tilläggets rubrik{% endblock %}', encoding="utf-8"
    )

    class TemplatePlugin:
        @hookimpl
        def register_templates(self, register: Any) -> None:
            register("extra-letters", folder)

    real = plugins.load_plugins
    monkeypatch.setattr(plugins, "load_plugins", lambda *a, **k: real(extra=[("extra", TemplatePlugin())]))
    clear_cache()
    try:
        assert "Tilläggets rubrik" in formats.render(run_letter("remark", "sv").data, "html").decode()
        assert "Huomautus:" in formats.render(run_letter("remark", "fi").data, "html").decode()
    finally:
        clear_cache()


def test_user_templates_run_in_the_sandbox(user_templates: Any) -> None:
    (user_templates / "fi" / "remark.html.j2").write_text(
        "{{ ''.__class__.__mro__[1].__subclasses__() }}", encoding="utf-8"
    )
    with pytest.raises(TemplateProblem, match=r"sandbox|unsafe|not allowed"):
        formats.render(run_letter("remark", "fi").data, "html")
    (user_templates / "fi" / "remark.html.j2").write_text("{% set x = recipient.update({'a': 1}) %}", encoding="utf-8")
    clear_cache()
    with pytest.raises(TemplateProblem):
        formats.render(run_letter("remark", "fi").data, "html")


def test_outside_text_is_escaped_never_evaluated_and_identity_codes_are_masked() -> None:
    hostile = "{{ 7*7 }} {% raw %}x{% endraw %} <script>alert(1)</script> **bold** 131052-308T [link](http://x)"
    facts = complaint("Kokkola", language="fi", text=hostile)
    data = complaint_letter("none", facts=facts, reason="<b>perustelu</b> {{ authority }}").data
    html = formats.render(data, "html").decode()
    assert "{{ 7*7 }}" in html and "49" not in html.replace("1490", "")
    assert "&lt;script&gt;" in html and "<script>" not in html
    assert "&lt;b&gt;perustelu&lt;/b&gt; {{ authority }}" in html
    assert "131052-308T" not in html and "******-***T" in html
    md = formats.render(data, "md").decode()
    assert r"\*\*bold\*\*" in md and r"\[link\]" in md and "131052-308T" not in md
    text = flat(pdf_text(formats.render(data, "pdf")))
    assert "{{ 7*7 }}" in text and "<script>alert(1)</script>" in text and "131052-308T" not in text
