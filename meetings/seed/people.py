"""Organisations and people, as the KLU minutes of 30 November 2023 (seed 000) and the
Chefforum minutes of 15 January 2024 (seed 002) name them.

A KLU participant line reads "name, [role], title, workplace": the role (e.g.
"Formand for udvalget") belongs to the membership and the attendance, the title and
workplace to the person, so that "name, parts…" joined by ", " gives the line back
word for word. The source's own spellings are kept ("Sundhed- og Kultur",
"Job- og Velfærd").
"""

# (name, sector). "PLO-K-Aalborg" is spelled as the KLU minutes' heading; the
# Chefforum minutes write the same body "PLO-K Aalborg Kommune".
ORGANISATIONS = [
    ("PLO-K-Aalborg", "general_practice"),
    ("Aalborg Kommune", "municipality"),
    ("Aalborg Universitetshospital", "region"),
    ("Aalborg Universitet", "university"),
    ("Region Nordjylland", "region"),
    ("Jammerbugt Kommune", "municipality"),
    ("PLO", "general_practice"),
    ("Psykiatrien", "region"),
    ("NordKap", "general_practice"),
    ("Patientinddragelsesudvalget", "patients"),
    # Rusmiddelafsnittet's partner in the project for Greenlanders (Rusmiddelafsnittet slides).
    ("Det Grønlandske Hus", "other"),
]

# name -> title, workplace, organisation.
PEOPLE = {
    # KLU 30.11.2023, Deltagere, PLO-K-Aalborg.
    # "Formand" and "Næstformand" are their offices in PLO-K Aalborg, not in the
    # committee (the committee's chair is Bente Graversen), so they are titles.
    "Mette Bolvig Poulsen": ("Formand", "Kennedy Arkaden", "PLO-K-Aalborg"),
    "Anne Mette Lynge Andersen": ("Næstformand", "Lægerne Skrågade 13", "PLO-K-Aalborg"),
    "Christine Houe": ("", "Lægeklinikken Sulsted", "PLO-K-Aalborg"),
    "Christian Lonsdale": ("", "Helsehuset, Lille Borgergade", "PLO-K-Aalborg"),
    "Christa Ellefsen Blåsvær": ("", "Lægerne ved Sauers Plads", "PLO-K-Aalborg"),
    "Martin Fjerbæk": ("", "Lægerne i Gug", "PLO-K-Aalborg"),
    # KLU 30.11.2023, Deltagere, Aalborg Kommune.
    "Bente Graversen": ("Direktør", "Sundhed- og Kultur", "Aalborg Kommune"),
    "Charlotte Houmøller Sprøgel": ("Sekretariatschef", "Job- og Uddannelsesafdelingen, Job- og Velfærd",
                                    "Aalborg Kommune"),
    "Lisbet Trap-Jensen Torp": ("Chefkonsulent", "Job- og Velfærd", "Aalborg Kommune"),
    "Helen Kæstel": ("Sygeplejechef", "Ældre og Sundhed, Senior- og Omsorg", "Aalborg Kommune"),
    "Johanne Felbo": ("Leder af Pædagogisk Psykologisk Rådgivning", "PPR-Aalborg, Børn og Unge",
                      "Aalborg Kommune"),
    "Pernille Smalbro Hylleberg": ("Praktiserende læge, kommunal praksiskonsulent", "", "Aalborg Kommune"),
    # KLU 30.11.2023, Gæster.
    # The KLU minutes (and the slides and note attached to them) write "TinaMaria
    # Larsen", the Chefforum minutes "Tina Maria Larsen": one person, centre head in
    # Aalborg Kommune's Job- og Velfærd, who sits in Chefforum for Aalborg Kommune.
    # Person names are unique and an attendance row prints the person's name, so one
    # spelling prints in both minutes: the one with the space, since "TinaMaria" is two
    # names run together where the KLU system flattened its participant HTML (issue 15).
    # The attachments keep their own text.
    "Tina Maria Larsen": ("Centerchef", "Center for Sociale Indsatser, Job- og Velfærd", "Aalborg Kommune"),
    "Mona Buss Buksti": ("Sundhedsstrategisk konsulent", "Sundhed og Kultur", "Aalborg Kommune"),
    # KLU 30.11.2023, Afbud.
    "Jan Nybo": ("Forløbschef, Speciallæge i Almen medicin og i Klinisk Biokemi / overlæge, "
                 "chef for det nære sundhedsvæsen", "Aalborg Universitetshospital", "Aalborg Universitetshospital"),
    "Kirsten Fonager": ("Klinisk Professor i socialmedicin ved Klinisk Institut",
                        "Aalborg Universitet og Socialmedicinsk Enhed, Aalborg Universitetshospital",
                        "Aalborg Universitet"),
    "Carsten Møller Beck": ("Ældre- og Sundhedschef", "Senior- og Omsorg", "Aalborg Kommune"),
    # KLU 30.11.2023, Referent.
    "Lars Lund": ("konsulent", "Sundhed og Kultur", "Aalborg Kommune"),
    # Chefforum 15.01.2024, Deltagere. The list gives only the organisation; the two
    # titles below come from the decision of item 1 ("Susanne Jensen, vicedirektør i
    # Psykiatrien og Mia Nicolaisen, Beskæftigelseschef i Jammerbugt").
    # Item 3 calls him "Daniel Simonsen": the same person as in the list.
    "Daniel Kjærgaard Simonsen": ("", "", "Region Nordjylland"),
    "Torben Krogh Kjeldgaard": ("", "", "Aalborg Kommune"),
    "Henrik Ravn": ("", "", "Jammerbugt Kommune"),
    "Mia Nicolaisen": ("Beskæftigelseschef", "", "Jammerbugt Kommune"),
    "Susanne Jensen": ("vicedirektør", "", "Psykiatrien"),
    # The participant list writes "Rikke Svendstrup", the decision of item 1 "Rikke
    # Svenstrup": one person, stored as the participant list spells her.
    "Rikke Svendstrup": ("", "", "PLO"),
    "Marianne Siersbæk": ("", "", "NordKap"),
    "Birgitte Kvist": ("", "", "Patientinddragelsesudvalget"),
    "Anni Olesen": ("", "", "Patientinddragelsesudvalget"),
    "Camilla Donslund": ("", "", "PLO"),
    # Chefforum 15.01.2024, guests. The minutes name no organisation for them.
    "Diane Aarestrup": ("", "", None),
    "Louise Weikop": ("", "", None),
    "Jesper Brødløs": ("", "", None),
    # Chefforum 15.01.2024, Sekretariat.
    "Dorte Rosendal-Meier": ("", "", "Jammerbugt Kommune"),
    "Bibi Bording Pedersen": ("", "", "Aalborg Kommune"),
    "Maja Lynderup Behrmann": ("", "", "Region Nordjylland"),
}
