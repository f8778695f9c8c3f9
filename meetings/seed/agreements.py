"""The collaboration agreements, guidance, pilot and partnership the KLU minutes of
30 November 2023 and their Rusmiddelafsnittet slides mention (seed 000).

Texts are the sources' own sentences. Events give a date and how precise it is: the
sources say "oktober 2020" or "august 2023" where they know only the month, and the
date is then the first of that month with precision "month".
"""

import datetime

KLU_2023 = ("klu", datetime.date(2023, 11, 30))
KLU_2021 = ("klu", datetime.date(2021, 12, 7))

# name -> organisation the party belongs to.
PARTIES = {
    "Almen praksis": "PLO-K-Aalborg",
    "Rusmiddelafsnittet": "Aalborg Kommune",
    "Aalborg Universitetshospital, Akut Modtageafsnit (AMA)": "Aalborg Universitetshospital",
    "Jobcentrets Sygedagpengehus": "Aalborg Kommune",
    "Det Grønlandske Hus": "Det Grønlandske Hus",
}

# An item reference is (committee slug, meeting date, item label).
AGREEMENTS = [
    {
        "title": "Vejledning for samarbejdet mellem Almen Praksis og Rusmiddelafsnittet i Aalborg Kommune",
        "kind": "guidance",
        "status": "active",
        "summary": (
            "Vejledningen blev udarbejdet for at sikre et godt samarbejde mellem Almen Praksis og "
            "Rusmiddelafsnittet. Formålet med vejledningen er at understøtte samarbejdet samt synliggøre de "
            "indbyrdes roller mellem Almen Praksis og Rusmiddelafsnittet – hvilket skal medvirke til at forebygge "
            "fremtidige udfordringer i samarbejdet."
        ),
        "parties": ["Almen praksis", "Rusmiddelafsnittet"],
        "committee": "klu",
        "approved_by": (*KLU_2021, "1"),
        "approved_on": datetime.date(2021, 12, 7),
        "entered_on": None,
        "review_date": None,
        "review_label": "",
        "themes": [1],
        # "Sikre, at borgere med psykiske lidelser, herunder borgere med samtidigt misbrug, …"
        "goals": [(1, 3)],
        "agenda_items": [(*KLU_2021, "1"), (*KLU_2023, "2.d")],
        # "Vejledningen er formidlet på sundhedstilbud.aalborg.dk under fanen:
        # "Vejledninger og samarbejdsaftaler"" (item 2.d).
        "links": [{"title": "Vejledninger og samarbejdsaftaler", "url": "https://sundhedstilbud.aalborg.dk"}],
        "events": [
            {"date": datetime.date(2020, 10, 1), "precision": "month", "item": None,
             "text": ("På møde i oktober 2020 i Kommunalt Lægelig Udvalg blev fremlagt en orientering om "
                      "samarbejdet mellem misbrugsområdet og almen praksis.")},
            {"date": datetime.date(2021, 12, 7), "precision": "day", "item": (*KLU_2021, "1"),
             "text": ("Kommunalt Lægeligt Udvalg godkendte den 7. december 2021 en vejledning for samarbejdet "
                      "mellem Rusmiddelafsnittet og Almen Praksis.")},
            {"date": datetime.date(2023, 11, 30), "precision": "day", "item": (*KLU_2023, "2.d"),
             "text": ("Der blev drøftet status for samarbejdsaftalen. Som opfølgning herpå er referatet vedlagt "
                      "notat med besvarelse på spørgsmål fra Rusmiddelafsnittet.")},
        ],
    },
    {
        "title": "Samarbejdsaftale mellem Rusmiddelafsnittet og Aalborg Universitetshospital, Akut Modtageafsnit (AMA)",
        "kind": "agreement",
        "status": "active",
        "summary": (
            "En medarbejder fra Rusmiddelafsnittet deltager hver tredje måned på et morgenmøde på AMA for at "
            "orientere om samarbejdet og drøfte rusmiddelrelaterede emner. Rusmiddelafsnittet har fast reserveret "
            "to tider om mandagen i Åben Rådgivning til borgere, der er indlagt på AMA."
        ),
        "parties": ["Rusmiddelafsnittet", "Aalborg Universitetshospital, Akut Modtageafsnit (AMA)"],
        # An agreement between Rusmiddelafsnittet and the hospital, which KLU heard of;
        # not one the committee follows up.
        "committee": None,
        "approved_by": None,
        "approved_on": None,
        # "i august 2023": the month is all the slide says.
        "entered_on": datetime.date(2023, 8, 1),
        # "Der er aftalt et statusmøde på samarbejdsaftalen i januar 2024."
        "review_date": datetime.date(2024, 1, 31),
        "review_label": "statusmøde i januar 2024",
        "themes": [],
        "goals": [],
        "agenda_items": [(*KLU_2023, "2.d")],
        "links": [],
        "events": [
            {"date": datetime.date(2023, 8, 1), "precision": "month", "item": None,
             "text": ("Rusmiddelafsnittet har i august 2023 indgået en samarbejdsaftale med Aalborg "
                      "Universitetshospitals Akut Modtageafsnit (AMA).")},
            {"date": datetime.date(2023, 9, 1), "precision": "month", "item": None,
             "text": "I opstartsfasen har medarbejderen deltaget på fire morgenmøder i september 2023."},
            {"date": datetime.date(2023, 11, 30), "precision": "day", "item": (*KLU_2023, "2.d"),
             "text": ("Der er en fælles oplevelse af, at det er godt, at Rusmiddelafsnittet og AMA er rykket "
                      "tættere på hinanden.")},
        ],
    },
    {
        "title": "Pilotprojekt: kvartalsvise dialogmøder mellem praktiserende læger og Jobcentrets Sygedagpengehus",
        "kind": "pilot",
        # Supported on 30 November 2023 to run in 2024.
        "status": "active",
        "summary": (
            "Formen på dialogmøder vil være ét møde pr. kvartal af én times varighed, afholdt på Teams, med "
            "Pernille Smalbro Hylleberg som facilitator på møderne. Formålet er at styrke kommunikationen mellem "
            "læger og jobcenter og få et bedre afsæt til besvare attester ud fra til gavn for de "
            "sygemeldte/patienterne."
        ),
        "parties": ["Almen praksis", "Jobcentrets Sygedagpengehus"],
        "committee": "klu",
        "approved_by": (*KLU_2023, "2.c"),
        "approved_on": datetime.date(2023, 11, 30),
        "entered_on": None,
        "review_date": datetime.date(2024, 11, 30),
        "review_label": "efteråret 2024",
        "themes": [],
        "goals": [],
        "agenda_items": [(*KLU_2023, "2.c")],
        "links": [],
        "events": [
            {"date": datetime.date(2023, 3, 6), "precision": "day", "item": None,
             "text": ("På mødet i Kommunalt Lægelig Udvalg den 6. marts 2023 blev der holdt et oplæg af "
                      "Sygedagpengehuset og repræsentanter for de praktiserende læger i Nibe vedr. fælles "
                      "samarbejde om sygedagpengemodtagere/patienter.")},
            {"date": datetime.date(2023, 6, 1), "precision": "day", "item": None,
             "text": ("På mødet d. 1. juni 2023 var der opfølgning på emnet og det blev drøftet, at der kan være "
                      "forskellige samarbejdsformer mellem jobcentret og de praktiserende læger.")},
            {"date": datetime.date(2023, 11, 30), "precision": "day", "item": (*KLU_2023, "2.c"),
             "text": "Drøftedes. Der var opbakning til igangsætning af pilotprojekt."},
        ],
    },
    {
        "title": "Partnerskabsprojekt om styrket rusmiddelbehandling til udsatte grønlandere",
        "kind": "partnership",
        "status": "active",
        "summary": (
            "Formålet med projektet er at udvikle et specialiseret, grønlandssproget rusmiddelbehandlingstilbud. "
            "Behandlingstilbuddet består af individuel behandling, gruppebehandling samt deltagelse i positive "
            "sociale fællesskaber"
        ),
        "parties": ["Rusmiddelafsnittet", "Det Grønlandske Hus"],
        "committee": None,
        "approved_by": None,
        "approved_on": None,
        "entered_on": None,
        "review_date": None,
        "review_label": "",
        "themes": [],
        "goals": [],
        "agenda_items": [(*KLU_2023, "2.d")],
        "links": [],
        "events": [
            {"date": datetime.date(2023, 11, 30), "precision": "day", "item": (*KLU_2023, "2.d"),
             "text": ("I alt 89 borgere har været med i projektet i løbet af 2023 – heraf er 31 borgere pt. en "
                      "aktiv del af projektet.")},
        ],
    },
]
