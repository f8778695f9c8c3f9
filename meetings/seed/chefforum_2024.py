"""Chefforum Sundhedsklynge Midt: the committee, its members and the minutes of
15 January 2024 (seed 002; the seeds README calls it 004), and the next meeting of
25 April 2024 to which items 8 and 10 were postponed.

Texts are word for word from the minutes, the source's spelling included
("Vejldning", "beslutes", "ambulat", "standart"). Each item's "Sagsfremstilling"
becomes its case description (up to the recommendation; the "Bilag" lines that
repeat an attachment's name are the attachments), "Det indstilles, at Chefforum" and
its numbered list become the recommendation, and "Beslutning" the decision. The
minutes' three tables are real tables. Links whose address the source lost
("[aftale](#)") are kept as their words only. Each case text ends, after the
recommendation, with a second "Bilag" naming the attachment in other words (item 6:
"(udsendes særskilt på mail)"); that heading and name close the case description,
since an attachment has one title (the file's name, from the "Bilag" after the
decision).
"""

import datetime

COMMITTEE = {
    "slug": "chefforum",
    "name": "Chefforum Sundhedsklynge Midt",
    "short_name": "Chefforum",
    # The minutes name no administration, secretariat unit or postal address; the
    # secretariat's three people are in the minutes (and the memberships below).
    "administration": "",
    "secretariat": "",
    "address": "",
    "default_location": "Mødelokale B, Regionshuset",
    "default_start_time": datetime.time(14, 0),
    "default_end_time": None,
    "default_weekday": 0,
    "rules_of_procedure": "",
    "meeting_windows": [],
    # The minutes' own words: "Punkt 3: Status for klyngemidler", "Sagsfremstilling",
    # "Beslutning", "Bilag". They head no recommendation ("Det indstilles, at Chefforum"
    # is its lead line), so that heading keeps the usual word.
    "item_prefix": "Punkt",
    "label_case_description": "Sagsfremstilling",
    "label_recommendation": "Indstilling",
    "label_decision": "Beslutning",
    "label_attachments": "Bilag",
}

# The participant list ("Deltagere") of 15 January 2024, then the secretariat.
# (person, organisation represented, side, role, role_label)
# Christine Houe is listed as "PLO-K Aalborg Kommune": the body the KLU minutes call
# "PLO-K-Aalborg", stored once under that name.
MEMBERSHIPS = [
    ("Daniel Kjærgaard Simonsen", "Region Nordjylland", "region", "co_chair", "medformand"),
    ("Torben Krogh Kjeldgaard", "Aalborg Kommune", "municipality", "co_chair", "medformand"),
    ("Henrik Ravn", "Jammerbugt Kommune", "municipality", "member", ""),
    ("Mia Nicolaisen", "Jammerbugt Kommune", "municipality", "member", ""),
    ("Carsten Møller Beck", "Aalborg Kommune", "municipality", "member", ""),
    ("Tina Maria Larsen", "Aalborg Kommune", "municipality", "member", ""),
    ("Jan Nybo", "Aalborg Universitetshospital", "region", "member", ""),
    ("Susanne Jensen", "Psykiatrien", "region", "member", ""),
    ("Rikke Svendstrup", "PLO", "general_practice", "member", ""),
    ("Christine Houe", "PLO-K-Aalborg", "general_practice", "member", ""),
    ("Marianne Siersbæk", "NordKap", "general_practice", "member", ""),
    ("Birgitte Kvist", "Patientinddragelsesudvalget", "other", "member", ""),
    ("Anni Olesen", "Patientinddragelsesudvalget", "other", "member", ""),
    ("Dorte Rosendal-Meier", "Jammerbugt Kommune", "municipality", "secretary", ""),
    ("Bibi Bording Pedersen", "Aalborg Kommune", "municipality", "secretary", ""),
    ("Maja Lynderup Behrmann", "Region Nordjylland", "region", "secretary", ""),
]


def _member(name, organisation, *, status="present", role_label="", note="", substitute_for=None,
            capacity="member", items=()):
    # Chefforum's list gives name and organisation only, so no title or workplace is
    # snapshotted: the line is "name, organisation (role)".
    return {
        "person": name, "organisation": organisation, "capacity": capacity, "status": status,
        "role_label": role_label, "title": "", "workplace": "", "note": note,
        "substitute_for": substitute_for, "items": list(items),
    }


TABLE_KLYNGEMIDLER = (
    "<table>"
    "<thead><tr><th>Indsats</th><th>Jammerbugt Kommune</th><th>Aalborg Kommune</th>"
    "<th>Region Nordjylland</th><th>I alt</th></tr></thead>"
    "<tbody>"
    "<tr><td>1. Tilgængelighedsanalysen</td><td>0</td><td>0</td><td>750.000</td><td>750.000</td></tr>"
    "<tr><td>1a. IPS til unge i JK</td><td>250.000</td><td>0</td><td>0</td><td>250.000</td></tr>"
    "<tr><td>1b. Overgange mellem barn og unge - Autisme</td><td>0</td><td>0</td><td>0</td><td>0</td></tr>"
    "<tr><td>2. Ressourceforbrug v. henvisninger</td><td>0</td><td>0</td><td>500.000</td><td>500.000</td></tr>"
    "<tr><td>3. Færdigbehandlede unge med brug for socialpæd. støtte</td><td>0</td><td>0</td><td>0</td>"
    "<td>0</td></tr>"
    "<tr><td>4. Unge som tilbydes forløb i AAK ved afvisning i psykiatrien</td><td>0</td><td>0</td><td>0</td>"
    "<td>0</td></tr>"
    "<tr><td>5. Claudicatio Intermittens</td><td>270.000</td><td>850.000</td><td>0</td><td>1.120.000</td></tr>"
    # The source leaves Region Nordjylland's cell of this row empty.
    "<tr><td>6. Lænde-ryg smerter</td><td>580.000</td><td>1.420.000</td><td></td><td>2.000.000</td></tr>"
    "<tr><td>7. Samarbejdsprojekt med social Sundhed</td><td>0</td><td>0</td><td>300.000</td>"
    "<td>300.000</td></tr>"
    "<tr><td>8. Ulighed i den somatiske behandling af patienter med psykiske lidelser</td><td>0</td><td>0</td>"
    "<td>500.000</td><td>500.000</td></tr>"
    "<tr><td>9. Optimering af eksisterende digitale løsninger</td><td>0</td><td>0</td><td>0</td><td>0</td></tr>"
    "<tr><td>10a. samarbejde om optimering af forløb for de svageste borgere</td><td>0</td><td>300.000</td>"
    "<td>400.000</td><td>700.000</td></tr>"
    "<tr><td>10b. den sidste tid (JK)</td><td>300.000</td><td>0</td><td>0</td><td>300.000</td></tr>"
    "<tr><td>11. Inkontinens hos børn og unge</td><td>0</td><td>0</td><td>0</td><td>0</td></tr>"
    "<tr><td>12. HIIT intens fysisk træning til overvægtige børn</td><td>188.000</td><td>112.000</td>"
    "<td>0</td><td>300.000</td></tr>"
    "<tr><td>13. E- sundhedsvæsen</td><td>0</td><td>0</td><td>300.000</td><td>300.000</td></tr>"
    "</tbody>"
    "<tfoot>"
    "<tr><td>I alt ultimo 2023</td><td>1.588.000</td><td>2.682.000</td><td>2.750.000</td><td>7.020.000</td></tr>"
    "<tr><td>Klyngemidler 2022+2023</td><td>565.810</td><td>2.892.000</td><td>3.624.293</td>"
    "<td>7.082.103</td></tr>"
    "<tr><td>Balance</td><td>-1.022.190</td><td>210.000</td><td>874.293</td><td>62.103</td></tr>"
    "</tfoot>"
    "</table>"
)

TABLE_DNL = (
    "<table>"
    "<tbody>"
    '<tr><th colspan="2">2024</th></tr>'
    "<tr><td>3.- 4. september</td><td>Læringstræf 1 – Skab fundamentet! Internat - Nyborg Strand Hotel, "
    "5800 Nyborg</td></tr>"
    "<tr><td>1.- 2. oktober</td><td>Læringstræf 2 – Sæt holdet! Internat - Nyborg Strand Hotel, 5800 Nyborg"
    "</td></tr>"
    "<tr><td>27.-28. november</td><td>Læringstræf 3 – Stil skarpt! Internat – Radisson Blu, 8000 Aarhus C"
    "</td></tr>"
    "</tbody>"
    "<tbody>"
    '<tr><th colspan="2">2025</th></tr>'
    "<tr><td>1. januar – 11. juni</td><td>Afprøvningsfasen Ledelse af forbedringsarbejdet i "
    "hjemmeorganisationen</td></tr>"
    "<tr><td>5. – 6. marts</td><td>Læringstræf 4 – Stop op! Internat – Radisson Blu, 8000 Aarhus C</td></tr>"
    "<tr><td>12. juni</td><td>Læringstræf 5 – Spræng rammerne! Eksternat - Horsens FÆNGSLET, 8700 Horsens"
    "</td></tr>"
    "</tbody>"
    "</table>"
)

TABLE_DOBBELTDIAGNOSE = (
    "<table>"
    "<thead><tr><th>Målgruppe</th><th>Definition</th><th>Antal på landsplan</th><th>Ibrugtagning</th></tr>"
    "</thead>"
    "<tbody>"
    "<tr><td>Gruppe 1</td><td>Personer, som kun modtager psykiatrisk behandling, men er registreret med en "
    "misbrugsdiagnose</td><td>4.605</td><td>1. september 2024</td></tr>"
    "<tr><td>Gruppe 2</td><td>Personer, som er i aktuel behandling for både misbrug og en psykisk lidelse</td>"
    "<td>3.976</td><td>1. juli 2025</td></tr>"
    "<tr><td>Gruppe 3</td><td>Personer, der kun er i misbrugsbehandling, men er kendt med samtidig "
    "psykiatrisk problematik</td><td>664</td><td>1. juli 2026</td></tr>"
    "</tbody>"
    "<tfoot><tr><td>I alt</td><td></td><td>9.245</td><td></td></tr></tfoot>"
    "</table>"
)

NEXT_MEETING_DATE = datetime.date(2024, 4, 25)

MEETING_2024_01_15 = {
    "date": datetime.date(2024, 1, 15),
    "title": "",
    "start_time": datetime.time(14, 0),
    "end_time": None,
    "location": "Mødelokale B, Regionshuset",
    "case_number": "",
    "document_number": "",
    "minute_taker": None,
    "status": "signed_off",
    # The minutes do not say when they were approved; this fixed moment on the
    # meeting day stands for it.
    "signed_off_at": (2024, 1, 15, 17, 0),
    "sign_off_method": "chair",
    "source_note": "",
    "attendance": [
        _member("Daniel Kjærgaard Simonsen", "Region Nordjylland", role_label="medformand", note="Ordstyrer"),
        _member("Torben Krogh Kjeldgaard", "Aalborg Kommune", role_label="medformand"),
        _member("Henrik Ravn", "Jammerbugt Kommune"),
        _member("Mia Nicolaisen", "Jammerbugt Kommune"),
        _member("Carsten Møller Beck", "Aalborg Kommune"),
        _member("Tina Maria Larsen", "Aalborg Kommune"),
        _member("Jan Nybo", "Aalborg Universitetshospital"),
        _member("Susanne Jensen", "Psykiatrien"),
        # "Camilla Donslund, PLO, deltog på vegne af Rikke Svenstrup." The minutes list
        # Rikke Svendstrup among the participants and say nothing of an apology, so she
        # has no attendance row of her own: the row of the one who came names her.
        # No note repeating it: the minutes print a substitute's line as "(på vegne af …)".
        _member("Camilla Donslund", "PLO", substitute_for="Rikke Svendstrup"),
        _member("Christine Houe", "PLO-K-Aalborg"),
        _member("Marianne Siersbæk", "NordKap"),
        _member("Birgitte Kvist", "Patientinddragelsesudvalget"),
        _member("Anni Olesen", "Patientinddragelsesudvalget"),
        # Gæster.
        _member("Diane Aarestrup", None, capacity="guest",
                role_label="kommunal medformand i Driftsforum for Børne- og Unge Somatik"),
        _member("Louise Weikop", None, capacity="guest",
                role_label="kommunal medformand i Driftsforum for Voksen Somatik"),
        _member("Jesper Brødløs", None, capacity="guest", items=["7"]),
        # Sekretariat: "Dorte Rosendal-Meier, Jammerbugt Kommune". The minutes print a
        # secretariat line as "name, workplace", so the organisation is snapshotted as
        # the workplace the source gives.
        {**_member("Dorte Rosendal-Meier", "Jammerbugt Kommune", capacity="secretariat"),
         "workplace": "Jammerbugt Kommune"},
        {**_member("Bibi Bording Pedersen", "Aalborg Kommune", capacity="secretariat"),
         "workplace": "Aalborg Kommune"},
        {**_member("Maja Lynderup Behrmann", "Region Nordjylland", capacity="secretariat"),
         "workplace": "Region Nordjylland"},
    ],
    "items": [
        {
            "label": "1",
            "title": "Deltagere",
            "kind": "information",
            "case_description": (
                "<p>Deltagere</p>"
                "<ul>"
                "<li>Daniel Kjærgaard Simonsen, Region Nordjylland (medformand) <strong>Ordstyrer</strong></li>"
                "<li>Torben Krogh Kjeldgaard, Aalborg Kommune (medformand)</li>"
                "<li>Henrik Ravn, Jammerbugt Kommune</li>"
                "<li>Mia Nicolaisen, Jammerbugt Kommune</li>"
                "<li>Carsten Møller Beck, Aalborg Kommune</li>"
                "<li>Tina Maria Larsen, Aalborg Kommune</li>"
                "<li>Jan Nybo, Aalborg Universitetshospital</li>"
                "<li>Susanne Jensen, Psykiatrien</li>"
                "<li>Rikke Svendstrup, PLO</li>"
                "<li>Christine Houe, PLO-K Aalborg Kommune</li>"
                "<li>Marianne Siersbæk, NordKap</li>"
                "<li>Birgitte Kvist, Patientinddragelsesudvalget</li>"
                "<li>Anni Olesen, Patientinddragelsesudvalget</li>"
                "</ul>"
                "<p>Sekretariat</p>"
                "<ul>"
                "<li>Dorte Rosendal-Meier, Jammerbugt Kommune</li>"
                "<li>Bibi Bording Pedersen, Aalborg Kommune</li>"
                "<li>Maja Lynderup Behrmann, Region Nordjylland</li>"
                "</ul>"
            ),
            "decision": {
                # A record of who took part, not a decision with an outcome.
                "outcome": "",
                "text": (
                    "<p>Camilla Donslund, PLO, deltog på vegne af Rikke Svenstrup.</p>"
                    "<p>Gæster:</p>"
                    "<ul>"
                    "<li>Diane Aarestrup, kommunal medformand i Driftsforum for Børne- og Unge Somatik</li>"
                    "<li>Louise Weikop, kommunal medformand i Driftsforum for Voksen Somatik</li>"
                    "<li>Jesper Brødløs under punkt 7</li>"
                    "</ul>"
                    "<p>Mødet blev indledt med en præsentationsrunde, idet Susanne Jensen, vicedirektør i "
                    "Psykiatrien og Mia Nicolaisen, Beskæftigelseschef i Jammerbugt, deltager for første gang i "
                    "Chefforum.</p>"
                ),
            },
        },
        {
            "label": "2",
            "title": "Godkendelse af dagsordenen",
            "kind": "approval",
            "case_description": "",
            "recommendation_lead": "Det indstilles, at Chefforum:",
            "recommendations": ["Godkender dagsordenen"],
            "decision": {"outcome": "approved", "text": "<p>Dagsordenen blev godkendt uden bemærkninger.</p>"},
        },
        {
            "label": "3",
            "title": "Status for klyngemidler",
            "kind": "information",
            "case_description": (
                "<p>På mødet i Chefforum i november 2023 drøftedes det hvordan overskydende klyngemidler skal "
                "disponeres. Her blev beslutningen at overskydende midler disponeret til Tilgængelighedsanalysen "
                "ikke skal anvendes til nye indsatser, men fordeles til en eller flere af de eksisterende "
                "indsatser (5,6,7,8 eller 10). Der var desuden enighed om at bibeholde midlerne disponeret til "
                "E-sundhedsvæsenet. Sidstnævnte kan komme i spil i forbindelse med prøvehandlinger efterfølgende "
                "fremtidsværkstedet under Nordjysk eSundhedsvæsen som også behandles på dette møde. Godkendelse "
                "af anvendelse af midlerne behandles på Direktørforums møde i februar 2024.</p>"
                "<p>I efteråret blev delindsatserne i indsats 10 ændret som følge af besparelser for funktioner "
                "som indgår i indsatsen. Ændringen af indsatsen betyder, at indsats 10 nu består af de to "
                "nedenstående delindsatser:</p>"
                "<ul>"
                "<li>Samarbejde om optimering af forløb for borgere der frekventerer sundhedsvæsenet mest.</li>"
                "<li>\"Den sidste tid\" - udbygning af tilbud i Jammerbugt Kommune</li>"
                "</ul>"
                "<p>Vedhæftet denne sagsfremstilling er et katalog med de udvidede indsatsbeskrivelser, hvori de "
                "reviderede delindsatser for indsats 10 er indsat.</p>"
                "<h4>Status for fordeling af klyngemidler</h4>"
                "<p>Herunder ses oversigten over de disponerede klyngemidler som det ser ud nu – hvoraf ca. "
                "500.000 af de disponerede midler fra Tilgængelighedsanalysen skal fordeles til de prioriterede "
                "indsatser.</p>"
                "<p>Med ændringen af indsatserne i indsats 10 – fordeles midler (1.mio) mellem Jammerbugt "
                "Kommune, Aalborg Kommune og Region Nordjylland. Det betyder, at beløbet som skal omfordeles i "
                "klyngen til Jammerbugt Kommune pt. er 1.022.190 mio. Dette beløb kan ændres ved omprioritering "
                "af de overskydende midler fra Tilgængelighedsanalysen.</p>"
                + TABLE_KLYNGEMIDLER
                + "<h4>Bilag</h4><p>Katalog med de samlede udvidede indsatsbeskrivelser.</p>"
            ),
            "recommendation_lead": "Det indstilles, at Chefforum",
            "recommendations": ["Tager status til efterretning"],
            "decision": {
                "outcome": "noted",
                "text": (
                    "<p>Daniel Simonsen indledte punktet med en kort gennemgang af status og forklarede, at der er "
                    "sket nogle mindre justeringer på baggrund af ændringer i Indsats 10. Ændringerne har ikke "
                    "betydning for den samlede fordeling af klyngemidler, men for den interne balance. Ændringerne "
                    "betyder, at beløbet som skal omfordeles mellem parterne, stiger en smule.</p>"
                    "<p>Som tidligere besluttet i Chefforum, skal Direktørforum tage stilling til hvad de "
                    "overskydende midler, som oprindeligt var disponeret til Tilgængelighedsanalysen, kan anvendes "
                    "til i stedet for.</p>"
                ),
            },
            "attachments": [{"title": "Katalog med de samlede udvidede indsatsbeskrivelser_050124", "part": "agenda"}],
        },
        {
            "label": "4",
            "title": "Godkendelse af ny kommissorietekst for de tre driftsfora",
            "kind": "approval",
            "case_description": (
                "<p>På forrige møde i Chefforum blev det besluttet at have fokus på at styrke den eksisterende "
                "organisering i Sundhedsklynge Midt, frem for at ændre den nuværende organisering. Sigtet er at "
                "tilpasse den eksisterende organisering med følgende tilføjelser:</p>"
                "<ul>"
                "<li>Kommissorier skal opdateres så de flugter med gældende lovgivning</li>"
                "<li>Driftsforum for Somatik og Psykiatri skal koordinere med hinanden</li>"
                "<li>Formandskabet i de tre driftsfora i Sundhedsklynge Midt skal inviteres med i Chefforum i en "
                "fast kadence – og når det er relevant.</li>"
                "<li>Der skal være fokus på at bruge eskalationsprincippet aktivt</li>"
                "<li>Opgaverne i de tre driftsfora skal tydeliggøres</li>"
                "<li>Patientinddragelse skal tænkes ind som en fast del af de respektive driftsforas arbejde.</li>"
                "</ul>"
                "<p>Det blev desuden besluttet, at Kommissorierne tilrettes og fremlægges på næste møde i "
                "Chefforum. Vedhæftet denne sagsfremstilling er et udkast til et generisk kommissorium som, hvis "
                "det godkendes, kan tilpasses de respektive driftsfora efterfølgende. Ændringerne i kommissoriet "
                "er markeret med farvet skrift så det fremgår tydeligt hvad der er nyt. De primære ændringer "
                "er:</p>"
                "<ul>"
                "<li>Den nye sundhedslov om Sundhedsklynger</li>"
                "<li>Ovenstående tilføjelser</li>"
                "</ul>"
                "<p>Opdatering og tilføjelser af kommissorierne skal godkendes i Direktørforum. Efter de nye "
                "kommissorier er godkendt, er der mulighed for at ændre i udpegningerne til de forskellige fora. "
                "Her skal det overvejes, hvordan det imødekommes, at Jammerbugt Kommune er delt i forskellige "
                "optageområder for hospitalerne.</p>"
                "<h4>Bilag:</h4>"
                "<p>Udkast til ny fælles kommissoriums tekst – Driftsfora – Sundhedsklynge Midt december 2023</p>"
            ),
            "recommendation_lead": "Det indstilles, at Chefforum",
            "recommendations": ["Godkender det reviderede kommissorium for Driftsfora i Sundhedsklynge Midt"],
            "decision": {
                "outcome": "approved",
                "text": (
                    "<ol><li>Kommissoriet blev godkendt med følgende præciseringer:"
                    "<ul>"
                    "<li>Koordinering mellem de tre driftsforummer – hvordan løses det?</li>"
                    "<li>Hvornår skal der eskaleres til Chefforum? Vigtigt, at hvis der er tale om behov for "
                    "opgaveoverdragelse eller opgaveflytning, så skal dette besluttes i rette forum og ikke i de "
                    "enkelte driftsforummer.</li>"
                    "<li>I kommissoriet er nævnt, at der skal arbejdes databaseret ved hjælp af Dashboard for "
                    "Sundhedsaftalen, men dette skal udskiftes med ”Sundhed på tværs”. Og så skal der arbejdes på "
                    "at skabe et netværk af datamedarbejdere på tværs, som kan trække lokale data i klyngen.</li>"
                    "</ul></li></ol>"
                    "<p>Ved godkendelse af den reviderede kommissorietekst i Direktørforum, vil der blive mulighed "
                    "for efterfølgende at foretage en ny-udpegning hvis dette ønskes. Det nye kommissorium vil være "
                    "konstitueringspapiret, og det vil være formandskabet i de respektive driftsforummers opgave at "
                    "implementere ændringerne.</p>"
                    "<p>Udkastet til generisk kommissorium med de ønskede præciseringer bliver rundsendt til "
                    "Chefforums medlemmer inden det behandles i Direktørforum.</p>"
                ),
                "follow_ups": [{
                    "what": ("Udkastet til generisk kommissorium med de ønskede præciseringer bliver rundsendt til "
                             "Chefforums medlemmer inden det behandles i Direktørforum."),
                    "responsible": "",
                    # The text says when: "inden det behandles i Direktørforum" (no date).
                    "due_date": None,
                    "due_label": "",
                    "status": "open",
                }],
            },
            "attachments": [{
                "title": "Udkast til ny fælles kommissoriumtekst_Driftsfora_Sundhedsklynge Midt december 2023.docx",
                "part": "agenda",
            }],
        },
        {
            "label": "5",
            "title": "Repræsentation fra almen praksis i sundhedsklyngerne",
            "kind": "decision",
            "case_description": (
                "<p>I forbindelse med den nye organisering i sundhedsklyngerne, har PLO-Nordjylland og Nord-KAP "
                "løbende drøftet sammensætningen og repræsentationen fra almen praksis.</p>"
                "<p>På baggrund af disse fælles drøftelser, besluttede PLO-Nordjylland derfor at afgive en plads "
                "på fagligt-strategisk niveau i hver sundhedsklynge til en Nord-KAP repræsentant. Dette primært "
                "for at sikre sammenhængskraft til de underliggende fora, hvor Nord-KAP er repræsenteret, og hvor "
                "der ofte drøftes tværsektorielle samarbejde og igangsættes projekter, initiativer mv., som af og "
                "til har såvel politisk som faglig og kvalitetsmæssig betydning for arbejdet i almen praksis.</p>"
                "<p>PLO-Nordjylland er for nuværende repræsenteret med en PLO-R(egional) repræsentant i de fire "
                "klynger. For at sikre en tilstrækkelig lokal repræsentation, ønsker PLO-Nordjylland fortsat at "
                "have muligheden for at deltage med en lokal PLO-repræsentant i sundhedsklyngesamarbejdet på det "
                "faglige-strategiske niveau. Dette vil typisk være en PLO-K(ommunal) formand, som har indgående "
                "kendskab til det lokale tværsektorielle samarbejde.</p>"
                "<p>I bekendtgørelse om sundhedsklynger, sundhedssamarbejdsudvalg, sundhedsaftaler og "
                "patientinddragelsesudvalg fremgår det af § 10, at:</p>"
                "<blockquote><p>”Hvor intet andet aftales, vil det faglige strategiske niveau bestå af:</p>"
                "<p>... 3) 2 praktiserende læger udpeget af PLO som repræsentanter for almen praksis inden for "
                "sundhedsklyngens område”</p></blockquote>"
                "<p>Der er altså ikke noget i bekendtgørelsen til hinder for, at almen praksis har tre pladser på "
                "fagligt-strategisk niveau i sundhedsklyngerne.</p>"
            ),
            "recommendation_lead": "Det indstilles, at Chefforum",
            "recommendations": [
                "Beslutter, hvordan repræsentationen for almen praksis skal være i henholdsvis Chefforum og "
                "Direktørforum i sundhedsklyngen",
            ],
            "decision": {
                "outcome": "approved",
                "text": (
                    "<ol><li>Punktet blev indledt med en skitsering af hvordan repræsentationen har været og "
                    "hvilke ønsker der er fremadrettet.<br>I Lovbekendtgørelsen er der ikke nogen bestemmelse om "
                    "at der ikke må være flere end to repræsentanter – og samme fordeling findes i Sundhedsklynge "
                    "Syd – altså med to pladser til PLO og en plads til Nord-KAP.</li></ol>"
                    "<p>Udvidelsen med en ekstra plads i Chefforum til almen praksis blev godkendt.</p>"
                ),
            },
        },
        {
            "label": "6",
            "title": "Fremtidsværksteder for Nordjysk eSundhedsvæsen",
            "kind": "discussion",
            # "Retningspapiret sendes særskilt på mail, da det er et lukket punkt frem til
            # at retningspapiret har været behandlet af Strategisk Sundhedsforum på et
            # ekstraordinært møde d. 12. januar." The minutes publish the item in full;
            # what was closed is the paper, sent separately: a closed attachment.
            "case_description": (
                "<h4>Retningspapir</h4>"
                "<p>Sundhedssamarbejdsudvalget har besluttet at udvikle et nordjysk eSundhedsvæsen på det "
                "tværsektorielle område. Det Nordjyske e-sundhedsvæsen skal handle om at udbrede, udvikle og "
                "implementere koncepter, som via borgernær teknologi løser den fælles udfordring med at levere "
                "mest mulig sundhed for de fælles ressourcer – som er en af de centrale pejlemærker i "
                "Sundhedsaftalen 2024-2027. Koncepterne dækker både over teknologi og nye måder at organisere "
                "arbejdet på. Processen blev skudt i gang ved en workshop d. 21. november, hvor fokus var at samle "
                "input til et retningspapir, som skal sikre retningen for samarbejdet.</p>"
                "<p>Retningspapiret skal drøftes, og eventuelt kommenteres, på fagligt-strategisk niveau i "
                "klyngerne i løbet af januar/februar - det vil for Sundhedsklynge Midt sige på mødet i Chefforum "
                "i januar, og på Direktørforum i februar.</p>"
                "<p>Retningspapiret beskriver visionen for det kommende eSundhedsvæsen og 6 principper som danner "
                "ramme for dette.</p>"
                "<p>Retningspapiret sendes særskilt på mail, da det er et lukket punkt frem til at "
                "retningspapiret har været behandlet af Strategisk Sundhedsforum på et ekstraordinært møde d. 12. "
                "januar.</p>"
                "<h4>Fremtidsværksteder</h4>"
                "<p>I hver Sundhedsklynge skal der afvikles et fremtidsværksted. Hver sundhedsklynge har i den "
                "forbindelse fået til opgave at finde et veldefineret problem inden for et sundhedsfagligt forløb "
                "for en af målgrupperne i den nye sundhedsaftale:</p>"
                "<ul>"
                "<li>Kronisk syge/multisyge</li>"
                "<li>Ældre medicinske patienter</li>"
                "<li>Borger med mental mistrivsel</li>"
                "</ul>"
                "<p>Fokus skal være på det tværsektorielle arbejde. Det vil sige, at klyngen skal pege på hvor "
                "klyngen vil fokusere sit fremtidsværksted/hvilket tværsektorielle forløb ønsker klyngen at "
                "innovere? Sundhedsklyngerne opfordres i den forbindelse til at se på, hvor udfordringen (og "
                "dermed potentialet) er størst i netop vores klynge.</p>"
                "<p>Så snart Klyngen har defineret et problem, som ønskes løst, kan fremtidsværkstedet "
                "igangsættes. Deltagerne i et fremtidsværksted kan være følgende - med udgangspunkt i det valgte "
                "problem:</p>"
                "<ul>"
                "<li>Borgere og eventuelle pårørende i målgruppen (repræsentanter)</li>"
                "<li>Kommunalt frontpersonale</li>"
                "<li>Alment praktiserende læger</li>"
                "<li>Klinikere fra det, eller de, relevante specialer fra hospitalerne</li>"
                "</ul>"
                "<p>Et fremtidsværksted afvikles som en workshop, hvor deltagerne sættes til at komme med bud på "
                "løsninger af det problem, som på forhånd er valgt af klyngen. Det afvikles i en styret og "
                "velafprøvet proces. Det er en åben innovativ proces, hvor resultatet ikke kendes på forhånd. "
                "Workshops afholdes i perioden marts-april 2024.</p>"
                "<p>Deadline for indmelding af et Problem til Fremtidsværkstedet er 15. februar 2024.</p>"
                "<h4>Pilotprojekter</h4>"
                "<p>Efter fremtidsværkstederne er afviklet, skal de bud på løsninger, som deltagerne har peget på, "
                "modnes og klargøres til pilotprojekter. Forberedelsen kan f.eks. være arbejdsgangsanalyser, "
                "indkøb af teknologi mv.</p>"
                "<p>Det er væsentligt, at det er muligt at foretage en form for måling på effekten af det valgte "
                "pilotprojekt, idet dette ved succes skal kunne skaleres og udbredes i de øvrige klynger – heller "
                "på nationalt niveau. Forberedelsen forventes at være gennemført i perioden april-december 2024. "
                "Selve pilotprojektet kører forventeligt i perioden fra efter sommerferien 2024 til og med "
                "september 2025 - altså godt et år.</p>"
                "<p>Der vil blive gennemført løbende evalueringer på projekterne efter en forud fastlagt "
                "model.</p>"
                "<p>Klyngerne er udførende i pilotprojektet og har også ansvaret for projektets gennemførelse. "
                "Arbejdsgruppen udfører den løbende og afsluttende evaluering af projekterne.</p>"
                "<p>I perioden oktober-december 2025 er der overgang fra projekt til drift i det omfang at "
                "projekterne har vist deres værd. Der forberedes skalering og idriftsættelse af de fire koncepter "
                "til de øvrige klynger.</p>"
                "<p>Det er muligt at hente inspiration til valg af patientforløb i Regeringens dugfriske "
                "\"Endelig aftale om 500 mio. til mere behandling i eget hjem\"</p>"
                "<h4>Bilag</h4>"
                "<p>Retning for det nordjyske e-sundhedsvæsen (udsendes særskilt på mail).</p>"
            ),
            "recommendation_lead": "Det indstilles, at Chefforum",
            "recommendations": [
                "Drøfter retningspapiret",
                "Udvælger 4-5 forslag til problemstillinger, som Direktørforum kan prioritere til Fremtidsværkstedet",
            ],
            "decision": {
                "outcome": "discussed",
                "text": (
                    "<h4>Retningspapir</h4>"
                    "<p>Retningspapiret blev drøftet og fundet overvejende fint. Dog bør det også komme omkring, at "
                    "der er patientgrupper, som ikke vil kunne inddrages i arbejdet. Fokus i eSundhedsvæsenet vil "
                    "primært fokusere på de patienter som er ressourcestærke – forstået som borgere som kan benytte "
                    "og få glæde af teknologibaserede konsultationer mv. Fordelen skulle gerne være, at der bliver "
                    "bedre plads og tid til de ressource svage patienter i det klassiske sundheds-setup.</p>"
                    "<h4>Temaer til fremtidsværksted</h4>"
                    "<p>Overordnet blev det kommenteret, at der ikke er nogen grund til at tænke helt nyt, hvis det "
                    "giver mening at bygge videre på noget som andre har afprøvet – at prioritere, at eksisterende "
                    "løsninger bliver implementeret grundigere eller på flere områder, er også et godt projekt. Det "
                    "vil også være fint at se ind i hvad Staten ønsker at prioritere midler til – men det skal ikke "
                    "være afgørende.</p>"
                    "<p>Forslag til temaer:</p>"
                    "<ul>"
                    "<li>Indlæggelse i eget hjem/plejecenter</li>"
                    "<li>Plejehjemsområdet – at anvende MinLæge app, dels til almen praksis og/eller udvalgte "
                    "ambulatorier for at forebygge indlæggelser. I dag er der en volumen på 250-300 kontakter til "
                    "sygehuset om måneden fra plejehjemsbeboere i Aalborg Kommune</li>"
                    "<li>Digitale løsninger på genoptræningsområdet – I Aalborg Kommune er der en volumen på 4500 "
                    "genoptræningsplaner om året.</li>"
                    "<li>Mental sundhed – Blended Care for enten færdigbehandlede patienter fra Psykiatrien, eller "
                    "for de borgere som ikke er i Psykiatriens målgruppe (angst/depression/stress)</li>"
                    "<li>Mulighed for e-konsultation for børn, unge og voksne på døgntilbud</li>"
                    "<li>Besøgslæge app – større brug af app'en og gerne konferencer mellem borger, almen praksis "
                    "og hospitalet</li>"
                    "</ul>"
                ),
            },
            "attachments": [{"title": "Retning for det nordjyske eSundhedsvæsen_20-12-2023.docx", "part": "agenda",
                             # "frem til at retningspapiret har været behandlet af Strategisk
                             # Sundhedsforum på et ekstraordinært møde d. 12. januar".
                             "is_closed": True, "closed_until": datetime.date(2024, 1, 12)}],
        },
        {
            "label": "7",
            "title": "Ældres indlæggelser på medicinske afdelinger",
            "kind": "discussion",
            "presenter": "Jesper Brødløs",
            "case_description": (
                "<h4>Ældres indlæggelser på medicinske afdelinger (benchmarkrapport) yderligere aldersinddelt</h4>"
                "<p>Benchmarkrapporten om Ældres indlæggelser på medicinske afdelinger blev drøftet på Chefforum "
                "d. 30. august og på Direktørforum d. 2. oktober. I forbindelse med disse drøftelser blev det "
                "besluttet at gennemgå rapporten igen, men med en yderligere nedbrydelse af data i mindre "
                "aldersgrupper. Dette fordi der er en antagelse af, at der kan være stor variation i anvendelsen "
                "af sundhedsydelser indenfor den aldersinddeling der er i rapporten; 65-79 årige og 80+ "
                "årige.</p>"
                "<p>Punktet indledes med et oplæg v. Jesper Brødløs. I oplægget inkluderes data fra 2021, som "
                "indgår i rapporten, men også data fra 2022 og 2023.</p>"
                "<p>Chefforum havde desuden følgende drøftelser ift. rapporten:</p>"
                "<ul>"
                "<li>Man skal være varsom med hvad vi konkluderer ud fra rapporten, men vi kan med fordel se "
                "tallene som udtryk for tendenser.</li>"
                "<li>Rapporten giver mulighed for at sammenligne tal på tværs af landet, men der er ikke nogen "
                "\"gylden standart\", som fortæller noget om hvad det \"rigtige tal er\".</li>"
                "<li>Der kan også være forskelle i registreringspraksis på tværs af landet – f.eks. forskelle i "
                "praksis for hvornår hospitalerne færdigmelder en borger - hvilket også kan gøre tallene mindre "
                "valide.</li>"
                "<li>Antal af indlæggelsesdage kan i sig selv ikke tolkes isoleret - det vil altid være "
                "kontekstafhængigt hvad det er udtryk for. Det samme gælder færdigbehandlingsdage - f.eks. giver "
                "sygeplejestrejken i 2021 et misvisende billede for Aalborg Kommune. I sundhedsklyngens "
                "drøftelser er det derfor afgørende at finde frem til årsagerne bag de tal som stikker ud i "
                "analysen.</li>"
                "<li>Bag tallene er ligger også det man kan kalde en \"stærekasse effekt\" som betyder, at jo "
                "flere senge der er tilgængelige, jo flere indlæggelser, vil der være - det samme gælder for en "
                "geografiske nærhed til et sygehus, jo tættere en borger bor på et sygehus/hospital, jo større "
                "sandsynlighed for en indlæggelse.</li>"
                "<li>Rapporten understreger, at den demografiske udvikling lægger stort pres på alle sektorer, og "
                "samarbejde bliver kun endnu vigtigere fremadrettet. I sundhedsklyngen er det relevant at se på, "
                "hvordan opgaven løses bedst muligt i et tværsektorielt perspektiv - hvordan kan vi aflaste "
                "hinanden?</li>"
                "</ul>"
                "<h4>Om rapporten</h4>"
                "<p>Indenrigs-og Sundhedsministeriets Benchmarkingsenhed har i en analyse undersøgt ældres "
                "indlæggelsesaktivitet på de medicinske afdelinger i Danmark. I rapporten analyseres udvikling og "
                "variation i antallet af indlæggelsesdage på de medicinske afdelinger pr. 1000 ældre på opgjort "
                "på regionsniveau, klyngeniveau og kommuneniveau. analysen ser også nærmere på kontaktmønstre i "
                "primærsektoren (almen praksis og den kommunale sygepleje) i tiden op til - og i tiden lige efter "
                "- akut indlæggelse på en medicinsk afdeling.</p>"
                "<p>Formålet med rapporten er, at understøtte dialogen mellem regioner, kommuner og "
                "sundhedsklynger i samarbejdet omkring de ældre medicinske patienter.</p>"
            ),
            "recommendation_lead": "Det indstilles, at Chefforum:",
            "recommendations": ["Drøfter rapporten på baggrund af den nye aldersinddeling"],
            "decision": {
                "outcome": "discussed",
                "text": (
                    "<p>Jesper Brødløs gennemgik data, nu med flere aldersinddelinger af data. Hovedpointerne i den "
                    "nye analyse er, at der har været færre indlæggelser i 2023 end i 2022. Data viser, ikke "
                    "overraskende, at jo ældre borgerne er, jo flere sundhedsydelser har de behov for.</p>"
                    "<p>I data ses det, at de ældste borgere primært indlægges i vinterhalvåret, men listen over "
                    "årsagerne til indlæggelse er lang, og det kræver yderligere analyse at identificere hvor "
                    "særlige indsatser skal sættes ind – dette er et af hoved fokuspunkterne i Indsats 10.</p>"
                    "<p>Det er oplevelsen, at hovedparten af de ældste patienter faktisk undgår at blive indlagt, og "
                    "at de indlagte vi ser i data, er de patienter, som har brug for ydelser som ikke kan klares på "
                    "et plejecenter/hjemmet – som f.eks. røntgen og blodanalyser. Mobile enheder, som kan levere "
                    "disse ydelser på plejecentrene, vil kunne forhindre en del af de korte indlæggelser i "
                    "akutmodtagelsen for borgerne i denne aldersgruppe.</p>"
                ),
            },
        },
        {
            "label": "8",
            "title": "Ny sundhedsaftale 2024-2027",
            "kind": "discussion",
            "case_description": (
                "<p>Sundhedsaftalen 2024-2027 godkendt af Sundhedssamarbejdsudvalget den 24. oktober 2023 samt af "
                "Regionsrådet og de 11 kommunale byråd i løbet af november og december 2023. Den endeligt "
                "godkendte Sundhedsaftale er sendt til Sundhedsstyrelsen og er således trådt i kraft pr. 1. januar "
                "2024.</p>"
                "<p>Sundhedsaftalens vision er: <em>Nordjyderne bliver sundere og tager medansvar for egen sundhed "
                "med hjælp fra et sammenhængende sundhedsvæsen</em></p>"
                "<p>Arbejdet med sundhedsaftalen har afsat i en række bærende principper. De bærende principper "
                "sætter retning for udvikling af samarbejdet, når vi i regi af Sundhedsaftalen arbejder sammen om "
                "kerneopgaver og udviklingstiltag. Det vil sige, at de bærende principper skal være grundlaget for "
                "vores arbejde, når der udvikles tiltag i relation til de enkelte pejlemærker, og når "
                "samarbejdsaftaler udvikles eller revideres.</p>"
                "<p>De bærende principper er:</p>"
                "<ul>"
                "<li>Mest mulig sundhed for de fælles ressourcer</li>"
                "<li>Digitale løsninger og velfærdsteknologi</li>"
                "<li>Sammen med borgerne sikrer vi gode forløb</li>"
                "<li>Øget lighed i sundhed</li>"
                "</ul>"
                "<p>Der er fastsat 3 pejlemærker, som skal sætte retning for sundhedsklyngernes arbejde med "
                "Sundhedsaftalen. I hvert pejlemærke er opsat en række målsætninger. Målsætningerne skal medvirke "
                "til at sikre et sammenhængende sundhedsvæsen og løse de fælles udfordringer. Målsætningerne skal "
                "omsættes til handling i det lokale arbejde i sundhedsklyngerne.</p>"
                "<h4>Et tilgængeligt og sammenhængende sundhedsvæsen</h4>"
                "<p>Målsætningerne er, at:</p>"
                "<ul>"
                "<li>Styrke rettidig og sammenhængende indsatser for de ældre medicinske patienter</li>"
                "<li>Sikre den nødvendige hjælp og støtte til at håndtere livet med kronisk sygdom</li>"
                "<li>Sikre, at borgere med psykiske lidelser, herunder borgere med samtidigt misbrug, oplever "
                "sammenhæng og tilgængelighed mellem den sundhedsmæssige, sociale og beskæftigelsesmæssige "
                "indsats</li>"
                "</ul>"
                "<h4>Øget mental sundhed og trivsel</h4>"
                "<p>Målsætningerne er, at:</p>"
                "<ul>"
                "<li>Øge den mentale trivsel, særligt blandt børn og unge</li>"
                "<li>Have fokus på den tidlige indsats og opsporing af psykiske lidelser</li>"
                "<li>Arbejde videre med den nordjyske Tilgængelighedsanalyses anbefalinger og implementere den "
                "nationale 10-årsplan for psykiatri og mental sundhed</li>"
                "<li>Sikre, at flere borgere bevarer tilknytningen til uddannelse og arbejdsmarked trods "
                "sygdom</li>"
                "</ul>"
                "<h4>Styrket forebyggelse</h4>"
                "<p>Målsætningerne er, at:</p>"
                "<ul>"
                "<li>Styrke ligheden i sundhed ved at tilbyde differentierede indsatser målrettet borgere med "
                "særlige behov</li>"
                "<li>Styrke samarbejdet om forebyggelse og sundhedsfremme ift. kost, rygning/nikotin-produkter, "
                "alkohol, fysisk aktivitet og svær overvægt</li>"
                "<li>Styrke nordjydernes sundhedskompetencer og mestring af egen sundhed med henblik på at "
                "forebygge sygdom og minimere forværring af sygdom</li>"
                "</ul>"
                "<h4>Bilag</h4><p>Sundhedsaftalen 2024-2027</p>"
            ),
            "recommendation_lead": "Det indstilles, at Chefforum",
            "recommendations": [
                "Drøfter hvordan Sundhedsklynge Midt kan arbejde med målsætningerne i den ny Sundhedsaftale",
            ],
            "decision": {
                "outcome": "postponed",
                "postponed_to": NEXT_MEETING_DATE,
                "text": "<p>Punktet udsættes til næste møde i Chefforum (25. april 2024).</p>",
            },
            # The agreement itself is not among the sources (seed 001 is a slide deck
            # about it), so the attachment has its name and no file.
            "attachments": [{"title": "Sundhedsaftalen 2024-2027 for Region Nordjylland.pdf", "part": "agenda"}],
        },
        {
            "label": "9",
            "title": "Det nationale ledelsesprogram - hold 3",
            "kind": "discussion",
            "case_description": (
                "<p>3. runde af Det Nationale Ledelsesprogram starter umiddelbart efter sommerferien, hvorfor det "
                "er tid til at udvælge et nyt forbedringsprojekt og udpege deltagere. Der er deadline for dette 30. "
                "april.</p>"
                "<h4>Tidsplan for hold 3</h4>"
                + TABLE_DNL +
                "<p>Klyngen skal udvælge 1-3 relevante forbedringsinitiativer</p>"
                "<ul>"
                "<li>Et forbedringsinitiativ i programmets sammenhæng er en tværgående, praksisnær og lokal "
                "indsats med en intention om at skabe værdi for borgere.</li>"
                "<li>Indsatsen har allerede – eller i nærmeste fremtid - tværgående ledelsesfokus.</li>"
                "<li>Der skal kunne etableres fælles mål for indsatsen, som involverer medarbejdere og data på "
                "tværs. Målet sigter på forbedring af drift og samarbejde.</li>"
                "<li>Det skal være muligt at foretage løbende, systematiske afprøvnings og fælles dataindsamling i "
                "deltagernes organisationer</li>"
                "</ul>"
                "<p>Klyngen skal udpege deltagere til programmet. Deltagerne organiseres i teams per "
                "forbedringsinitiativ med følgende anbefalinger:</p>"
                "<ul>"
                "<li>Et team bør bestå af mindst to deltagere</li>"
                "<li>Et team på 2 - 6 er ideelt</li>"
                "<li>Et team på over 6 kræver opmærksomhed på koordinering og samarbejdsflader</li>"
                "<li>Et team bør have medlemmer på tværs af sektorer/organisationer</li>"
                "<li>Et team, der kun har deltagere fra én sektor, bør have ledelsesfokus på at etablere "
                "samarbejdsrelationer til repræsentanter fra de andre sektorer/organisationer, hvor det giver "
                "mening</li>"
                "<li>Et team skal have kontakt til almen praksis i programmets løbetid</li>"
                "</ul>"
                "<h4>Bilag</h4><p>Vejledning til klyngerne 2024-2025</p>"
            ),
            "recommendation_lead": "Det indstilles, at Chefforum",
            "recommendations": [
                "Drøfter mulige forbedringsinitiativer og deltagere mhp. beslutning i Direktørforum",
            ],
            "decision": {
                "outcome": "discussed",
                "text": (
                    "<p>Der skal udvælges et nyt tema, samt udpeges deltagere. En mulighed kunne være at klyngerne "
                    "i regionen samlet set sender repræsentanter som arbejder med prøvehandling inden for "
                    "eSundhedsvæsenet.<br>Det kommende tema for DNL drøftes og beslutes i Direktørforum.</p>"
                ),
                "follow_ups": [{
                    "what": ("Der skal udvælges et nyt tema, samt udpeges deltagere. Det kommende tema for DNL "
                             "drøftes og beslutes i Direktørforum."),
                    "responsible": "Direktørforum",
                    # "Der er deadline for dette 30. april." (of 2024: the programme starts
                    # after the summer holidays of 2024).
                    "due_date": datetime.date(2024, 4, 30),
                    "due_label": "30. april",
                    "status": "open",
                }],
            },
            "attachments": [{"title": "Vejldning til klyngerne 2024-2025.pptx", "part": "agenda"}],
        },
        {
            "label": "10",
            "title": ("Orientering om aftale om nyt, regionalt integreret dobbeltdiagnosetilbud og omlægning af de "
                      "særlige pladser"),
            "kind": "information",
            "presenter": "Susanne Jensen",
            "case_description": (
                "<p>Regeringen, Danske Regioner og KL har – som led i forhandlinger om økonomiaftale 2024 – "
                "indgået aftale om rammerne for etablering af et nyt, integreret dobbeltdiagnosetilbud i "
                "regionerne til mennesker, der både har en psykisk lidelse og et behandlingskrævende misbrug. Som "
                "led i aftalen omlægges de særlige pladser til 88 pladser i et længerevarende tilbud forankret i "
                "den regionale psykiatri med fokus på samme målgruppe pr. 1. juli 2024.</p>"
                "<p>Hvor regionerne allerede i dag har ansvaret for misbrugsbehandlingen af patienter indlagt i "
                "Psykiatrien, betyder aftalen, at ansvaret for patienter i ambulat psykiatrisk behandling i "
                "målgruppe for det integrerede dobbeltdiagnosetilbud tilgår regionerne trinvist fra 1. september "
                "2024.</p>"
                "<p>Som led i aftalen er parterne blevet enige om en dimensionering svarende til ca. 9.200 personer "
                "med en gradvis ibrugtagning der ser ud som følger</p>"
                + TABLE_DOBBELTDIAGNOSE +
                "<p>På mødet orienterer vicedirektør i Psykiatrien, Susanne Jensen, bl.a. om rammerne for "
                "tilbuddet, herunder blandt andet målgruppe for tilbuddet og visitation, forventninger til "
                "tilbuddet herunder hovedpunkter i den tværregionale patientforløbsbeskrivelse som beskriver "
                "indholdet i integreret dobbeltdiagnosetilbud samt igangsættelse af en revideret tværsektoriel "
                "arbejdsgruppe vedr. borgere med dobbeltdiagnose med repræsentation fra kommunerne, Psykiatrien, "
                "somatikken og almen praksis.</p>"
            ),
            "recommendation_lead": "Det indstilles, at Chefforum",
            "recommendations": [
                "Tager orienteringen til efterretning.",
                "Drøfter muligheder for samarbejdet omkring borgere/patienter med dobbeltdiagnose i lyset af de nye "
                "rammer.",
            ],
            "decision": {
                "outcome": "postponed",
                "postponed_to": NEXT_MEETING_DATE,
                "text": (
                    "<p>Grundet tidspres var det ikke muligt at nå punktet. Susanne Jensens oplæg sendes til "
                    "Chefforum efter mødet, og efterfølgende tages punktet op igen på næste møde i Chefforum (25. "
                    "april 2024).</p>"
                ),
                "follow_ups": [{
                    "what": "Susanne Jensens oplæg sendes til Chefforum efter mødet.",
                    "responsible": "Susanne Jensen",
                    "responsible_person": "Susanne Jensen",
                    # The text says when: "efter mødet" (no date).
                    "due_date": None,
                    "due_label": "",
                    "status": "open",
                }],
            },
        },
        {
            "label": "11",
            "title": "Eventuelt",
            "kind": "other_business",
            "case_description": "",
            "decision": {"outcome": "", "text": "<p>Ingen punkter til eventuelt.</p>"},
        },
    ],
}

# "næste møde i Chefforum (25. april 2024)": time unknown, place the usual one.
MEETING_2024_04_25 = {
    "date": NEXT_MEETING_DATE,
    "title": "",
    "start_time": None,
    "end_time": None,
    "location": COMMITTEE["default_location"],
    "status": "planned",
}
