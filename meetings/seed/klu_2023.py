"""Kommunalt Lægeligt Udvalg: the committee, its members, the minutes of
30 November 2023 (seed 000), the 2024 meeting calendar agreed after that meeting,
and the meeting of 7 December 2021 that the minutes and slides refer to.

Texts are transcribed word for word from seed 000, the source's spelling included
("Kommunal Lægelig Udvalg", "møde kalender", "bragt banen"). Formatted texts are
HTML paragraphs and lists; the minutes' raw participant HTML and the unfilled time
placeholder "Indtast klokkeslæt" are not carried over.
"""

import datetime

from .people import PEOPLE

COMMITTEE = {
    "slug": "klu",
    "name": "Kommunalt Lægeligt Udvalg",
    "short_name": "KLU",
    # The minutes' letterhead.
    "administration": "Sundhed og Kultur",
    "secretariat": "Sundhedsstrategisk Sekretariat",
    "address": "Danmarksgade 17\n9000 Aalborg",
    "default_location": "Danmarksgade 17, 2. sal, mødelokale 1",
    # The 2024 calendar (item 2.a) is four Thursdays, "kl. 15-17".
    "default_start_time": datetime.time(15, 0),
    "default_end_time": datetime.time(17, 0),
    "default_weekday": 3,
    # From item 2.a: "Kommunal Lægelig Udvalg har i sin forretningsorden fastlagt et
    # årshjul med fire møder pr. år placeret i februar/marts, juni, september/oktober
    # og i november/december."
    "rules_of_procedure": (
        "Kommunalt Lægeligt Udvalg har i sin forretningsorden fastlagt et årshjul med fire møder pr. år "
        "placeret i februar/marts, juni, september/oktober og i november/december."
    ),
    "meeting_windows": [[2, 3], [6], [9, 10], [11, 12]],
    # The minutes' own words: "1. Godkendelse af dagsordenen", "Sagsbeskrivelse:", "Beslutning:",
    # "Vedlagt:" (no recommendation heading, so the usual word).
    "item_prefix": "",
    "label_case_description": "Sagsbeskrivelse",
    "label_recommendation": "Indstilling",
    "label_decision": "Beslutning",
    "label_attachments": "Vedlagt",
}

# The members, in the order of the minutes: PLO-K-Aalborg, then Aalborg Kommune, then
# the three who sent apologies, then the secretary (the minute taker).
# (person, organisation represented, side, role, role_label)
MEMBERSHIPS = [
    ("Mette Bolvig Poulsen", "PLO-K-Aalborg", "general_practice", "member", ""),
    ("Anne Mette Lynge Andersen", "PLO-K-Aalborg", "general_practice", "member", ""),
    ("Christine Houe", "PLO-K-Aalborg", "general_practice", "member", ""),
    ("Christian Lonsdale", "PLO-K-Aalborg", "general_practice", "member", ""),
    ("Christa Ellefsen Blåsvær", "PLO-K-Aalborg", "general_practice", "member", ""),
    ("Martin Fjerbæk", "PLO-K-Aalborg", "general_practice", "member", ""),
    ("Bente Graversen", "Aalborg Kommune", "municipality", "chair", "Formand for udvalget"),
    ("Charlotte Houmøller Sprøgel", "Aalborg Kommune", "municipality", "member", ""),
    ("Lisbet Trap-Jensen Torp", "Aalborg Kommune", "municipality", "member", ""),
    ("Helen Kæstel", "Aalborg Kommune", "municipality", "member", ""),
    ("Johanne Felbo", "Aalborg Kommune", "municipality", "member", ""),
    ("Pernille Smalbro Hylleberg", "Aalborg Kommune", "municipality", "practice_consultant", ""),
    ("Jan Nybo", "Aalborg Universitetshospital", "region", "member", ""),
    ("Kirsten Fonager", "Aalborg Universitet", "other", "member", ""),
    ("Carsten Møller Beck", "Aalborg Kommune", "municipality", "member", ""),
    ("Lars Lund", "Aalborg Kommune", "municipality", "secretary", ""),
]


def _line(name, organisation, *, capacity="member", status="present", role_label="", items=()):
    """One participant line: the person's title and workplace are snapshotted as printed."""
    title, workplace, _ = PEOPLE[name]
    return {
        "person": name, "organisation": organisation, "capacity": capacity, "status": status,
        "role_label": role_label, "title": title, "workplace": workplace, "items": list(items),
    }


MEETING_2023_11_30 = {
    "date": datetime.date(2023, 11, 30),
    "title": "",
    # The minutes' date line reads "30. november 2023 kl. Indtast klokkeslæt": an
    # unfilled placeholder. The time is unknown and stays unknown.
    "start_time": None,
    "end_time": None,
    "location": "Danmarksgade 17, 2. sal, mødelokale 1",
    "case_number": "2023-000208",
    "document_number": "2023-000208-27",
    "minute_taker": "Lars Lund",
    "status": "signed_off",
    # The minutes carry the note of 8 December 2023 and the calendar agreed "efter
    # mødet", so they were locked no earlier than that day; the sources give no exact
    # moment, so this fixed one stands for it. Who approved them, and when, the source
    # does not say: approved_on stays empty and no user signed them off here, and so
    # the documents print no approval line (meetings/_sign_off_line.html). The method
    # is required of a signed-off meeting (a database constraint); "chair" fills it
    # and is never printed for imported minutes.
    "signed_off_at": (2023, 12, 8, 12, 0),
    "sign_off_method": "chair",
    "source_note": "",
    "attendance": [
        # Deltagere, PLO-K-Aalborg.
        _line("Mette Bolvig Poulsen", "PLO-K-Aalborg"),
        _line("Anne Mette Lynge Andersen", "PLO-K-Aalborg"),
        _line("Christine Houe", "PLO-K-Aalborg"),
        _line("Christian Lonsdale", "PLO-K-Aalborg"),
        _line("Christa Ellefsen Blåsvær", "PLO-K-Aalborg"),
        _line("Martin Fjerbæk", "PLO-K-Aalborg"),
        # Deltagere, Aalborg Kommune.
        _line("Bente Graversen", "Aalborg Kommune", role_label="Formand for udvalget"),
        _line("Charlotte Houmøller Sprøgel", "Aalborg Kommune"),
        _line("Lisbet Trap-Jensen Torp", "Aalborg Kommune"),
        _line("Helen Kæstel", "Aalborg Kommune"),
        _line("Johanne Felbo", "Aalborg Kommune"),
        _line("Pernille Smalbro Hylleberg", "Aalborg Kommune"),
        # Gæster: each came for one item.
        _line("Tina Maria Larsen", "Aalborg Kommune", capacity="guest", items=["2.d"]),
        _line("Mona Buss Buksti", "Aalborg Kommune", capacity="guest", items=["3.a"]),
        # Afbud.
        _line("Jan Nybo", "Aalborg Universitetshospital", status="apologies"),
        _line("Kirsten Fonager", "Aalborg Universitet", status="apologies"),
        _line("Carsten Møller Beck", "Aalborg Kommune", status="apologies"),
        # Referent.
        _line("Lars Lund", "Aalborg Kommune", capacity="secretariat"),
    ],
    "items": [
        {
            "label": "1",
            "title": "Godkendelse af dagsordenen",
            "kind": "approval",
            "case_description": "",
            "decision": {"outcome": "approved", "text": "<p>Godkendt.</p>"},
        },
        {
            "label": "2.a",
            # The source: "Vedlagt: Intet."
            "attachments_note": "Intet.",
            "title": "Godkendelse af møde kalender for Kommunal Lægelig Udvalg i 2024",
            "kind": "approval",
            "case_description": (
                "<p>Kommunal Lægelig Udvalg har i sin forretningsorden fastlagt et årshjul med fire møder pr. år "
                "placeret i februar/marts, juni, september/oktober og i november/december. Til mødet var "
                "fremsendt en række forslag til datoer for møde kalenderen for Kommunalt Lægelig Udvalg i "
                "2024.</p>"
                "<p>Mette Bolvig Poulsen ønskede at mødekalenderen blev tilpasset efter valg af bestyrelse i "
                "PLO-K, som forventes på plads fra medio marts 2024. Lisbet Trap-Jensen Torp (sekretær for "
                "Handicaprådet) gjorde opmærksom på behov for koordinering i forhold til mødekalenderen for "
                "Handicaprådet i 2024.</p>"
            ),
            "decision": {
                "outcome": "not_approved",
                "text": "<p>Ikke godkendt på mødet.</p>",
                # The source gives the note no date.
                "notes": [{
                    "noted_on": None,
                    "text": (
                        "<p>Efter mødet er mødekalenderen blevet drøftet og derefter aftalt til indkaldelse på "
                        "disse datoer i 2024:</p>"
                        "<ul>"
                        "<li>1. møde: torsdag den 4. april 2024, kl. 15-17</li>"
                        "<li>2. møde: torsdag den 27. juni 2024, kl. 15-17</li>"
                        "<li>3. møde: torsdag den 19. september 2024, kl. 15-17</li>"
                        "<li>4. møde: torsdag den 12. december 2024, kl. 15-17</li>"
                        "</ul>"
                    ),
                }],
            },
        },
        {
            "label": "2.b",
            # The source: "Vedlagt: Intet."
            "attachments_note": "Intet.",
            "title": "Afholdelse af tematikdrøftelse i 2024",
            "kind": "discussion",
            "case_description": (
                "<p>Det ønskes, at Kommunalt Lægelig Udvalg tager en drøftelse af om der i 2024 skal afholdes en "
                "tematikdrøftelse med fokus på emner, hvor de nedenfor nævnte punkter har været bragt banen: "
                "Opstart af Psykiatriens Hus og mental sundhed.</p>"
            ),
            "decision": {
                "outcome": "discussed",
                "text": (
                    "<p>Drøftedes med bemærkning om, at mødet i Kommunalt Lægelig Udvalg torsdag den 4. april "
                    "2024 afholdes i Saxogade 14, med et indlæg fra Lene Holm Larsen, leder af Psykiatriens "
                    "Hus.</p>"
                ),
                "follow_ups": [{
                    "what": ("Mødet i Kommunalt Lægelig Udvalg torsdag den 4. april 2024 afholdes i Saxogade 14, "
                             "med et indlæg fra Lene Holm Larsen, leder af Psykiatriens Hus."),
                    "responsible": "",
                    "due_date": datetime.date(2024, 4, 4),
                    "due_label": "",
                    "status": "open",
                }],
            },
        },
        {
            "label": "2.c",
            # The source: "Vedlagt: Intet."
            "attachments_note": "Intet.",
            "title": ("Igangsætning af pilotprojekt for at styrke kommunikationen og få et bedre afsæt til "
                      "besvare attester ud fra til gavn for de sygemeldte/patienterne."),
            "kind": "discussion",
            "case_description": (
                "<p>På mødet i Kommunalt Lægelig Udvalg den 6. marts 2023 blev der holdt et oplæg af "
                "Sygedagpengehuset og repræsentanter for de praktiserende læger i Nibe vedr. fælles samarbejde om "
                "sygedagpengemodtagere/patienter. På mødet d. 1. juni 2023 var der opfølgning på emnet og det "
                "blev drøftet, at der kan være forskellige samarbejdsformer mellem jobcentret og de praktiserende "
                "læger.</p>"
                "<p>Med afsæt i opfølgningen fra Kommunal Lægelig Udvalg d. 1. juni 2023 og anbefalingerne herfra, "
                "har der været et samarbejde med kommunal praksiskonsulent Pernille Smalbro Hylleberg og "
                "Jobcentrets Sygedagpengehus om at iværksætte et pilotprojekt i 2024, hvor de praktiserende læger "
                "hvert kvartal vil blive inviteret til at deltage i dialogmøder.</p>"
                "<p>Formen på dialogmøder vil være ét møde pr. kvartal af én times varighed, afholdt på Teams, med "
                "Pernille Smalbro Hylleberg som facilitator på møderne. Formålet er at styrke kommunikationen "
                "mellem læger og jobcenter og få et bedre afsæt til besvare attester ud fra til gavn for de "
                "sygemeldte/patienterne. På dialogmøderne vil der være korte oplæg om Jobcentrets organisering og "
                "et fagligt emne, og der afsættes ½ time til drøftelse. Af faglige emner overvejes f.eks. den gode "
                "statusattest, rundbordssamtalen som redskab m.m. Der er tale om et pilotprojekt, hvor Kommunalt "
                "Lægelig Udvalg i slutningen af 2024 vil blive orienteret om resultatet heraf.</p>"
            ),
            "decision": {
                "outcome": "discussed",
                "text": (
                    "<p>Drøftedes. Der var opbakning til igangsætning af pilotprojekt. Aftalt at vi i Kommunalt "
                    "Lægelig Udvalg følger op på erfaringerne med pilotprojektet i efteråret 2024.</p>"
                    "<p>Herunder med tilkendegivelse af, at afviklingen af digitale dialogmøder med fordel kan "
                    "tænkes placeret eksempelvis midt på dagen og ikke sent på dagen samt vigtigt med en tydelig "
                    "dagsorden for dialogmøderne. Vigtigt med opmærksomhed på, at lægerne er meget velkomne til at "
                    "komme med punkter til møderne.</p>"
                ),
                "follow_ups": [
                    {
                        "what": ("Aftalt at vi i Kommunalt Lægelig Udvalg følger op på erfaringerne med "
                                 "pilotprojektet i efteråret 2024."),
                        "responsible": "Kommunalt Lægeligt Udvalg",
                        # "efteråret 2024": the date is the end of that autumn.
                        "due_date": datetime.date(2024, 11, 30),
                        "due_label": "efteråret 2024",
                        "status": "open",
                    },
                    {
                        "what": ("Der er tale om et pilotprojekt, hvor Kommunalt Lægelig Udvalg i slutningen af "
                                 "2024 vil blive orienteret om resultatet heraf."),
                        "responsible": "",
                        "due_date": datetime.date(2024, 12, 31),
                        "due_label": "slutningen af 2024",
                        "status": "open",
                    },
                ],
            },
        },
        {
            "label": "2.d",
            "title": "Opfølgning på samarbejdsaftalen mellem Almen praksis og Rusmiddelafsnittet",
            "kind": "discussion",
            "presenter": "Tina Maria Larsen",
            "case_description": (
                "<p>På møde i oktober 2020 i Kommunalt Lægelig Udvalg blev fremlagt en orientering om samarbejdet "
                "mellem misbrugsområdet og almen praksis. Efterfølgende indebar dette, at Kommunalt Lægelig "
                "Udvalg på sit møde den 7. december 2021 godkendte en vejledning for samarbejdet på området. "
                "Vejledningen er formidlet på sundhedstilbud.aalborg.dk under fanen: \"Vejledninger og "
                "samarbejdsaftaler\" og desuden vedlagt dagsordenen til dette møde. I 2022 har PLO og KL "
                "udarbejdet et inspirationsoplæg om alkoholbehandlingstilbud i kommunerne, der er vedlagt som "
                "bilag til punktet. På mødet ønskes drøftet status på samarbejdet mellem Rusmiddelcentret og de "
                "praktiserende læger med udgangspunkt i vejledningen for samarbejdet og efterfølgende aktuelle "
                "erfaringer, herunder om Kommunalt Lægelig Udvalg skal iværksætte en evaluering af "
                "samarbejdsaftalen.</p>"
            ),
            "decision": {
                "outcome": "discussed",
                "text": (
                    "<p>Der blev drøftet status for samarbejdsaftalen. Som opfølgning herpå er referatet vedlagt "
                    "notat med besvarelse på spørgsmål fra Rusmiddelafsnittet.</p>"
                ),
                "follow_ups": [{
                    "what": ("Som opfølgning herpå er referatet vedlagt notat med besvarelse på spørgsmål fra "
                             "Rusmiddelafsnittet."),
                    # The note's "Fra".
                    "responsible": "Signe Gyldendal Rasmussen",
                    "due_date": datetime.date(2023, 12, 8),
                    "due_label": "",
                    "status": "done",
                }],
            },
            # Vedlagt (to the minutes).
            "attachments": [
                {"title": "PowerPoints: Rusmiddelafsnittet, Voksensocialafdelingen, 30. november 2023",
                 "part": "minutes", "document": "rusmiddelafsnittet"},
                {"title": "Opfølgning på spørgsmål vedr. Rusmiddelafsnittet, 8. december 2023",
                 "part": "minutes", "document": "notat"},
            ],
        },
        {
            "label": "2.e",
            # The source: "Vedlagt: Intet"
            "attachments_note": "Intet",
            "title": "Den kommunale praksiskonsulent, status og opgaver",
            "kind": "information",
            "case_description": (
                "<p>Kommunalt Lægelig Udvalg følger den kommunale praksiskonsulents opgaver. Derudover deltager "
                "praksiskonsulenten på møderne i Kommunalt Lægelig Udvalg. Til dette møde har Pernille Smalbro "
                "Hylleberg fremsendt en skriftlig status om opgaverne.</p>"
            ),
            "decision": {"outcome": "discussed", "text": "<p>Drøftet.</p>"},
        },
        {
            "label": "3.a",
            "title": "Orientering om Sundhedsaftalen 2024-2027",
            "kind": "information",
            "presenter": "Mona Buss Buksti",
            "case_description": (
                "<p>I hver valgperiode skal der udarbejdes en regionalt dækkende Sundhedsaftale mellem kommuner og "
                "region. Sundhedsaftalen fastsætter rammer og målsætninger for samarbejdet mellem parterne "
                "indenfor sundhedsområdet. Den nationale vejledning for sundhedsaftaler fastlægger, at formålet "
                "med Sundhedsaftalen er at bidrage til sammenhæng og koordinering af de forløb, der går på tværs "
                "af regioner, kommuner og almen praksis med fokus på kvalitet, effekt og patienttilfredshed. "
                "Målet er, at den enkelte borger tilbydes en indsats af høj og ensartet kvalitet på tværs af "
                "regionen, uanset antallet af kontakter eller karakteren af den indsats, der er behov for.</p>"
                "<p>Den nye Sundhedsaftale er en politisk aftale, som via en vision, bærende principper og tre "
                "pejlemærker med politiske målsætninger, sætter retningen for samarbejdet på sundhedsområdet. De "
                "konkrete indsatser, der skal til for at udmønte Sundhedsaftalen, er ikke fastlagt i "
                "Sundhedsaftalen, men vil blive udviklet i løbet af sundhedsaftaleperioden. Sundhedsaftalen "
                "2024-2027 er pt til godkendelse hos region og kommuner og træder forventeligt i kraft den 1. jan. "
                "2024. Sundhedsaftalen er vedlagt som bilag. Sundhedsstrategisk konsulent Mona Buss Buksti "
                "indleder punktet.</p>"
            ),
            "decision": {"outcome": "noted", "text": "<p>Orienteringen blev taget til efterretning.</p>"},
            "attachments": [
                {"title": "PowerPoints: Sundhedsaftalen 2024-2027", "part": "minutes",
                 "document": "sundhedsaftalen-klu"},
            ],
        },
        {
            "label": "4",
            "title": "Eventuelt",
            "kind": "other_business",
            "case_description": "",
            "decision": {
                "outcome": "",
                "text": ("<ul><li>Opfordring til deltagere fra PLO-K om at fremsende fakturaer for mødedeltagelse "
                         "til EAN: 5798003753348</li></ul>"),
            },
        },
    ],
}

# Item 2.a's note: the 2024 calendar, "kl. 15-17". Item 2.b moves the first meeting
# to Saxogade 14 (Psykiatriens Hus); the others are at the committee's usual place.
MEETINGS_2024 = [
    {"title": "1. møde 2024", "date": datetime.date(2024, 4, 4), "location": "Saxogade 14"},
    {"title": "2. møde 2024", "date": datetime.date(2024, 6, 27), "location": COMMITTEE["default_location"]},
    {"title": "3. møde 2024", "date": datetime.date(2024, 9, 19), "location": COMMITTEE["default_location"]},
    {"title": "4. møde 2024", "date": datetime.date(2024, 12, 12), "location": COMMITTEE["default_location"]},
]
MEETINGS_2024_TIMES = (datetime.time(15, 0), datetime.time(17, 0))

# Known only from the 30 November 2023 minutes (item 2.d: "Kommunalt Lægelig Udvalg
# på sit møde den 7. december 2021 godkendte en vejledning for samarbejdet på
# området") and the Rusmiddelafsnittet slides ("Kommunalt Lægeligt Udvalg godkendte
# den 7. december 2021 en vejledning for samarbejdet mellem Rusmiddelafsnittet og
# Almen Praksis."). Its item number, time and place are unknown; the item is
# numbered 1 because it is the only item known. Its minutes are not among the
# sources, so it is a meeting that was held, not signed-off minutes: readers see
# the source note and the one item, and only the secretariat its decision record
# (which the guidance agreement's "approved by" points to).
MEETING_2021_12_07 = {
    "date": datetime.date(2021, 12, 7),
    "title": "",
    "start_time": None,
    "end_time": None,
    "location": "",
    "status": "held",
    "source_note": ("Kendt fra omtale i referatet af 30. november 2023; det fulde referat findes ikke i "
                    "systemet."),
    "items": [
        {
            "label": "1",
            # The guidance's title as the slides cite it, without its "(AP)" abbreviation.
            "title": "Vejledning for samarbejdet mellem Almen Praksis og Rusmiddelafsnittet i Aalborg Kommune",
            "kind": "decision",
            "case_description": "",
            "decision": {
                "outcome": "approved",
                "text": ("<p>Kommunalt Lægeligt Udvalg godkendte en vejledning for samarbejdet mellem "
                         "Rusmiddelafsnittet og Almen Praksis.</p>"),
            },
        },
    ],
}
