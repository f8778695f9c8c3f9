"""Hostile and broken input against every URL, query parameter and form.

Each must be answered with a clear 4xx or a form error: never a 500, never a closed
item's content to someone who may not read it, and nothing already saved changed.
"""

import datetime
import re

from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, TestCase
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from agreements.models import Agreement, Party
from meetings.models import AgendaItem, Meeting
from tests.factories import (
    make_attachment,
    make_committee,
    make_decision,
    make_item,
    make_meeting,
    make_member,
    make_person,
    make_secretary,
    sign_off,
)

SECRET_TITLE = "HEMMELIGT-PUNKT-Personalesag"
SECRET_TEXT = "HEMMELIG-BESLUTNING-Fortrolig"
SECRET_FILE = "HEMMELIGT-BILAG-Lønliste"

HOSTILE = [
    "' OR '1'='1' --", "1; DROP TABLE meetings_meeting; --", "{{ settings.SECRET_KEY }}", "{% debug %}",
    "<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "javascript:alert(1)", "../../etc/passwd",
    "%00", "\u202e\u0007\u001b[31m", "x" * 5000, "-1", "0", "99999999999999999999", "2024-02-30", "NaN",
    # Words from inside the secrets: a search for them must not bring them back.
    "🙂" * 100, "lukket", "Personalesag", "Fortrolig", "Lønliste",
]
QUERY_PARAMETERS = ["q", "committee", "year", "page", "as", "status", "party", "theme", "next"]


def snapshot():
    """Every row of the KLU apps (history included), to prove nothing changed."""
    return {model._meta.label: list(model.objects.order_by("pk").values())
            for model in apps.get_models() if model._meta.app_label in {"meetings", "agreements"}
            and model._meta.model_name != "siteversion"}


def url_patterns(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if str(entry.pattern).startswith(("admin/", "i18n/")):
                continue  # Django's own; the admin is covered by its own tests
            yield from url_patterns(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry


class BadInputTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.committee = make_committee(slug="klu", name="Kommunalt Lægeligt Udvalg",
                                       meeting_windows=[[2, 3], [6]], default_weekday=3)
        cls.meeting = make_meeting(committee=cls.committee, status=Meeting.Status.MINUTES_DRAFTED,
                                   minute_taker=make_person(name="Lars Lund"))
        cls.open_item = make_item(cls.meeting, number=1, title="Godkendelse af dagsordenen")
        make_decision(cls.open_item, text="Godkendt.")
        cls.closed_item = make_item(cls.meeting, number=2, title=SECRET_TITLE, is_closed=True,
                                    case_description=f"<p>{SECRET_TEXT}</p>")
        make_decision(cls.closed_item, text=f"<p>{SECRET_TEXT}</p>")
        make_attachment(cls.meeting, item=cls.open_item, title=SECRET_FILE, is_closed=True,
                        file=SimpleUploadedFile("loen.pdf", b"%PDF-1.4\n"))
        sign_off(cls.meeting)
        cls.draft = make_meeting(committee=cls.committee, date=datetime.date(2031, 3, 6))
        make_item(cls.draft, title="Udkast til punkt")
        party = Party.objects.create(name="Almen praksis")
        cls.agreement = Agreement.objects.create(title="Samarbejdsaftale", kind="agreement")
        cls.agreement.parties.add(party)
        cls.secretary = make_secretary()
        cls.member = make_member()

    def concrete_urls(self):
        """Every project URL with real ids, unknown ids, and hostile values in its parameters."""
        values = {"pk": [self.meeting.pk, self.draft.pk, self.open_item.pk, 999999, 2**62],
                  "attachment_pk": [1, 999999], "version": [1, 7], "slug": ["klu", "ukendt-udvalg"],
                  "token": ["x" * 300, "..%2F..%2Fetc"], "code": ["en", "xx", "%3Cscript%3E"]}
        urls = set()
        for route, pattern in url_patterns():
            names = re.findall(r"<(?:\w+:)?(\w+)>", route)
            if not names:
                urls.add("/" + route)
                continue
            for index in range(2):
                url = "/" + route
                for name in names:
                    choices = values.get(name, ["1", "ukendt"])
                    url = re.sub(rf"<(?:\w+:)?{name}>", str(choices[min(index, len(choices) - 1)]), url)
                urls.add(url)
            # unknown and huge ids
            url = "/" + route
            for name in names:
                url = re.sub(rf"<(?:\w+:)?{name}>", str(values.get(name, ["ukendt"])[-1]), url)
            urls.add(url)
        return sorted(urls)

    def assert_safe(self, response, label, *, may_read_closed):
        self.assertLess(response.status_code, 500, label)
        body = b"" if response.streaming else response.content
        if not may_read_closed:
            for secret in (SECRET_TITLE, SECRET_TEXT, SECRET_FILE):
                self.assertNotIn(secret.encode(), body, f"{label} leaked {secret}")
        self.assertNotIn(b"Traceback", body, label)

    def test_every_url_answers_hostile_query_parameters_without_a_500_or_a_leak(self):
        urls = self.concrete_urls()
        self.assertGreater(len(urls), 40)
        for who, client in (("anonymous", Client()), ("member", self.logged_in(self.member))):
            for url in urls:
                for value in HOSTILE[::3]:
                    query = "&".join(f"{p}={value}" for p in QUERY_PARAMETERS)
                    with self.subTest(who=who, url=url, value=value[:20]):
                        response = client.get(f"{url}?{query}")
                        self.assert_safe(response, f"{who} GET {url}", may_read_closed=who == "member")

    def test_hostile_posts_from_outsiders_change_nothing(self):
        before = snapshot()
        data = {name: HOSTILE[0] for name in ("title", "text", "reason", "q", "year", "method", "status")}
        for url in self.concrete_urls():
            for who, client in (("anonymous", Client()), ("member", self.logged_in(self.member))):
                with self.subTest(who=who, url=url):
                    response = client.post(url, data)
                    self.assert_safe(response, f"{who} POST {url}", may_read_closed=who == "member")
                    if response.status_code == 200 and not url.startswith(("/login", "/language")):
                        self.fail(f"{who} POST {url} answered 200")
        self.assertEqual(snapshot(), before)

    def test_a_forged_csrf_token_is_refused_even_for_the_secretariat(self):
        client = Client(enforce_csrf_checks=True)
        client.force_login(self.secretary)
        before = snapshot()
        for url in (reverse("workspace:publish", args=[self.draft.pk]),
                    reverse("workspace:item-new", args=[self.draft.pk]),
                    reverse("agreements:status", args=[self.agreement.pk])):
            response = client.post(url, {"new-title": "Smuglet", "status": "ended", "reason": "x",
                                         "csrfmiddlewaretoken": "forfalsket" * 4})
            self.assertEqual(response.status_code, 403, url)
        self.assertEqual(snapshot(), before)

    def test_the_secretariats_forms_refuse_broken_values_with_form_errors_and_keep_them(self):
        client = self.logged_in(self.secretary)
        item = self.draft.items.get()
        item_url = reverse("workspace:item", args=[item.pk])
        cases = [
            ("an over-long title", {"title": "x" * 5000}, "Denne værdi må højst have 500 tegn"),
            ("a title of spaces", {"title": "    "}, "Punktet skal have en titel."),
            ("an unknown presenter", {"title": "Punkt", "presenter": "999999"}, "Marker en gyldig valgmulighed"),
            ("an unknown kind", {"title": "Punkt", "kind": "'; DROP TABLE"}, "Marker en gyldig valgmulighed"),
        ]
        for label, fields, message in cases:
            with self.subTest(case=label):
                data = {"title": "Punkt", "kind": "decision", "version": item.version, **fields}
                response = client.post(item_url, data)
                self.assertEqual(response.status_code, 400, label)
                self.assertContains(response, message, status_code=400)
        item.refresh_from_db()
        self.assertEqual(item.title, "Udkast til punkt")

        meeting_url = reverse("workspace:meeting", args=[self.draft.pk])
        for label, fields in (("an impossible date", {"meeting-date": "2024-02-30"}),
                              ("a date that is not one", {"meeting-date": "'; DROP TABLE"}),
                              ("an impossible time", {"meeting-start_time": "25:61"}),
                              ("an unknown minute taker", {"meeting-minute_taker": "999999"})):
            with self.subTest(case=label):
                data = {"meeting-date": "2031-03-06", "meeting-location": "Saxogade 14",
                        "meeting-version": self.draft.version, **fields}
                response = client.post(meeting_url, data)
                self.assertEqual(response.status_code, 400, label)
                self.assertContains(response, 'value="Saxogade 14"', status_code=400)
        self.draft.refresh_from_db()
        self.assertEqual(self.draft.location, "Danmarksgade 17, 2. sal, mødelokale 1")

    def test_template_and_html_syntax_is_stored_as_text_and_shown_as_text(self):
        client = self.logged_in(self.secretary)
        item = self.draft.items.get()
        title = "{{ settings.SECRET_KEY }} {% debug %} <script>alert(1)</script>"
        response = client.post(reverse("workspace:item", args=[item.pk]),
                               {"title": title, "kind": "decision", "version": item.version})
        self.assertEqual(response.status_code, 302)
        item.refresh_from_db()
        self.assertEqual(item.title, title)
        page = client.get(self.draft.get_absolute_url()).content.decode()
        self.assertIn("{{ settings.SECRET_KEY }} {% debug %} &lt;script&gt;alert(1)&lt;/script&gt;", page)
        self.assertNotIn("<script>alert(1)", page)
        self.assertNotIn("tests-only-secret-key", page)

    def test_nul_characters_are_refused_with_a_clear_400(self):
        for url in ("/search/?q=%00", "/meetings/?committee=klu%00", "/api/meetings/?year=%00"):
            response = self.client.get(url)
            self.assertEqual(response.status_code, 400, url)
            self.assertIn("ugyldigt tegn", response.content.decode())

    def test_huge_and_disguised_uploads_are_refused_and_the_form_kept(self):
        client = self.logged_in(self.secretary)
        url = reverse("workspace:attachment-upload", args=[self.draft.pk])
        huge = SimpleUploadedFile("stor.pdf", b"%PDF-1.7\n" + b"0" * (26 * 1024 * 1024))
        disguised = SimpleUploadedFile("notat.docx", b"MZ\x90\x00 this is an exe")
        for label, upload, message in (("huge", huge, "Filen er for stor"),
                                       ("disguised", disguised, "Filens indhold passer ikke til endelsen .docx")):
            with self.subTest(upload=label):
                response = client.post(url, {"attachment-title": "Bilag til mødet", "attachment-part": "agenda",
                                             "attachment-file": upload})
                self.assertEqual(response.status_code, 400)
                self.assertContains(response, message, status_code=400)
                self.assertContains(response, 'value="Bilag til mødet"', status_code=400)
        self.assertFalse(self.draft.attachments.exists())

    def test_unknown_ids_in_forms_are_errors_not_crashes(self):
        client = self.logged_in(self.secretary)
        before = AgendaItem.objects.count()
        for url, data in ((reverse("workspace:reorder", args=[self.draft.pk]), {"order": "999999,abc:sub"}),
                          (reverse("workspace:reorder", args=[self.draft.pk]), {"item": "x", "move": "up"}),
                          (reverse("workspace:item-offered", args=[self.draft.pk]), {"source": "item-999999"}),
                          (reverse("agreements:link-item", args=[self.agreement.pk]), {"item": "999999"})):
            with self.subTest(url=url, data=data):
                response = client.post(url, data)
                self.assertIn(response.status_code, {400, 404}, (url, data))
        self.assertEqual(AgendaItem.objects.count(), before)

    def logged_in(self, user):
        client = Client()
        client.force_login(user)
        return client
