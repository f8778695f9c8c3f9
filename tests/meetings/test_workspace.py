"""The secretariat's workspace: writes need the secretariat; refusals lose nothing."""

import datetime

from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import URLPattern, reverse

from meetings.models import AgendaItem, Attachment, Decision, Meeting
from meetings.workspace import urls as workspace_urls
from tests.factories import (
    make_attachment,
    make_committee,
    make_decision,
    make_item,
    make_meeting,
    make_member,
    make_person,
    make_secretary,
    make_user,
)


def database_snapshot():
    """Every row of every KLU model and history table, to prove a refused request changed nothing."""
    rows = {}
    for model in apps.get_models():
        if model._meta.app_label in {"meetings", "agreements"}:
            rows[model._meta.label] = list(model.objects.order_by("pk").values())
    return rows


class WriteUrlsRefuseOutsidersTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.committee = make_committee(slug="klu", meeting_windows=[[2, 3], [6]], default_weekday=3)
        cls.meeting = make_meeting(committee=cls.committee, status=Meeting.Status.MINUTES_DRAFTED,
                                   minute_taker=make_person())
        cls.item = make_item(cls.meeting, title="Godkendelse af dagsordenen")
        make_decision(cls.item)
        cls.attachment = make_attachment(cls.meeting, title="Bilag", is_closed=True)
        cls.member = make_member(cls.committee)
        cls.outsider = make_user("outsider")

    def write_urls(self):
        urls = []
        for pattern in workspace_urls.urlpatterns:
            assert isinstance(pattern, URLPattern)
            name = f"workspace:{pattern.name}"
            if "slug" in pattern.pattern.converters:
                urls.append(reverse(name, kwargs={"slug": "klu"}))
            elif pattern.name in {"item", "item-delete", "decision", "follow-up-new", "item-open"}:
                urls.append(reverse(name, kwargs={"pk": self.item.pk}))
            elif "attachment_pk" in pattern.pattern.converters:
                urls.append(reverse(name, kwargs={"pk": self.meeting.pk, "attachment_pk": self.attachment.pk}))
            elif "history_id" in pattern.pattern.converters:
                history_id = self.attachment.history.latest().history_id
                urls.append(reverse(name, kwargs={"pk": self.meeting.pk, "history_id": history_id}))
            elif "pk" in pattern.pattern.converters:
                urls.append(reverse(name, kwargs={"pk": self.meeting.pk}))
            else:
                urls.append(reverse(name))
        return urls

    # Plausible data for every form, so a missing permission check would really write.
    POST = {"year": "2031", "title": "Indsmuglet punkt", "kind": "decision", "reason": "Hacket",
            "method": "chair", "outcome": "approved", "text": "Ændret", "what": "Gør noget", "order": "",
            "item": "", "move": "up", "source": "", "person": "", "capacity": "member", "status": "present",
            "date": "2030-01-01", "location": "Andetsteds", "version": "1", "comment": "ok",
            "new-title": "Indsmuglet punkt", "new-kind": "decision", "signoff-method": "chair",
            "cancel-reason": "Hacket", "meeting-date": "2030-01-01", "meeting-location": "Andetsteds",
            "meeting-version": "1", "attachment-title": "Hacket bilag", "attachment-part": "agenda"}

    def test_the_workspace_has_the_write_urls_the_issue_names(self):
        urls = self.write_urls()
        self.assertIn(f"/meetings/{self.meeting.pk}/publish/", urls)
        self.assertIn(f"/meetings/{self.meeting.pk}/sign-off/", urls)
        self.assertGreaterEqual(len(urls), 20)

    def test_anonymous_callers_are_sent_to_log_in_and_nothing_changes(self):
        before = database_snapshot()
        for url in self.write_urls():
            for method in ("get", "post"):
                response = getattr(self.client, method)(url, self.POST)
                self.assertIn(response.status_code, {302, 405}, f"{method.upper()} {url}")
                if response.status_code == 302:
                    self.assertTrue(response["Location"].startswith("/login/"), url)
        self.assertEqual(database_snapshot(), before)

    def test_members_and_outsiders_get_403_and_nothing_changes(self):
        before = database_snapshot()
        for user in (self.member, self.outsider):
            self.client.force_login(user)
            for url in self.write_urls():
                if url.endswith("/approve/"):
                    continue  # the one page members use; checked below
                for method in ("get", "post"):
                    response = getattr(self.client, method)(url, self.POST)
                    self.assertIn(response.status_code, {403, 405}, f"{user} {method.upper()} {url}")
        self.assertEqual(database_snapshot(), before)

    def test_a_member_cannot_approve_minutes_that_were_not_circulated(self):
        self.client.force_login(self.member)
        before = database_snapshot()
        response = self.client.post(reverse("workspace:approve", args=[self.meeting.pk]), {"comment": "ok"})
        self.assertEqual(response.status_code, 404)
        self.assertEqual(database_snapshot(), before)

    def test_an_outsider_cannot_approve_minutes(self):
        self.client.force_login(self.outsider)
        response = self.client.post(reverse("workspace:approve", args=[self.meeting.pk]))
        self.assertEqual(response.status_code, 403)


class SignOffViewTests(TestCase):
    def setUp(self):
        self.secretary = make_secretary()
        self.client.force_login(self.secretary)
        self.meeting = make_meeting(status=Meeting.Status.MINUTES_DRAFTED, location="", minute_taker=None)
        self.item = make_item(self.meeting, title="Tema")

    def test_it_refuses_and_lists_what_is_missing(self):
        response = self.client.post(reverse("workspace:sign-off", args=[self.meeting.pk]), {"signoff-method": "chair"})
        self.assertEqual(response.status_code, 400)
        for problem in ("Mødet mangler et mødested.", "Mødet mangler en referent.",
                        "Punkt 1 mangler en beslutning."):
            self.assertContains(response, problem, status_code=400)
        self.meeting.refresh_from_db()
        self.assertEqual(self.meeting.status, Meeting.Status.MINUTES_DRAFTED)


class LockedMinutesTests(TestCase):
    def setUp(self):
        self.secretary = make_secretary(is_superuser=True)
        self.client.force_login(self.secretary)
        self.meeting = make_meeting(status=Meeting.Status.SIGNED_OFF)
        self.item = make_item(self.meeting, title="Original titel")
        self.decision = make_decision(self.item, text="Original beslutning.")

    def test_the_item_form_refuses_to_change_signed_off_minutes(self):
        url = reverse("workspace:item", args=[self.item.pk])
        response = self.client.post(url, {"title": "Ny titel", "kind": "decision", "version": self.item.version})
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "låst", status_code=400)
        self.item.refresh_from_db()
        self.assertEqual(self.item.title, "Original titel")

    def test_the_decision_form_refuses_to_change_signed_off_minutes(self):
        response = self.client.post(reverse("workspace:decision", args=[self.item.pk]),
                                    {"outcome": "approved", "text": "Ny tekst", "version": self.decision.version})
        self.assertEqual(response.status_code, 400)
        self.assertEqual(Decision.objects.get(pk=self.decision.pk).text, "Original beslutning.")

    def test_the_admin_refuses_to_change_signed_off_minutes(self):
        for name, obj in (("meetings_agendaitem", self.item), ("meetings_decision", self.decision),
                          ("meetings_meeting", self.meeting)):
            url = reverse(f"admin:{name}_change", args=[obj.pk])
            page = self.client.get(url)
            self.assertNotContains(page, 'name="_save"')
            response = self.client.post(url, {"title": "Ny titel", "text": "Ny tekst", "location": "Ny"})
            self.assertEqual(response.status_code, 403, name)
            delete = self.client.post(reverse(f"admin:{name}_delete", args=[obj.pk]), {"post": "yes"})
            self.assertEqual(delete.status_code, 403, name)
        self.item.refresh_from_db()
        self.assertEqual(self.item.title, "Original titel")
        self.assertTrue(Meeting.objects.filter(pk=self.meeting.pk).exists())

    def test_deleting_or_adding_attachments_to_signed_off_minutes_is_refused(self):
        upload = SimpleUploadedFile("notat.pdf", b"%PDF-1.7\n%test\n", content_type="application/pdf")
        response = self.client.post(reverse("workspace:attachment-upload", args=[self.meeting.pk]),
                                    {"attachment-title": "Sent bilag", "attachment-part": "minutes",
                                     "attachment-file": upload})
        self.assertEqual(response.status_code, 400)
        self.assertFalse(Attachment.objects.filter(meeting=self.meeting).exists())


class ConcurrentEditViewTests(TestCase):
    def setUp(self):
        self.meeting = make_meeting()
        self.item = make_item(self.meeting, title="Mødekalender 2025", case_description="<p>Udkast</p>")
        self.first, self.second = make_secretary(username="anne"), make_secretary(username="bo")
        self.url = reverse("workspace:item", args=[self.item.pk])

    def post_as(self, user, version, title, text):
        self.client.force_login(user)
        return self.client.post(self.url, {"title": title, "kind": "decision", "case_description": text,
                                           "recommendations_text": "", "version": version})

    def test_the_second_save_is_refused_showing_both_versions_and_losing_nothing(self):
        version = self.item.version  # both opened the form at this version
        first = self.post_as(self.first, version, "Mødekalender 2025 (Annes)", "<p>Annes tekst</p>")
        self.assertEqual(first.status_code, 302)
        second = self.post_as(self.second, version, "Mødekalender 2025 (Bos)", "<p>Bos tekst</p>")
        self.assertEqual(second.status_code, 409)
        # Bo's typing is still in the form, and Anne's saved version is shown beside it.
        self.assertContains(second, "Mødekalender 2025 (Bos)", status_code=409)
        self.assertContains(second, "Bos tekst", status_code=409)
        self.assertContains(second, "Annes tekst", status_code=409)
        self.item.refresh_from_db()
        self.assertEqual(self.item.title, "Mødekalender 2025 (Annes)")
        # Saving again from the refused form (it now carries the stored version) keeps Bo's.
        again = self.post_as(self.second, second.context["form"].data["version"], "Mødekalender 2025 (Bos)",
                             "<p>Bos tekst</p>")
        self.assertEqual(again.status_code, 302)
        self.item.refresh_from_db()
        self.assertEqual(self.item.title, "Mødekalender 2025 (Bos)")
        users = list(AgendaItem.history.filter(id=self.item.pk).order_by("history_date")
                     .values_list("history_user__username", flat=True))
        self.assertEqual(users[-2:], ["anne", "bo"])


class SanitisedTextTests(TestCase):
    def test_script_event_handlers_and_javascript_links_are_removed_before_storing(self):
        secretary = make_secretary()
        self.client.force_login(secretary)
        item = make_item(make_meeting())
        hostile = ('<p>Budget <script>alert(1)</script><img src=x onerror="alert(2)">'
                   '<a href="javascript:alert(3)">klik</a> <a href="https://aalborg.dk">kommunen</a></p>'
                   '<table><tr><th>Indsats</th><td onclick="x()">750.000</td></tr></table>'
                   '<p style="color:red">Pyntet</p>')
        response = self.client.post(reverse("workspace:item", args=[item.pk]), {
            "title": "Klyngemidler", "kind": "information", "case_description": hostile,
            "recommendations_text": "Tager status til efterretning", "version": item.version})
        self.assertEqual(response.status_code, 302)
        item.refresh_from_db()
        stored = item.case_description
        for forbidden in ("<script", "alert(", "onerror", "javascript:", "onclick", "style="):
            self.assertNotIn(forbidden, stored)
        self.assertIn('<a href="https://aalborg.dk" rel="noopener noreferrer">kommunen</a>', stored)
        self.assertIn("<td>750.000</td>", stored)
        self.assertEqual(item.recommendations, ["Tager status til efterretning"])


class RefusedFormKeepsInputTests(TestCase):
    def test_a_meeting_form_with_an_end_before_the_start_keeps_what_was_typed(self):
        self.client.force_login(make_secretary())
        meeting = make_meeting(location="Danmarksgade 17")
        response = self.client.post(reverse("workspace:meeting", args=[meeting.pk]), {
            "meeting-title": "1. møde 2025", "meeting-date": "2025-02-20", "meeting-start_time": "17:00",
            "meeting-end_time": "15:00", "meeting-location": "Saxogade 14", "meeting-case_number": "2025-000001",
            "meeting-version": meeting.version})
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "Mødet skal slutte efter, det begynder.", status_code=400)
        self.assertContains(response, 'value="Saxogade 14"', status_code=400)
        self.assertContains(response, 'value="2025-000001"', status_code=400)
        meeting.refresh_from_db()
        self.assertEqual((meeting.location, meeting.date), ("Danmarksgade 17", datetime.date(2024, 4, 4)))


class UploadTests(TestCase):
    def setUp(self):
        self.client.force_login(make_secretary())
        self.meeting = make_meeting()
        self.url = reverse("workspace:attachment-upload", args=[self.meeting.pk])

    def upload(self, name, content, **extra):
        return self.client.post(self.url, {"attachment-title": "Notat", "attachment-part": "agenda",
                                           "attachment-file": SimpleUploadedFile(name, content), **extra})

    def test_it_stores_a_real_pdf_under_a_safe_name_with_its_hash(self):
        response = self.upload("../../etc/Notat om <script>.pdf", b"%PDF-1.7\n1 0 obj\n")
        self.assertEqual(response.status_code, 302)
        attachment = Attachment.objects.get(meeting=self.meeting)
        self.assertRegex(attachment.file.name, rf"^attachments/{self.meeting.pk}/notat-om-script-[0-9a-f]{{8}}\.pdf$")
        self.assertEqual(attachment.content_type, "application/pdf")
        self.assertEqual(len(attachment.sha256), 64)

    def test_it_refuses_html_disguised_as_a_pdf_and_keeps_the_form(self):
        response = self.upload("notat.pdf", b"<html><script>alert(1)</script></html>")
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "Filens indhold passer ikke til endelsen .pdf", status_code=400)
        self.assertContains(response, 'value="Notat"', status_code=400)
        self.assertFalse(Attachment.objects.exists())

    def test_it_refuses_a_type_a_secretariat_does_not_use(self):
        response = self.upload("side.html", b"<html></html>")
        self.assertContains(response, "Filtypen er ikke tilladt", status_code=400)
        self.assertFalse(Attachment.objects.exists())
