"""The attachments of the KLU minutes of 30 November 2023, as text, and their PDFs.

Seed 000 carries the text of three attachments after the minutes: the
Rusmiddelafsnittet slides ("v/TinaMaria Larsen"), the note of 08.12.2023 answering
the committee's questions, and the Sundhedsaftale slides shown at item 3.a. Their
words are transcribed here as HTML, word for word (the slides' own spellings such as
"Rusmiddelfsnittet" and "Kommuntalt" included), and rendered to PDF with WeasyPrint.
The originals' pictures and the note's two tables are not in the source text; the
PDFs say on every page that they are a rendering of the text.

The PDFs are byte for byte the same on every run: WeasyPrint writes no creation
time or random file identifier unless asked to, and each document names its own
fixed creation date (dcterms.created) for its metadata.
"""

import functools

import weasyprint

RUSMIDDELAFSNITTET = """
<section class="title">
<h1>Møde i Kommunalt Lægeligt Udvalg</h1>
<p>Torsdag den 30. november 2023</p>
<p>v/TinaMaria Larsen</p>
<p class="sender">Voksensocialafdelingen</p>
<p class="sender">med mennesker i fokus</p>
</section>

<section>
<h2>Det sker i Rusmiddelafsnittet</h2>
<ul>
<li>Rusmiddelafsnittet samles i et fælles hus i 2024</li>
<li>Samarbejdsaftale mellem Aalborg Kommunes Rusmiddelafsnit og Aalborg Universitetshospital Akut Modtageafsnit (AMA)</li>
<li>Intensivering af den forebyggende indsats</li>
<li>Styrket rusmiddelbehandling til borgere med grønlandsk herkomst i udsatte positioner</li>
<li>LIVSMOD – nyt forskningsprojekt i samarbejde med Aalborg Universitet</li>
<li>Dobbeldiagnosetilbud i Psykiatrien</li>
</ul>
</section>

<section>
<h2>Rantzausgade 8 – Et fælles hus</h2>
<ul>
<li>Rusmiddelafsnittet er i dag spredt over flere adresser.</li>
<li>Rusmiddelafsnittet samles i et fælles hus centralt i Aalborg i 2024.</li>
<li>Man har oplevet, at sammenhængen i borgernes indsatser led under en opdeling og spredt placering, og vanskeliggjorde overgangene mellem visitation, ambulante behandling, døgnbehandling, substitutionsbehandling og det cafétilbud, der understøtter skabelsen af nye rusmiddelfri fællesskaber.</li>
<li>En undersøgelse med interviews af borgere med tilknytning til Rusmiddelafsnittet, bekræftede dette.</li>
<li>Det har stor betydning for de af vores medborgere, der kæmper mod misbrug, at vi samler hele Rusmiddelafsnittet på en central placering i byen. En bynær placering har samtidig betydning for, at rusmiddelbehandlingen er nem tilgængelig, så flest mulige kommer i behandling.</li>
</ul>
</section>

<section>
<h2>Samarbejdsaftale mellem Rusmiddelafsnittet og AMA</h2>
<ul>
<li>Rusmiddelafsnittet har i august 2023 indgået en samarbejdsaftale med Aalborg Universitetshospitals Akut Modtageafsnit (AMA).</li>
<li>En medarbejder fra Rusmiddelafsnittet deltager hver tredje måned på et morgenmøde på AMA for at orientere om samarbejdet og drøfte rusmiddelrelaterede emner. <em>I opstartsfasen har medarbejderen deltaget på fire morgenmøder i september 2023.</em></li>
<li>Rusmiddelafsnittet har fast reserveret to tider om mandagen i Åben Rådgivning til borgere, der er indlagt på AMA.</li>
<li>Der er en fælles oplevelse af, at det er godt, at Rusmiddelafsnittet og AMA er rykket tættere på hinanden.</li>
<li>Der er aftalt et statusmøde på samarbejdsaftalen i januar 2024.</li>
</ul>
</section>

<section>
<h2>Intensivering af den forebyggende indsats</h2>
<ul>
<li>Rusmiddelfsnittet har i 2023 intensiveret den forebyggende indsats på Aalborgs uddannelser.</li>
<li>Vi har udarbejdet en forebyggelsespakke vedr. Rusmiddelfsnittets samarbejde med Aalborgs uddannelser</li>
<li>Rusmiddelfsnittet inviterer til to årlige formidlingsdage vedr. rusmidler og forebyggelse for fagfolk, der møder målgruppen i deres arbejde.</li>
<li>Oplæg for både fagfolk og elever ift. det forebyggende sigt og herunder at skabe en tryghed for fagfolk ift. tale om rusmidler med de unge.</li>
<li>Nationalt og lokalt fokus på forebyggelse af alkohol- og festkultur blandt unge. Opmærksomhed i Rusmiddelfsnittet på at arbejde forebyggende ift. dette.</li>
</ul>
</section>

<section>
<h2>Styrket rusmiddelbehandling til udsatte grønlandere</h2>
<ul>
<li>Rusmiddelafsnittet og Det Grønlandske Hus har indgået et partnerskabsprojekt omkring styrket rusmiddelbehandling til udsatte grønlandere.</li>
<li>Formålet med projektet er at udvikle et specialiseret, grønlandssproget rusmiddelbehandlingstilbud.</li>
<li>Behandlingstilbuddet består af individuel behandling, gruppebehandling samt deltagelse i positive sociale fællesskaber</li>
<li>I alt 89 borgere har været med i projektet i løbet af 2023 – heraf er 31 borgere pt. en aktiv del af projektet.</li>
<li>Projektet evalueres løbende. Borgerne i projektet oplever generelt, at de får det bedre samt giver udtryk for, at de via projektet deltager i (for dem) positive fællesskaber.</li>
</ul>
<h3>Borgerudsagn</h3>
<blockquote>
<p>Det har været svært for mig at bede om hjælp. Det har jeg gjort nu. Nu ved jeg, at jeg ikke er den eneste i verden, der har misbrugsproblemer.</p>
<p>Min behandler har reddet mit liv. Jeg røg meget hash før, det gør jeg ikke længere.</p>
<p>Jeg er mindre ensom nu, end jeg var, før jeg deltog.</p>
<p>Godt at lære Aalborg at kende på en anden måde end på en "misbrugsmåde".</p>
</blockquote>
</section>

<section>
<h2>LIVSMOD – forskningsprojekt i samarbejde med Aalborg Universitet</h2>
<ul>
<li>Forskningsprojekt i samarbejde med Aalborg Universitet, nærmere bestemt forskningsgruppen SCOPAS med henblik på at afdække <em>de sundhedsmæssige og sociale virkninger af behandling med depot substitutionsbehandling i Aalborg Kommune (Buvidal)</em>.</li>
<li>I 2018 blev præparatet Buvidal - godkendt som lægemiddel i Danmark, og siden 2020 har Rusmiddelafsnittets Substitutionsbehandling anvendt Buvidal. Rusmiddelafsnittet har pt. 40 borgere i behandling med Buvidal.</li>
<li>Rusmiddelafsnittet oplever gode effekter af substitutionsbehandling med Buvidal, men der mangler mere viden herom.</li>
<li>Forskningsprojektet er opstartet 1. oktober 2023. Den indledende del af projektet består i at udarbejde en kortlægning af målgruppen i substitutionsbehandlingen. Der er pt. udarbejdet mapplan på 80 borgere – senere måles udelukkende på borgere på Buvidal.</li>
<li>Forskningsgruppen har påbegyndt de indledende interviews og observationer med læge og sundhedsfaglig personale samt borgere i substitutionsbehandlingen.</li>
</ul>
</section>

<section>
<h2>Integreret behandlingstilbud i Psykiatrien</h2>
<ul>
<li>Et nyt integreret behandlingstilbud til dobbeltdiagnostiserede borgere i Psykiatrien opstartes i september 2024 med fuld implementering i 2026.</li>
<li>Der pågår pt. oprettelse af en tværsektoriel arbejdsgruppe med fokus på de nye samarbejdsflader. Der foretages udpegning til arbejdsgruppen fra alle kommuner i Region Nordjylland. Undertegnede har lagt billet ind på medforpersonsskabet sammen med Tina Gram Larsen fra Psykiatrien.</li>
<li>Erfaringsudveksling med Psykiatrien. Medarbejder fra Psykiatrien på besøg i Rusmiddelafsnittet samt deling af behandlingsmateriale.</li>
</ul>
</section>

<section class="title">
<h2>Samarbejde mellem Rusmiddelfsnittet og Almen Praksis</h2>
<p>På baggrund af vejledning for samarbejdet mellem Almen Praksis og Rusmiddelfsnittet samt inspirationsoplæg fra PLO</p>
</section>

<section>
<h2>Samarbejdsaftale mellem Almen Praksis og Rusmiddelafsnittet</h2>
<ul>
<li>Kommunalt Lægeligt Udvalg godkendte den 7. december 2021 en vejledning for samarbejdet mellem Rusmiddelafsnittet og Almen Praksis.</li>
<li>Vejledningen blev udarbejdet for at sikre et godt samarbejde mellem Almen Praksis og Rusmiddelafsnittet.</li>
<li>Formålet med vejledningen er at understøtte samarbejdet samt synliggøre de indbyrdes roller mellem Almen Praksis og Rusmiddelafsnittet – hvilket skal medvirke til at forebygge fremtidige udfordringer i samarbejdet.</li>
</ul>
</section>

<section>
<h2>Status og aktuelle erfaringer</h2>
<p class="kicker">Emner til drøftelse i KLU</p>
<h3>Hvilket kommunalt/privat finansieret alkoholbehandlingstilbud har kommunen?</h3>
<ul>
<li>Aalborg Kommune har et kommunalt Ambulant Alkoholbehandlingstilbud, som rummer individuelle samtaler og gruppebehandling ud fra en kognitiv behandlingstilgang.</li>
<li>I døgnregi anvendes private tilbud såsom Nørbygaard, Behandlingscenter Tjele, Ringgården og Sydgaarden. Derudover benyttes Kongens Ø og Sct. Ols (disse er primært stofbehandlingssteder – dog godkendt til alkoholbehandling også).</li>
<li>Rusmiddelafsnittet har et Ambulant Alkohol Efterbehandlingstilbud til de borgere, der kommer fra ekstern døgnbehandling.</li>
<li>Tilbud om deltagelse i sociale aktiviteter</li>
</ul>
<h3>Er der sundhedsfagligt personale, inkl. fast ansat læge på kommunens behandlingstilbud?</h3>
<ul>
<li>I Rusmiddelafsnittets Substitutionsbehandling er der ansat sygeplejersker, en social- og sundhedsassistent og en lægekonsulent, som primært varetager substitutionsbehandlingens borgere samt uvildige lægesamtaler for borgere med et stofmisbrug.</li>
<li>Der er ikke tilknyttet lægelig konsulent til Rusmiddelafsnittets Alkoholbehandling. I regi af udarbejdelsen af <u>Vejledning for samarbejdet mellem Almen Praksis (AP) og Rusmiddelafsnittet i Aalborg Kommune</u> blev det afklaret, hvor få gange, de tilknyttede borgere i alkoholbehandling, havde behov for støttemedicin for at påbegynde ambulant behandling. Det var i yderst få tilfælde. Opstart i Ambulant Alkoholbehandling forudsætter ikke afrusning inden opstart.</li>
<li>Der kan forekomme enkeltstående tilfælde. ift. visitering til døgnbehandling, hvor borgeren som oftest skal møde afruset. Der er dog flere behandlingssteder, der selv kan foretage afrusning. I de tilfælde, hvor borgerne ikke kan møde afruset til opstart i døgnbehandling, kan de forinden selv tage kontakt til egen læge med ønske om medicinsk hjælp til afrusning eller indlæggelse.</li>
</ul>
</section>

<section>
<h2>Status og aktuelle erfaringer</h2>
<p class="kicker">Emner til drøftelse i KLU</p>
<h3>Hvordan er samarbejdet mellem kommune og de praktiserende læger?</h3>
<ul>
<li>Rusmiddelafsnittet oplever et godt samarbejde med de praktiserende læger. Vejledningen for samarbejdet har været medvirkende til afklaring for ansvarsfordelingen mellem praktiserende læge og Rusmiddelafsnittet.</li>
<li>Rusmiddelafsnittet oplever, at de kan søge sparring ved praktiserende læge ligesom praktiserende læge søger sparring i Rusmiddelafsnittet. Praktiserende læge kontakter både Rusmiddelafsnittets Visitation og Substitutionsbehandling vedr. sparring – dette er også spørgsmål udover alkohol relateret behandling.</li>
</ul>
<h3>Hvornår og hvilke patienter opfordrer almen praksis til alkoholbehandling?</h3>
<ul>
<li>Rusmiddelafsnittet har ikke en oplevelse af, at det er en bestemt gruppe af borgere. Den kommunale alkoholbehandling er for alle borgere.</li>
</ul>
<h3>Opleves der fra læger og behandlingssted god kommunikation, er der noget, vi kan forbedre?</h3>
<ul>
<li>Rusmiddelafsnittet oplever god kommunikation.</li>
<li>Rusmiddelafsnittet forsøger, ift. aftalen omkring orientingsskrivelse ved start og stop af behandling, at orientere egen læge hurtigst muligt. Såfremt borger giver samtykke hertil.</li>
<li>Respekt for hinandens kompetencer – læger kan ikke henvise til Rusmiddelafsnittet med forventning om, at borgeren skal i døgnbehandling. Denne konkrete individuelle vurdering tager Rusmiddelafsnittets Visitation.</li>
</ul>
</section>
"""

NOTAT = """
<header class="letter">
<p class="kind">Notat</p>
<p>Til Kommuntalt Lægeligt Udvalg</p>
<p>Kopi til TinaMaria Larsen</p>
<p>Fra Signe Gyldendal Rasmussen</p>
<p>Sagsnr.</p>
<address>
<p>Job og Velfærd</p>
<p>Center for Sociale Indsatser<br>Hjulmagervej 22<br>9000 Aalborg</p>
<p>08.12.2023</p>
</address>
</header>

<h1>Opfølgning på spørgsmål vedr. Rusmiddelafsnittet</h1>

<h2>1. Lægekonsulent i Substitutionsbehandlingen</h2>
<p>Rusmiddelafsnittet har ansat Erik Darringe Jakobsen, speciallæge i almen medicin, som lægekonsulent i Substitutionsbehandlingen.</p>

<h2>2. Antal henvendelser pr/år</h2>
<p>Antal henvendelser fordelt pr/år:</p>
<p class="footnote">* Der er ikke statistik for 2018, da der blev gennemført ny struktur/ opdeling i 2 Rusmiddelafsnit samt indkøring af nyt journalsystem, Nexus.</p>
<p class="footnote">** 2023 er til og med oktober måned.</p>
<p>Det fremgår af ovenstående tabel, at der ses et fald i antal henvendelser og iværksatte behandlingsforløb i 2022 og 2023. Det forventes, at antallet nærmer sig samme niveau som i 2022 ved udgangen af 2023.</p>
<p>Fordeling af iværksatte behandlingsforløb pr/år:</p>
<p class="footnote">* Der er ikke statistik for 2018, da der blev gennemført ny struktur/ opdeling i 2 Rusmiddelafsnit samt indkøring af nyt journalsystem, Nexus.</p>
<p class="footnote">** 2023 er til og med oktober måned.</p>
<p>Ovenstående tabel viser fordelingen af iværksatte behandlingsforløb. Rusmiddelafsnittet har udover ovenstående forløb en forbyggende indsats samt pårørendesamtaler.</p>

<h2>3. Rusmiddelafsnittets budget 2023</h2>
<p>Rusmiddelafsnittets samlede budget for 2023 udgør 49.743.000 kr.</p>
"""

SUNDHEDSAFTALEN_KLU = """
<section class="title">
<h1>Sundhedsaftalen 2024-2027</h1>
<p>KLU,<br>30. nov. 2023</p>
</section>

<section>
<h2>Baggrund</h2>
<ul>
<li>I henhold til sundhedsloven skal der i hver valgperiode indgås en regionalt dækkende sundhedsaftale mellem kommunerne og regionen.</li>
<li>Sundhedsaftalen udarbejdes af Sundhedssamarbejdsudvalget, som består af politiske repræsentanter for regionen, kommunerne samt Praktiserende Lægers Organisation. Almen praksis er ikke en direkte aftalepart, men er en vigtig aktør i forbindelse med udarbejdelse og implementering af sundhedsaftalen.</li>
<li>Sundhedsaftalen er en politisk aftale, der dækker hele Nordjylland og fastsætter rammer og målsætninger for samarbejdet mellem parterne indenfor sundhedsområdet. Den nationale vejledning for sundhedsaftaler fastlægger, at formålet med sundhedsaftalen er at bidrage til sammenhæng og koordinering af de forløb, der går på tværs af regioner, kommuner og almen praksis med fokus på kvalitet, effekt og patienttilfredshed. Målet er, at den enkelte borger tilbydes en indsats af høj og ensartet kvalitet på tværs af regionen, uanset antallet af kontakter eller karakteren af den indsats, der er behov for.</li>
</ul>
</section>

<section>
<h2>Tredje generation – en politisk sundhedsaftale</h2>
<p>Nov.: Sundhedspolitisk Samling</p>
<p>Dec, + jan.: Politiske input<br>(Sundhedssamarbejdsudvalget + Sundhedspolitisk dialogforum)</p>
<p>Mar.: Drøftelse af første udkast til ny Sundhedsaftale<br>(Sundhedsklynger + Sundhedssamarbejdsudvalget)</p>
<p>Jun.: Godkendelse af høringsversion i<br>Sundhedssamarbejdsudvalget</p>
<p>Okt.: Sundhedssamarbejdsudvalget godkender at<br>endelig version sendes til godkendelse i region og<br>kommuner</p>
<p>Derimellem har der været proces og input fra<br>Sundhedsdirektørernes FU, Fælles FU og Strategisk<br>Sundhedsforum</p>
</section>

<section>
<h2>Hørings- og godkendelsesproces</h2>
<ul>
<li>Juni 2023: Godkendelse af høringsmateriale</li>
<li>27. juni til 8. September: Høringsproces</li>
<li>28. august: Deadline for hørings svar fra Handicaprådet</li>
<li>8. September: Indsendelse af hørings svar fra Aalborg Kommune</li>
<li>26. oktober til 15. december: Sundhedsaftalen er til godkendelse i kommuner og region</li>
<li>1. januar 2024: Ny Sundhedsaftale træder i kraft</li>
</ul>
</section>

<section>
<h2>Vision, pejlemærker og bærende principper</h2>
<p class="vision">Nordjyderne bliver sundere og tager medansvar for egen sundhed med hjælp fra et sammenhængende sundhedsvæsen</p>
<h3>Bærende principper</h3>
<ul>
<li><em>Mest mulig sundhed for de fælles ressourcer:</em> Et samlet sundhedsvæsen er nødt til at håndtere opgaverne grundlæggende anderledes for at håndtere flere borgere uden flere medarbejdere. I fællesskab skal ressourcerne benyttes bedst muligt og med en fair balance i samarbejdet</li>
<li><em>Digitale løsninger og velfærdsteknologi:</em> En øget brug af digitale løsninger og datadeling skal medvirke til at skabe et mere tilgængeligt, fleksibelt og effektivt sundhedsvæsen</li>
<li><em>Sammen med borgerne sikrer vi gode forløb:</em> Borgernes ønsker og kompetencer skal sættes i spil i det enkelte patientforløb og i udviklingen af sundhedsvæsenet. Og samtidig skal sundhedsvæsenet være tydelige om, hvem der har "stafetten" ved sektorovergange</li>
<li><em>Øget lighed i sundhed:</em> De enkelte sundhedsindsatser og patientforløb skal kunne tilpasses den enkelte borger. Borgerne skal behandles forskelligt for at fremme lighed i sundhed.</li>
</ul>
<h3>Pejlemærker</h3>
<ul>
<li><em>Et tilgængeligt og sammenhængende sundhedsvæsen:</em> Pejlemærket handler om at skabe et sundhedsvæsen præget af nærhed, tilgængelighed og sammenhæng. Pejlemærket har særligt fokus på den ældre medicinske patient, borgere med kronisk sygdom samt borgere med svære psykiske lidelser (dvs. de målgrupper, som sundhedsklyngernes arbejde ligeledes skal fokusere på jf. bekendtgørelsen)</li>
<li><em>Øget mental sundhed og trivsel:</em> Pejlemærket handler om at øge den mentale trivsel og behandle psykisk sygdom med særlig fokus på børn og unge. I pejlemærket fremhæves den nordjyske tilgængelighedsanalyse samt den nationale 10-årsplan for psykiatri og mental sundhed som tiltag, der skal arbejdes videre med</li>
<li><em>Styrket forebyggelse:</em> Pejlemærket handler om at styrke forebyggelsesarbejdet i kommunerne og på hospitalerne, bl.a. ved brug af differentierede tilbud, digitale løsninger/velfærdsteknologi og fokus på borgerens egenmestring og sundhedskompetence.</li>
</ul>
</section>
"""

SLIDES_CSS = """
@page { size: A4 landscape; margin: 18mm 20mm 16mm;
        @bottom-left { content: "%(footer)s"; font: 8pt "DejaVu Sans", sans-serif; color: #666; }
        @bottom-right { content: counter(page) " / " counter(pages); font: 8pt "DejaVu Sans", sans-serif;
                        color: #666; } }
body { font-family: "DejaVu Sans", sans-serif; font-size: 13pt; line-height: 1.35; color: #111; }
section { page-break-after: always; }
section:last-child { page-break-after: auto; }
section.title { padding-top: 45mm; }
h1 { font-size: 26pt; margin: 0 0 6mm; }
h2 { font-size: 20pt; margin: 0 0 6mm; color: #00476b; }
h3 { font-size: 14pt; margin: 5mm 0 2mm; }
li { margin-bottom: 2mm; }
.sender { color: #00476b; font-weight: bold; }
.kicker { font-style: italic; color: #555; }
.vision { font-size: 15pt; font-weight: bold; }
blockquote { font-style: italic; margin-left: 8mm; }
"""

NOTE_CSS = """
@page { size: A4; margin: 22mm 22mm 20mm;
        @bottom-left { content: "%(footer)s"; font: 8pt "DejaVu Sans", sans-serif; color: #666; }
        @bottom-right { content: counter(page) " / " counter(pages); font: 8pt "DejaVu Sans", sans-serif;
                        color: #666; } }
body { font-family: "DejaVu Sans", sans-serif; font-size: 10.5pt; line-height: 1.45; color: #111; }
header.letter p { margin: 0 0 1mm; }
header.letter .kind { font-size: 18pt; font-weight: bold; margin-bottom: 4mm; }
address { font-style: normal; margin: 4mm 0 8mm; }
address p { margin: 0 0 2mm; }
h1 { font-size: 15pt; margin: 0 0 6mm; }
h2 { font-size: 12pt; margin: 6mm 0 2mm; }
.footnote { font-size: 9pt; }
"""

# key -> everything needed to render and store one document.
DOCUMENTS = {
    "rusmiddelafsnittet": {
        "filename": "rusmiddelafsnittet-2023-11-30.pdf",
        "title": "Rusmiddelafsnittet, Voksensocialafdelingen – KLU 30. november 2023",
        "created": "2023-11-30",
        "css": SLIDES_CSS,
        "body": RUSMIDDELAFSNITTET,
    },
    "notat": {
        "filename": "opfoelgning-rusmiddelafsnittet-2023-12-08.pdf",
        "title": "Opfølgning på spørgsmål vedr. Rusmiddelafsnittet",
        "created": "2023-12-08",
        "css": NOTE_CSS,
        "body": NOTAT,
    },
    "sundhedsaftalen-klu": {
        "filename": "sundhedsaftalen-2024-2027-klu-2023-11-30.pdf",
        "title": "Sundhedsaftalen 2024-2027 – KLU 30. nov. 2023",
        "created": "2023-11-30",
        "css": SLIDES_CSS,
        "body": SUNDHEDSAFTALEN_KLU,
    },
}

FOOTER = "Tekstgengivelse af bilag til referatet af KLU-mødet 30. november 2023 (billeder og tabeller indgår ikke)"


def document_html(key):
    """The whole HTML page for one document."""
    doc = DOCUMENTS[key]
    css = doc["css"] % {"footer": FOOTER}
    return (
        "<!DOCTYPE html>\n"
        '<html lang="da"><head><meta charset="utf-8">'
        f"<title>{doc['title']}</title>"
        f'<meta name="dcterms.created" content="{doc["created"]}">'
        f"<style>{css}</style></head>"
        f"<body>{doc['body']}</body></html>"
    )


def render_pdf(key):
    """Render one document to PDF bytes (the same bytes on every call)."""
    return weasyprint.HTML(string=document_html(key)).write_pdf(pdf_identifier=None, uncompressed_pdf=False)


@functools.lru_cache(maxsize=None)
def pdf_bytes(key):
    """The PDF of one document, rendered once per process."""
    return render_pdf(key)
