"""Real-looking documents for the demo bundles: decisions, letters, notices and minutes as real PDFs.

Texts are written for the demos (synthetic people, synthetic diary numbers). A few carry planted shortcomings so that
an audit has something to find: a decision without appeal instructions, a Finnish letter to a Swedish-speaking
client, a Finnish-only public notice in a bilingual municipality, public minutes with an identity code (a temporary
individual number, 900-999) and a special-category word, and for the Saami homeland a decision in Finnish to a
client who chose North Saami.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from typing import Any

from avi_valvonta.testing import make_pdf

APPEAL_FI = """Oikaisuvaatimusohje
Tähän päätökseen tyytymätön voi hakea siihen oikaisua oikaisuvaatimuksella 30 päivän kuluessa päätöksen
tiedoksisaannista. Oikaisuvaatimus tehdään kirjallisesti ja toimitetaan työllisyyspalveluille. Vaatimuksesta on
käytävä ilmi päätös, johon haetaan oikaisua, millaista oikaisua vaaditaan ja millä perusteilla."""

APPEAL_SV = """Anvisning om begäran om omprövning
Den som är missnöjd med detta beslut kan begära omprövning inom 30 dagar från delfåendet. Begäran om omprövning
görs skriftligen och lämnas till sysselsättningstjänsterna. Av begäran ska framgå vilket beslut som avses, vilken
ändring som yrkas och grunderna för yrkandet."""


def decision_fi(municipality: str, client_id: str, day: dt.date, service: str, appeal: bool) -> str:
    text = f"""{municipality}n kaupunki / Työllisyyspalvelut
PÄÄTÖS {day.day}.{day.month}.{day.year}
Asiakasnumero {client_id}
Asia: {service}
Päätös: Myönnetään {service.lower()} ajalle {day.day}.{day.month}.{day.year} alkaen kuuden kuukauden ajaksi.
Perustelut: Palvelu tukee työllistymissuunnitelmassa sovittua tavoitetta ja edistää asiakkaan pääsyä avoimille
työmarkkinoille. Asiakkaan osaaminen ja palvelutarve on arvioitu yhdessä asiakkaan kanssa työnhakukeskustelussa.
Sovelletut säännökset: laki työvoimapalvelujen järjestämisestä ja julkisesta työvoima- ja yrityspalvelusta.
Lisätietoja antaa asiakkaan oma työvalmentaja työllisyyspalveluissa arkisin kello yhdeksästä kolmeen."""
    return text + ("\n" + APPEAL_FI if appeal else "")


def decision_sv(municipality: str, client_id: str, day: dt.date, service: str) -> str:
    return f"""{municipality} stad / Sysselsättningstjänsterna
BESLUT {day.day}.{day.month}.{day.year}
Klientnummer {client_id}
Ärende: {service}
Beslut: Klienten beviljas {service.lower()} från och med {day.day}.{day.month}.{day.year} för sex månader.
Motivering: Tjänsten stöder det mål som avtalats i sysselsättningsplanen och främjar klientens möjligheter att
få arbete på den öppna arbetsmarknaden. Klientens kompetens och servicebehov har bedömts tillsammans med klienten
vid jobbsökningssamtalet.
Tillämpade bestämmelser: lagen om ordnande av arbetskraftsservice och lagen om offentlig arbetskraftsservice.
Närmare upplysningar ger klientens egen jobbcoach vid sysselsättningstjänsterna vardagar klockan nio till tre.
{APPEAL_SV}"""


def decision_se(client_id: str, day: dt.date) -> str:
    return f"""Anára suohkan / Bargobálvalusat
MEARRÁDUS {day.day}.{day.month}.{day.year}
Áššehasnummir {client_id}
Ášši: Bálkádoarjja bargoaddái
Mearrádus: Don oaččut bálkádoarjaga guhtta mánotbaji áigodahkii mii álgá {day.day}.{day.month}.{day.year}.
Ákkastallan: Bargoaddi lea dieđihan ahte bargu joatkašuvvá ja ahte don besset bargat dábálaš bargosajis.
Du bargovuohta ja bálvalusdárbu leat árvvoštallon ovttas duinna bargoohcansáhkavuoruin.
Jus it leat duhtavaš dán mearrádussii, sáhtát gáibidit njulgema čálalaččat golbmalogi beaivvi siste.
Gáibádussii galgá čállit makkár mearrádusa dát guoská ja manne don gáibidat njulgema."""


def letter_fi(municipality: str, client_id: str, day: dt.date) -> str:
    return f"""{municipality} / Työllisyyspalvelut
KUTSU TYÖNHAKUKESKUSTELUUN
Asiakasnumero {client_id}
Sinut kutsutaan työnhakukeskusteluun {day.day}.{day.month}.{day.year} kello 10.00 työllisyyspalvelujen toimipisteeseen.
Keskustelussa käydään läpi työnhakusi tilanne, työllistymissuunnitelmasi ja sinulle sopivat palvelut.
Jos aika ei sovi sinulle, ota yhteyttä työvalmentajaasi viimeistään edellisenä arkipäivänä.
Voit asioida myös puhelimitse tai videoyhteydellä, kun sovit siitä etukäteen."""


def letter_sv(municipality: str, client_id: str, day: dt.date) -> str:
    return f"""{municipality} / Sysselsättningstjänsterna
KALLELSE TILL JOBBSÖKNINGSSAMTAL
Klientnummer {client_id}
Du kallas till jobbsökningssamtal {day.day}.{day.month}.{day.year} klockan 10.00 vid sysselsättningstjänsternas kontor.
Under samtalet går vi igenom ditt jobbsökande, din sysselsättningsplan och de tjänster som passar dig.
Om tiden inte passar dig, kontakta din jobbcoach senast föregående vardag.
Du kan också sköta ärendet per telefon eller via videolänk om du kommer överens om det på förhand."""


def notice_bilingual(municipality_fi: str, municipality_sv: str) -> str:
    return f"""{municipality_fi} / {municipality_sv}
TYÖLLISYYSPALVELUJEN AUKIOLOAJAT KESÄLLÄ
Työllisyyspalvelujen asiakaspalvelu on kesällä avoinna maanantaista torstaihin kello yhdeksästä kolmeen.
Perjantaisin palvelemme puhelimitse ja sähköisesti, ja ajanvaraukset hoidetaan tavalliseen tapaan.
Kiireellisissä asioissa voit jättää yhteydenottopyynnön verkkosivujemme kautta, niin soitamme sinulle takaisin.
SYSSELSÄTTNINGSTJÄNSTERNAS ÖPPETTIDER UNDER SOMMAREN
Sysselsättningstjänsternas kundtjänst är öppen under sommaren från måndag till torsdag klockan nio till tre.
På fredagar betjänar vi per telefon och elektroniskt, och tidsbokningar sköts på vanligt sätt.
I brådskande ärenden kan du lämna en kontaktbegäran via vår webbplats, så ringer vi upp dig."""


def notice_fi(municipality: str) -> str:
    return f"""{municipality} / Työllisyyspalvelut
REKRYTOINTITAPAHTUMA KAUPUNGINTALOLLA
Tervetuloa tapaamaan alueen työnantajia rekrytointitapahtumaan kaupungintalon aulaan keskiviikkona kello 12–16.
Paikalla on yrityksiä kaupan, hoivan, logistiikan ja teollisuuden aloilta, ja osa haastattelee hakijoita heti.
Ota mukaan ansioluettelo ja rohkea mieli. Tapahtuma on maksuton eikä vaadi ennakkoilmoittautumista.
Työvalmentajat neuvovat työnhaussa ja työllistymistä edistävissä palveluissa koko tapahtuman ajan."""


def minutes_fi(municipality: str, day: dt.date, hetu: str | None, sensitive: bool) -> str:
    lines = [
        f"{municipality}n kaupunki",
        "Elinvoimalautakunta",
        f"PÖYTÄKIRJA {day.day}.{day.month}.{day.year}",
        "§ 41 Kokouksen laillisuus ja päätösvaltaisuus",
        "Puheenjohtaja totesi, että kokous on kutsuttu koolle laillisesti ja että se on päätösvaltainen.",
        "§ 42 Työllisyyspalvelujen tilannekatsaus",
        "Työllisyysjohtaja esitteli työllisyyspalvelujen asiakasmäärät ja palvelujen käytön kevään aikana.",
        "Lautakunta merkitsi katsauksen tiedoksi ja kiitti henkilöstöä hyvästä työstä.",
        "§ 43 Oikaisuvaatimus starttirahapäätöksestä",
    ]
    if hetu:
        lines.append(f"Oikaisuvaatimuksen tekijä (henkilötunnus {hetu}) vaatii starttirahapäätöksen muuttamista.")
    else:
        lines.append("Oikaisuvaatimuksen tekijä vaatii starttirahapäätöksen muuttamista.")
    if sensitive:
        lines.append("Hakija kertoo saaneensa toimeentulotukea ja että hänen tilanteensa on ollut vaikea.")
    lines += [
        "Lautakunta hylkäsi oikaisuvaatimuksen, koska starttirahan myöntämisen edellytykset eivät täyttyneet.",
        "Muutoksenhaku: tähän päätökseen haetaan muutosta hallinto-oikeudelta 30 päivän kuluessa tiedoksisaannista.",
    ]
    return "\n".join(lines)


def write_documents(gen: Any, out: Path, clients: list[dict[str, str]]) -> None:
    """Write documents/ and documents.csv for one demo bundle."""
    p = gen.p
    docs = out / "documents"
    if docs.exists():  # a rerun must not leave documents of an earlier generation behind
        import shutil

        shutil.rmtree(docs)
    docs.mkdir()
    rows: list[dict[str, str]] = []
    start = gen.start
    municipality = p.municipality
    fi_clients = [c for c in clients if c["service_language"] == "fi"]
    sv_clients = [c for c in clients if c["service_language"] == "sv"]
    se_clients = [c for c in clients if c["service_language"] in ("se", "smn", "sms")]

    def add(
        name: str,
        pages: list[str],
        doc_type: str,
        audience: str,
        client: str = "",
        day: dt.date | None = None,
        until: str = "",
        translation_of: str = "",
    ) -> None:
        make_pdf(docs / name, pages)
        rows.append(
            {
                "file": name,
                "doc_type": doc_type,
                "audience": audience,
                "client_id": client,
                "date": (day or start).isoformat(),
                "published_until": until,
                "translation_of": translation_of,
            }
        )

    d1 = start + dt.timedelta(days=40)
    d2 = start + dt.timedelta(days=95)
    if fi_clients:
        add(
            f"paatos_palkkatuki_{d1}.pdf",
            [decision_fi(municipality, fi_clients[0]["client_id"], d1, "Palkkatuki", appeal=True)],
            "decision",
            "client",
            fi_clients[0]["client_id"],
            d1,
        )
        add(
            f"paatos_tyokokeilu_{d2}.pdf",
            [decision_fi(municipality, fi_clients[1]["client_id"], d2, "Työkokeilu", appeal=False)],
            "decision",
            "client",
            fi_clients[1]["client_id"],
            d2,
        )
        add(
            f"kutsu_{d1}.pdf",
            [letter_fi(municipality, fi_clients[2]["client_id"], d1 + dt.timedelta(days=7))],
            "letter",
            "client",
            fi_clients[2]["client_id"],
            d1,
        )
    if sv_clients:
        add(
            f"beslut_lonesubvention_{d2}.pdf",
            [decision_sv("Karleby", sv_clients[0]["client_id"], d2, "Lönesubvention")],
            "decision",
            "client",
            sv_clients[0]["client_id"],
            d2,
        )
        add(
            f"kallelse_{d1}.pdf",
            [letter_sv("Karleby", sv_clients[0]["client_id"], d1)],
            "letter",
            "client",
            sv_clients[0]["client_id"],
            d1,
        )
        if len(sv_clients) > 1:  # a Finnish letter to a Swedish-speaking client: a language finding
            add(
                f"kutsu_ruotsinkieliselle_{d2}.pdf",
                [letter_fi(municipality, sv_clients[1]["client_id"], d2)],
                "letter",
                "client",
                sv_clients[1]["client_id"],
                d2,
            )
    if se_clients:
        add(
            f"mearradus_{d1}.pdf",
            [decision_se(se_clients[0]["client_id"], d1)],
            "decision",
            "client",
            se_clients[0]["client_id"],
            d1,
        )
        if len(se_clients) > 1:  # a Finnish decision to a client who chose Saami
            add(
                f"paatos_saamenkieliselle_{d2}.pdf",
                [decision_fi(municipality, se_clients[1]["client_id"], d2, "Työvoimakoulutus", appeal=True)],
                "decision",
                "client",
                se_clients[1]["client_id"],
                d2,
            )
    if p.swedish_service and "sv" in p.languages and p.languages["sv"] > 0.05:
        add(
            "aukioloajat_oppettider.pdf",
            [notice_bilingual(municipality, "Karleby")],
            "notice",
            "public",
            day=start + dt.timedelta(days=120),
        )
    add(
        f"rekrytointitapahtuma_{d1}.pdf",
        [notice_fi(municipality)],
        "notice",
        "public",
        day=d1,
        until=(d1 + dt.timedelta(days=10)).isoformat(),
    )
    hetu = None
    if p.prefix in ("TRE", "KKL"):
        import random

        from generate import synthetic_hetu

        hetu = synthetic_hetu(random.Random(p.prefix))
    mday = start + dt.timedelta(days=60)
    add(
        f"poytakirja_{mday}.pdf",
        [
            "Kokouksen avaus ja läsnäolijat luetellaan liitteessä.",
            minutes_fi(municipality, mday, hetu, sensitive=p.prefix == "TRE"),
        ],
        "minutes",
        "public",
        day=mday,
    )
    with (out / "documents.csv").open("w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(
            f,
            ["file", "doc_type", "audience", "client_id", "date", "published_until", "translation_of"],
            lineterminator="\n",
        )
        w.writeheader()
        w.writerows(rows)
