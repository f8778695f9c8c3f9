"""Sundhedsaftalen 2024-2027 (Region Nordjylland).

Sources: the Sundhedsaftale slides attached to the KLU minutes of 30 November 2023
(seed 000: "Baggrund", "Vision, pejlemærker og bærende principper") and the slides
"Sundhedsaftalen 2024-2027" (seed 001: principles' key points, the "Vi vil:" goals of
each pejlemærke, organisation, follow-up 2024-2027). Word for word from each.
"""

import datetime

HEALTH_AGREEMENT = {
    "name": "Sundhedsaftalen 2024-2027",
    "region": "Region Nordjylland",
    # "1. januar 2024: Ny Sundhedsaftale træder i kraft" (000); "Ny sundhedsaftale er
    # godkendt og træder i kraft 1. juli 2027." (001), so this one runs until then.
    "valid_from": datetime.date(2024, 1, 1),
    "valid_until": datetime.date(2027, 6, 30),
    "vision": ("Nordjyderne bliver sundere og tager medansvar for egen sundhed med hjælp fra et sammenhængende "
               "sundhedsvæsen"),
    # The "Baggrund" slide (000), one paragraph per bullet.
    "summary": "\n\n".join([
        "I henhold til sundhedsloven skal der i hver valgperiode indgås en regionalt dækkende sundhedsaftale "
        "mellem kommunerne og regionen.",
        "Sundhedsaftalen udarbejdes af Sundhedssamarbejdsudvalget, som består af politiske repræsentanter for "
        "regionen, kommunerne samt Praktiserende Lægers Organisation. Almen praksis er ikke en direkte "
        "aftalepart, men er en vigtig aktør i forbindelse med udarbejdelse og implementering af sundhedsaftalen.",
        "Sundhedsaftalen er en politisk aftale, der dækker hele Nordjylland og fastsætter rammer og målsætninger "
        "for samarbejdet mellem parterne indenfor sundhedsområdet. Den nationale vejledning for sundhedsaftaler "
        "fastlægger, at formålet med sundhedsaftalen er at bidrage til sammenhæng og koordinering af de forløb, "
        "der går på tværs af regioner, kommuner og almen praksis med fokus på kvalitet, effekt og "
        "patienttilfredshed. Målet er, at den enkelte borger tilbydes en indsats af høj og ensartet kvalitet på "
        "tværs af regionen, uanset antallet af kontakter eller karakteren af den indsats, der er behov for.",
    ]),
    # The "ORGANISERING" and "PATIENTINDDRAGELSESUDBALGETS ROLLE" slides (001; the
    # heading's spelling is the slide's), and the follow-up that runs through the
    # whole period ("Løbende igennem hele aftaleperioden"), which has no year.
    "organisation": (
        "<h3>Sundhedssamarbejdsudvalget</h3>"
        "<p>Nøgleforum for det overordnede ansvar for at udarbejde, vedtage, implementere samt følge op på "
        "Sundhedsaftalen.</p>"
        "<h3>Politiske sundhedsklynger</h3>"
        "<p>Behandler lokale emner i overensstemmelse med Sundhedsaftalens pejlemærker.</p>"
        "<h3>Administrativ organisering</h3>"
        "<p>Det politiske understøttes af en administrativ organisering som omsætter politiske mål til handling "
        "på lokalt niveau.</p>"
        "<h3>Patientinddragelsesudbalgets rolle</h3>"
        "<p>I regi af Sundhedssamarbejdsudvalget og Sundhedsaftalen</p>"
        "<ul>"
        "<li>Understøtte, at patient- og borgerperspektivet inddrages i forbindelse med "
        "sundhedssamarbejdsudvalgets udarbejdelse af udkast til sundhedsaftale, samt implementering af og "
        "opfølgning på aftalen.</li>"
        "<li>Årlige dialogmøder med Sundhedssamarbejdsudvalget</li>"
        "</ul>"
        "<p>I regi af sundhedsklyngerne</p>"
        "<ul>"
        "<li>Deltagelse med 2 repræsentanter på fagligt-strategisk</li>"
        "<li>Dialogmøder om konkrete emner på det politiske niveau.</li>"
        "<li>Invitation om deltagelse ved nedsættelse af relevante arbejdsgrupper og udviklingsprojekter</li>"
        "</ul>"
        "<h3>Opfølgning på sundhedsaftalen</h3>"
        "<p>Løbende igennem hele aftaleperioden</p>"
        "<ul>"
        "<li>Arbejde med lokale initiativer og handleplaner i sundhedsklyngerne</li>"
        "<li>Opfølgning på og opdatering af samarbejdsaftaler</li>"
        "<li>Implementeringsindsats i egen sektor</li>"
        "<li>Opmærksomhed på behov for udbredelse af initiativer (både på regionsniveau og evt. vidensdeling med "
        "resten af landet)</li>"
        "<li>Temadrøftelser i Sundhedssamarbejdsudvalget af sundhedsaftalens pejlemærker</li>"
        "</ul>"
    ),
}

# Title, description (000, "Bærende principper") and key points (001).
PRINCIPLES = [
    {
        "title": "Mest mulig sundhed for de fælles ressourcer",
        "description": ("Et samlet sundhedsvæsen er nødt til at håndtere opgaverne grundlæggende anderledes for at "
                        "håndtere flere borgere uden flere medarbejdere. I fællesskab skal ressourcerne benyttes "
                        "bedst muligt og med en fair balance i samarbejdet"),
        "points": ["Større behov for behandling, men ikke flere ressourcer", "Synergi og balance i samarbejdet"],
    },
    {
        "title": "Digitale løsninger og velfærdsteknologi",
        "description": ("En øget brug af digitale løsninger og datadeling skal medvirke til at skabe et mere "
                        "tilgængeligt, fleksibelt og effektivt sundhedsvæsen"),
        "points": ["Omstilling til digitale løsninger", "Deling af data på tværs"],
    },
    {
        "title": "Sammen med borgerne sikrer vi gode forløb",
        "description": ("Borgernes ønsker og kompetencer skal sættes i spil i det enkelte patientforløb og i "
                        "udviklingen af sundhedsvæsenet. Og samtidig skal sundhedsvæsenet være tydelige om, hvem "
                        "der har \"stafetten\" ved sektorovergange"),
        "points": ["Borgerinddragelse og egenmestring",
                   "Stafettanken – vidensdeling på tværs er vigtig i sektorovergangene"],
    },
    {
        "title": "Øget lighed i sundhed",
        "description": ("De enkelte sundhedsindsatser og patientforløb skal kunne tilpasses den enkelte borger. "
                        "Borgerne skal behandles forskelligt for at fremme lighed i sundhed."),
        "points": ["Differentiering af tilbud", "Nærhed i sundhed"],
    },
]

# The three pejlemærker: description (000) and goals, the "Vi vil:" bullets (001).
THEMES = [
    {
        "title": "Et tilgængeligt og sammenhængende sundhedsvæsen",
        "description": ("Pejlemærket handler om at skabe et sundhedsvæsen præget af nærhed, tilgængelighed og "
                        "sammenhæng. Pejlemærket har særligt fokus på den ældre medicinske patient, borgere med "
                        "kronisk sygdom samt borgere med svære psykiske lidelser (dvs. de målgrupper, som "
                        "sundhedsklyngernes arbejde ligeledes skal fokusere på jf. bekendtgørelsen)"),
        "goals": [
            "Styrke rettidig og sammenhængende indsatser for de ældre medicinske patienter.",
            "Sikre den nødvendige hjælp og støtte til at håndtere livet med kronisk sygdom.",
            "Sikre, at borgere med psykiske lidelser, herunder borgere med samtidigt misbrug, oplever sammenhæng og "
            "tilgængelighed mellem den sundhedsmæssige, sociale og beskæftigelsesmæssige indsats.",
        ],
    },
    {
        "title": "Øget mental sundhed og trivsel",
        "description": ("Pejlemærket handler om at øge den mentale trivsel og behandle psykisk sygdom med særlig "
                        "fokus på børn og unge. I pejlemærket fremhæves den nordjyske tilgængelighedsanalyse samt "
                        "den nationale 10-årsplan for psykiatri og mental sundhed som tiltag, der skal arbejdes "
                        "videre med"),
        "goals": [
            "Øge den mentale trivsel, særligt blandt børn og unge",
            "Have fokus på den tidlige indsats og opsporing af psykiske lidelser",
            "Arbejde videre med den nordjyske Tilgængelighedsanalysens anbefalinger og implementere den nationale "
            "10-årsplan for psykiatri og mental sundhed",
            "Sikre, at flere borgere bevarer tilknytningen til uddannelse og arbejdsmarked trods sygdom",
        ],
    },
    {
        "title": "Styrket forebyggelse",
        "description": ("Pejlemærket handler om at styrke forebyggelsesarbejdet i kommunerne og på hospitalerne, "
                        "bl.a. ved brug af differentierede tilbud, digitale løsninger/velfærdsteknologi og fokus på "
                        "borgerens egenmestring og sundhedskompetence."),
        "goals": [
            "Styrke ligheden i sundhed ved at tilbyde differentierede indsatser målrettet borgere med særlige behov",
            "Styrke samarbejdet om forebyggelse og sundhedsfremme ift. kost, rygning/nikotinprodukter, alkohol, "
            "fysisk aktivitet og svær overvægt",
            "Styrke nordjydernes sundhedskompetencer og mestring af egen sundhed med henblik på at forebygge sygdom "
            "og minimere forværring af sygdom",
        ],
    },
]

# "OPFØLGNING PÅ SUNDHEDSAFTALEN" (001). Where the slide names a date ("2. april")
# it is kept as a date; "4. møde"/"2. møde" of a year stays a label.
MILESTONES = [
    {"year": 2024, "date": datetime.date(2024, 4, 2), "body": "Sundhedssamarbejdsudvalget", "when_label": "2. april",
     "text": "Godkendelse af plan for implementering"},
    {"year": 2024, "date": datetime.date(2024, 12, 9), "body": "Sundhedssamarbejdsudvalget",
     "when_label": "9. december",
     "text": "Årlig opfølgning på sundhedsaftalen (herunder sundhedsklyngernes handleplaner)"},
    {"year": 2025, "date": None, "body": "Sundhedssamarbejdsudvalget", "when_label": "4. møde",
     "text": "Behandling af midtvejsstatus på sundhedsaftalen"},
    {"year": 2025, "date": None, "body": "Sundhedssamarbejdsudvalget", "when_label": "4. møde",
     "text": "Årlig opfølgning på sundhedsaftalen (herunder sundhedsklyngernes handleplaner)"},
    {"year": 2026, "date": None, "body": "Sundhedssamarbejdsudvalget", "when_label": "4. møde",
     "text": "Behandling af slutstatus på sundhedsaftalen"},
    {"year": 2026, "date": None, "body": "Sundhedssamarbejdsudvalget", "when_label": "4. møde",
     "text": "Årlig opfølgning på sundhedsaftalen (herunder sundhedsklyngernes handleplaner)"},
    {"year": 2027, "date": None, "body": "Sundhedssamarbejdsudvalget", "when_label": "2. møde",
     "text": "Ny sundhedsaftale er godkendt og træder i kraft 1. juli 2027."},
]

# Agenda items that the sources tie to pejlemærker: (committee slug, date, item label,
# theme positions 1-3).
THEME_LINKS = [
    # KLU 3.a and Chefforum 8 present the whole agreement.
    ("klu", datetime.date(2023, 11, 30), "3.a", [1, 2, 3]),
    ("chefforum", datetime.date(2024, 1, 15), "8", [1, 2, 3]),
    # Rusmiddelafsnittet and almen praksis; the integrated dual-diagnosis offer: the
    # goal "borgere med psykiske lidelser, herunder borgere med samtidigt misbrug".
    ("klu", datetime.date(2023, 11, 30), "2.d", [1]),
    ("chefforum", datetime.date(2024, 1, 15), "10", [1]),
    # The future workshops pick a problem "for en af målgrupperne i den nye
    # sundhedsaftale": kronisk syge, ældre medicinske patienter (pejlemærke 1) and
    # borgere med mental mistrivsel (pejlemærke 2).
    ("chefforum", datetime.date(2024, 1, 15), "6", [1, 2]),
]
