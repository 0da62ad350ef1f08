"""Writes the bundled sample data: a fictional Lapland region of six clusters.

Run `python data/make_sample.py` to regenerate data/sample/ (the files are committed).
The data is written the ways real exports come: semicolon CSV with a byte-order
mark and Finnish headers and dates, a Windows-1252 file, a comma CSV, a register
split over two files, and Excel workbooks (one dataset in one, two as sheets of
another). What each cluster is designed to show, as of 2026Q3 (30.9.2026):

| cluster | C1 | C2 | C3 | C4 | C5 | C6 | C7 | C8 | verdict |
|---|---|---|---|---|---|---|---|---|---|
| kiertotalous | met | met | met | met | met | met | met | met | meets |
| arktinen-muotoilu | partly | met | partly | partly | partly | partly | partly | partly | partly |
| elamysmatkailu | not | not | not | not | not | not | not | not | does not |
| akkumineraalit | insuff | met | met | insuff | met | insuff | insuff | insuff | partially |
| metsabiotalous | not | insuff | insuff | met | insuff | met | not | not | does not |
| datakeskukset | met | not | not | met | met | met | partly | met | does not |

Messy rows: wrong check digits, a cluster id not in the register, exact
duplicates, impossible dates (31.2.2026, 31.11.2025), more companies than
participants, and an event after the as-of date (ignored, not rejected).
"""

from __future__ import annotations

import csv
import io
import sys
from datetime import date
from pathlib import Path

from openpyxl import Workbook

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from schemas.business_id import check_digit

OUT = Path(__file__).resolve().parent / "sample"


def y(base: int) -> str:
    """A valid business ID from seven digits (the next base with a valid check digit)."""
    while True:
        digits = f"{base:07d}"
        check = check_digit(digits)
        if check is not None:
            return f"{digits}-{check}"
        base += 1


def wrong(business_id: str) -> str:
    return business_id[:-1] + str((int(business_id[-1]) + 1) % 10)


def fi(day: date | None) -> str:
    return f"{day.day}.{day.month}.{day.year}" if day else ""


def write_csv(name: str, header: list[str], rows: list[list[object]], *, sep: str,
              encoding: str) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=sep, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    (OUT / name).write_bytes(buffer.getvalue().encode(encoding))


def write_workbook(name: str, sheets: dict[str, tuple[list[str], list[list[object]]]]) -> None:
    book = Workbook()
    book.remove(book.active)
    for title, (header, rows) in sheets.items():
        sheet = book.create_sheet(title)
        sheet.append(header)
        for row in rows:
            sheet.append(row)
        for cell in sheet["A"][1:]:
            cell.number_format = "General"
        for column in sheet.iter_cols(min_row=2):
            for cell in column:
                if isinstance(cell.value, date):
                    cell.number_format = "d.m.yyyy"
    book.save(OUT / name)


D = date


def clusters() -> None:
    header = ["Klusteri", "Nimi", "Vetäjä", "Vetäjän rooli", "Vetäjä alkaen", "Strategia",
              "Strategia hyväksytty", "Strategia voimassa", "Toimeenpanosuunnitelma",
              "Suunnitelma hyväksytty", "Suunnitelma voimassa", "Verkkosivusto",
              "Yrityksiä ohjausryhmässä", "HTV", "Merkki", "Merkki myönnetty", "Merkki voimassa"]
    rows = [
        ["kiertotalous", "Teollisen kiertotalouden keskus", "Aino Koskinen", "johtaja",
         fi(D(2018, 5, 2)), "KTK-STRAT-2024", fi(D(2024, 2, 15)), fi(D(2027, 12, 31)),
         "KTK-TOP-2026", fi(D(2026, 1, 20)), fi(D(2026, 12, 31)),
         "https://kiertotalous.example.fi", "4", "2,5", "hopea", fi(D(2025, 5, 31)),
         fi(D(2027, 5, 31))],
        ["arktinen-muotoilu", "Arktisen muotoilun klusteri", "Mikko Rautio", "koordinaattori",
         fi(D(2022, 8, 1)), "AM-STRAT-2023", fi(D(2023, 3, 1)), "", "AM-TOP-2025",
         fi(D(2025, 1, 10)), fi(D(2026, 6, 30)), "https://muotoilu.example.fi", "2", "1",
         "", "", ""],
        ["elamysmatkailu", "Elämysmatkailun klusteri", "avoin", "", "", "", "", "", "", "", "",
         "https://matkailu.example.fi", "0", "0,5", "ei", "", ""],
        ["akkumineraalit", "Akkumineraalien arvoketju", "Liisa Niemelä", "vetäjä",
         fi(D(2023, 9, 1)), "AKU-STRAT", fi(D(2024, 4, 4)), fi(D(2028, 12, 31)), "AKU-TOP-26",
         fi(D(2026, 2, 2)), "", "https://akku.example.fi", "2", "1,5", "pronssi",
         fi(D(2024, 12, 31)), fi(D(2026, 12, 31))],
        ["datakeskukset", "Arktiset datakeskukset", "", "", "", "DC-STRAT-2021",
         fi(D(2021, 6, 1)), fi(D(2025, 12, 31)), "DC-TOP-2027", fi(D(2026, 10, 15)), "",
         "http://datakeskukset.example.fi", "3", "1", "", "", ""],
    ]
    write_csv("clusters.csv", header, rows, sep=";", encoding="utf-8-sig")
    # A second register file from another office: fewer columns, English headers.
    write_csv(
        "clusters-pohjoinen.csv",
        ["cluster_id", "name", "website_url", "management_fte", "label"],
        [["metsabiotalous", "Metsäbiotalouden klusteri", "", "0.8", "none"]],
        sep=",", encoding="utf-8",
    )


AGREEMENT_HEADER = ["klusteri", "jäsen", "y-tunnus", "toimijatyyppi", "kokoluokka",
                    "sopimustyyppi", "allekirjoitettu", "voimassa alkaen", "voimassa asti",
                    "näyttö"]


def agreement(cluster: str, name: str, business_id: str, actor: str, size: str, kind: str,
              signed: date | None, start: date | None, end: date | None, ref: str) -> list[object]:
    return [cluster, name, business_id, actor, size, kind, fi(signed), fi(start), fi(end), ref]


def agreements() -> None:
    rows = []
    ktk = [("Kemin Metallikierrätys Oy", 1000001), ("Tornion Kuonajalostus Oy", 1000100),
           ("Perämeren Biokaasu Oy", 1000200), ("Lapin Teollisuuspalvelut Oy", 1000300),
           ("Röyttän Satamalogistiikka Oy", 1000400), ("Kivikon Sivuvirrat Oy", 1000500),
           ("Meri-Lapin Energiakierto Oy", 1000600)]
    for number, (name, base) in enumerate(ktk, start=1):
        rows.append(agreement("kiertotalous", name, y(base), "yritys", "pieni",
                              "jäsensopimus" if number % 2 else "yhteistyösopimus",
                              D(2024, number, 10), D(2024, number, 10), None,
                              f"KTK-SOP-{number:03d}"))
    rows.append(agreement("kiertotalous", "Lapin yliopisto", "", "tutkimus", "", "yhteistyö",
                          D(2024, 3, 1), D(2024, 3, 1), None, "KTK-SOP-101"))
    # Wrong check digit: set aside; the cluster still has seven verified companies.
    rows.append(agreement("kiertotalous", "Kuonakivi Oy", wrong(y(1000700)), "yritys", "mikro",
                          "jäsensopimus", D(2025, 2, 2), D(2025, 2, 2), None, "KTK-SOP-008"))
    # Elämysmatkailu: four companies listed, none verifiable, each for its own reason.
    rows += [
        agreement("elamysmatkailu", "Revontulisafarit Oy", y(2000001), "yritys", "mikro",
                  "jäsensopimus", D(2025, 4, 1), D(2025, 4, 1), None, ""),
        agreement("elamysmatkailu", "Tunturihotellit Oy", y(2000100), "yritys", "keskisuuri",
                  "yhteistyösopimus", None, D(2025, 6, 1), None, "EM-SOP-2"),
        agreement("elamysmatkailu", "Poropolku Oy", y(2000200), "yritys", "mikro", "aiesopimus",
                  D(2025, 1, 15), D(2025, 1, 15), None, "EM-LOI-3"),
        agreement("elamysmatkailu", "Kelosauna Oy", y(2000300), "yritys", "mikro",
                  "jäsensopimus", D(2023, 1, 1), D(2023, 1, 1), D(2025, 12, 31), "EM-SOP-4"),
    ]
    # Akkumineraalit: every agreement row is bad, so C1 cannot be judged.
    rows += [
        agreement("akkumineraalit", "Litiumlaakso Oy", wrong(y(3000001)), "yritys", "suuri",
                  "jäsensopimus", D(2025, 3, 3), D(2025, 3, 3), None, "AKU-1"),
        agreement("akkumineraalit", "Kobolttikaivos Oy", y(3000100), "yritys", "suuri",
                  "jäsensopimus", D(2025, 3, 3), D(2026, 1, 1), D(2025, 1, 1), "AKU-2"),
    ]
    # Metsäbiotalous: only research and public partners, no companies.
    rows += [
        agreement("metsabiotalous", "Luonnonvarakeskus, Rovaniemi", "", "tutkimus", "",
                  "yhteistyösopimus", D(2024, 5, 5), D(2024, 5, 5), None, "MBT-1"),
        agreement("metsabiotalous", "Rovaniemen kaupunki", "", "julkinen", "",
                  "yhteistyösopimus", D(2024, 5, 6), D(2024, 5, 6), None, "MBT-2"),
    ]
    dc = [("Arctic Compute Oy", 4000001), ("Pohjoinen Pilvi Oy", 4000100),
          ("Jäähdytys-Lappi Oy", 4000200), ("Kuitulinkki Oy", 4000300),
          ("Hukkalämpö Oy", 4000400)]
    for number, (name, base) in enumerate(dc, start=1):
        rows.append(agreement("datakeskukset", name, y(base), "yritys", "keskisuuri",
                              "jäsensopimus", D(2025, number, 20), D(2025, number, 20), None,
                              f"DC-{number}"))
    rows.append(rows[-1])  # an exact duplicate: counted once
    write_csv("agreements.csv", AGREEMENT_HEADER, rows, sep=";", encoding="cp1252")

    # Arktinen muotoilu keeps its agreements in a workbook of its own, with real dates.
    english = ["cluster_id", "member_name", "business_id", "actor_type", "size_class",
               "agreement_type", "signed_on", "valid_from", "valid_until", "evidence_ref"]
    design = [
        ["arktinen-muotoilu", "Napapiirin Design Oy", y(5000001), "company", "micro",
         "membership", D(2025, 2, 1), D(2025, 2, 1), None, "AM-1"],
        ["arktinen-muotoilu", "Kaamos Studio Oy", y(5000100), "company", "micro",
         "cooperation", D(2025, 3, 1), D(2025, 3, 1), D(2027, 3, 1), "AM-2"],
        ["arktinen-muotoilu", "Tunturi Tekstiili Oy", y(5000200), "company", "small",
         "membership", D(2024, 9, 9), D(2024, 9, 9), None, "AM-3"],
        ["arktinen-muotoilu", "Revontuli Valaisimet Oy", y(5000300), "company", "small",
         "letter of intent", D(2026, 4, 4), D(2026, 4, 4), None, "AM-LOI-4"],
        ["arktinen-muotoilu", "Jäkälä Huonekalut Oy", y(5000400), "company", "micro",
         "membership", D(2023, 1, 1), D(2023, 1, 1), D(2026, 3, 31), "AM-5"],
        ["arktinen-muotoilu", "Lapin ammattikorkeakoulu", None, "research", None,
         "cooperation", D(2024, 1, 1), D(2024, 1, 1), None, "AM-6"],
    ]
    write_workbook("agreements-arctic-design.xlsx", {"Sheet1": (english, design)})


ACTIVITY_HEADER = ["cluster_id", "date", "kind", "title", "audience", "participants_total",
                   "participant_companies", "evidence_ref"]
DIALOGUE_HEADER = ["cluster_id", "date", "kind", "companies_involved", "summary"]


def logs() -> None:
    activities = [
        ["kiertotalous", D(2025, 10, 1), "event", "Kiertotalouspäivä Kemissä", "mixed", 120, 40,
         "KTK-A-1"],
        ["kiertotalous", D(2025, 12, 3), "matchmaking", "Sivuvirtapörssi", "members", 30, 22,
         "KTK-A-2"],
        ["kiertotalous", D(2026, 2, 18), "knowledge", "Kuonan hyötykäyttöselvitys", "members",
         None, None, "KTK-A-3"],
        ["kiertotalous", D(2026, 4, 22), "training", "Materiaalipassit-koulutus", "members", 25,
         18, "KTK-A-4"],
        ["kiertotalous", D(2026, 6, 10), "service", "Luvitusneuvonta", "members", 9, 9,
         "KTK-A-5"],
        ["kiertotalous", D(2026, 9, 30), "event", "Teollisuuden symbioosifoorumi", "mixed", 80,
         35, "KTK-A-6"],
        # After the as-of date: ignored by 2026Q3, not rejected.
        ["kiertotalous", D(2026, 11, 12), "event", "Syysfoorumi", "members", 50, 30, "KTK-A-7"],
        ["arktinen-muotoilu", D(2026, 3, 12), "event", "Muotoiluilta jäsenille", "members", 25,
         12, "AM-A-1"],
        ["arktinen-muotoilu", D(2025, 11, 20), "event", "Avoin näyttely", "public", 300, 4,
         "AM-A-2"],
        ["arktinen-muotoilu", D(2026, 8, 8), "event", "Design-markkinat", "public", 500, 0,
         "AM-A-3"],
        # The day before the window: not counted.
        ["arktinen-muotoilu", D(2025, 9, 30), "event", "Syyskauden avaus", "members", 30, 10,
         "AM-A-4"],
        ["elamysmatkailu", D(2026, 2, 2), "event", "Matkailumessut", "public", 2000, 0, "EM-A-1"],
        ["akkumineraalit", "31.2.2026", "event", "Akkupäivä", "members", 40, 20, "AKU-A-1"],
        ["akkumineraalit", D(2026, 5, 5), "training", "Kaivosturvallisuus", "members", 10, 12,
         "AKU-A-2"],
        ["metsabiotalous", D(2025, 11, 11), "event", "Puupäivä", "mixed", 60, 15, "MBT-A-1"],
        ["metsabiotalous", D(2026, 3, 3), "knowledge", "Metsäbiotalouden katsaus", "members",
         None, None, "MBT-A-2"],
        ["metsabiotalous", D(2026, 6, 16), "working_group", "Puurakentamisen työryhmä",
         "members", 12, 8, "MBT-A-3"],
        ["datakeskukset", D(2025, 10, 15), "event", "Datakeskusfoorumi", "members", 40, 25,
         "DC-A-1"],
        ["datakeskukset", D(2026, 1, 20), "matchmaking", "Hukkalämpö-matchmaking", "mixed", 30,
         15, "DC-A-2"],
        ["datakeskukset", D(2026, 5, 25), "service", "Sähköliittymäneuvonta", "members", 6, 6,
         "DC-A-3"],
        # Not in the register: set aside.
        ["porotalous", D(2026, 4, 1), "event", "Poropäivä", "members", 20, 5, "PT-1"],
    ]
    activities.append(activities[1])  # an exact duplicate: counted once
    dialogue = [
        ["kiertotalous", D(2025, 11, 5), "needs_survey", 18, "Jäsenkysely sivuvirtatarpeista"],
        ["kiertotalous", D(2026, 1, 14), "steering_group", 4, "Ohjausryhmä: vuosisuunnitelma"],
        ["kiertotalous", D(2026, 5, 6), "workshop", 11, "Työpaja: luvituksen pullonkaulat"],
        ["kiertotalous", D(2026, 8, 26), "meeting", 3, "Yritystapaamiset Tornio"],
        ["arktinen-muotoilu", D(2025, 10, 9), "meeting", 2, "Yrityskäynnit"],
        ["arktinen-muotoilu", D(2026, 3, 12), "steering_group", 2, "Ohjausryhmä"],
        ["elamysmatkailu", D(2026, 3, 1), "newsletter", 0, "Uutiskirje"],
        ["akkumineraalit", D(2026, 2, 10), "needs_survey", 9, "Osaamistarvekysely"],
        ["akkumineraalit", D(2026, 7, 7), "meeting", 4, "Yritystapaamiset"],
        ["metsabiotalous", D(2025, 12, 12), "meeting", 3, "Sahayrittäjät"],
        ["metsabiotalous", D(2026, 4, 4), "workshop", 6, "Biotuotteiden työpaja"],
        ["metsabiotalous", D(2026, 7, 20), "meeting", 2, "Yrityskäynti"],
        ["datakeskukset", D(2026, 4, 14), "interview", 5, "Asiakashaastattelut"],
        ["datakeskukset", D(2026, 8, 18), "meeting", 4, "Liittymätapaamiset"],
    ]
    write_workbook("lokit.xlsx", {
        "activities": (ACTIVITY_HEADER, activities),
        "dialogue": (DIALOGUE_HEADER, dialogue),
    })


def evaluations() -> None:
    header = ["cluster_id", "date", "kind", "evaluator", "result_ref"]
    rows = [
        ["kiertotalous", "2025-11-20", "label_assessment", "ESCA", "ECEI-SILVER-2025"],
        ["kiertotalous", "2026-06-15", "self_assessment", "ohjausryhmä", "KTK-ARV-2026"],
        ["arktinen-muotoilu", "2024-12-10", "member_survey", "klusteri", "AM-KYS-2024"],
        ["elamysmatkailu", "2023-05-05", "self_assessment", "klusteri", "EM-ARV-2023"],
        ["akkumineraalit", "31.11.2025", "external", "Arviointi Oy", "AKU-ARV"],
        ["datakeskukset", "2026-09-01", "member_survey", "klusteri", "DC-KYS-2026"],
    ]
    write_csv("evaluations.csv", header, rows, sep=",", encoding="utf-8")


def website_checks() -> None:
    header = ["cluster_id", "checked_at", "url", "reachable", "status_code", "https",
              "offer_description", "accessibility_failures", "accessibility_statement",
              "english_version"]
    rows = [
        ["kiertotalous", "2026-09-15", "https://kiertotalous.example.fi", "true", 200, "true",
         "true", 0, "true", "true"],
        ["kiertotalous", "2026-05-10", "https://kiertotalous.example.fi", "true", 200, "true",
         "false", 2, "true", "true"],
        ["arktinen-muotoilu", "2026-09-15", "https://muotoilu.example.fi", "true", 200, "true",
         "true", 3, "false", "false"],
        ["elamysmatkailu", "2026-09-15", "https://matkailu.example.fi", "false", "", "", "", "",
         "", ""],
        # Older than 92 days before 30.9.2026: not used, so C7 has no recent evidence.
        ["akkumineraalit", "2026-06-01", "https://akku.example.fi", "true", 200, "true", "true",
         0, "true", "true"],
        ["datakeskukset", "2026-09-16", "http://datakeskukset.example.fi", "true", 200, "false",
         "true", 0, "true", "true"],
    ]
    write_csv("website_checks.csv", header, rows, sep=";", encoding="utf-8")


def label_indicators() -> None:
    """The circular-economy centre's own Gold self-assessment (Silver held, Gold the aim):
    most indicators scored, a few without a document behind the score, some not yet."""
    header = ["klusteri", "indikaattori", "pisteet", "enimmäispisteet", "arvioitu",
              "arvioinut", "näyttö"]
    scored = {  # indicator: (score, evidence reference or "" when none yet)
        "commitment": (4, "KTK-JASENSOPIMUKSET-2026"), "composition": (4, "KTK-JASENREK-2026"),
        "number_of_participants": (5, "KTK-JASENREK-2026"),
        "geographic_concentration": (4, "KTK-SIJAINNIT"), "maturity": (5, "KTK-HISTORIA"),
        "human_resources": (4, "KTK-RESURSSIT-2026"), "team_qualifications": (3, ""),
        "upskilling": (3, "KTK-KOULUTUSSUUNN"), "staff_stability": (4, "KTK-RESURSSIT-2026"),
        "participation_stability": (4, "KTK-JASENREK-2026"),
        "stakeholder_role": (4, "KTK-OHJAUSRYHMA"), "direct_contacts": (4, "KTK-CRM-RAPORTTI"),
        "degree_of_cooperation": (3, ""), "innovation_system": (4, "KTK-KUMPPANIT"),
        "financing_prospects": (3, "KTK-RAHOITUS-2026"), "private_funds": (2, ""),
        "strategy_process": (4, "KTK-STRAT-2024"), "documented_strategy": (5, "KTK-STRAT-2024"),
        "implementation_plan": (5, "KTK-TOP-2026"), "strategy_review": (4, "KTK-ARVIO-2026"),
        "activities_and_services": (4, "KTK-TOIMINTAKERT-2025"),
        "internet_presence": (4, "https://kiertotalous.example.fi"),
    }
    rows = [["kiertotalous", indicator, score, 5, fi(D(2026, 6, 12)), "Aino Koskinen",
             evidence] for indicator, (score, evidence) in scored.items()]
    # An earlier score of one indicator: the latest one counts.
    rows.append(["kiertotalous", "documented_strategy", 3, 5, fi(D(2025, 5, 20)),
                 "Aino Koskinen", "KTK-STRAT-2024"])
    write_csv("label_indicators.csv", header, rows, sep=";", encoding="utf-8-sig")


def decisions() -> None:
    """The right of reply, one of each state as of 30.9.2026: in force (and the one it
    superseded), expired, rejected, pending, and one made after the as-of date."""
    header = ["klusteri", "kriteeri", "päätös", "päätetty tila", "perustelu", "vastine",
              "päättäjä", "päätetty", "voimassa asti"]
    rows = [
        # The data centres' site answers on https:// too; the check only tried http://.
        ["datakeskukset", "C7", "hyväksytty", "täyttyy osittain",
         "Sivusto vastaa myös https-osoitteessa; korjaus kesken", "VASTINE-DC-1",
         "Lapin liitto", fi(D(2026, 8, 1)), fi(D(2026, 12, 31))],
        ["datakeskukset", "C7", "hyväksytty", "täyttyy",
         "Tarkistus käytti vanhaa http-osoitetta; https-sivusto täyttää vaatimukset",
         "VASTINE-DC-2", "Lapin liitto", fi(D(2026, 9, 1)), fi(D(2027, 2, 28))],
        ["elamysmatkailu", "C2", "hyväksytty", "täyttyy", "Väliaikainen vetäjä nimetty",
         "VASTINE-EM-1", "Lapin liitto", fi(D(2025, 7, 1)), fi(D(2026, 6, 30))],
        ["metsabiotalous", "C1", "hylätty", "",
         "Sopimuksista ei ole allekirjoitettuja kappaleita", "VASTINE-MB-1", "Lapin liitto",
         fi(D(2026, 9, 10)), ""],
        ["arktinen-muotoilu", "C4", "käsittelyssä", "", "Jäsentilaisuuden osallistujalista "
         "toimitettu, käsittely kesken", "VASTINE-AM-1", "", "", ""],
        # Made after 30.9.2026: the Q3 evaluation does not know it yet.
        ["metsabiotalous", "C8", "hyväksytty", "täyttyy", "Arviointi tehty syyskuussa",
         "VASTINE-MB-2", "Lapin liitto", fi(D(2026, 10, 5)), fi(D(2027, 3, 31))],
    ]
    write_csv("decisions.csv", header, rows, sep=";", encoding="utf-8-sig")


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    clusters()
    agreements()
    logs()
    evaluations()
    website_checks()
    label_indicators()
    decisions()
    print(f"sample data written to {OUT}")


if __name__ == "__main__":
    main()
