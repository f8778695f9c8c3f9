"""The workspace history reads as an audit trail: names, words and Danish dates, not ids and codes."""

import datetime

from django.test import TestCase
from django.urls import reverse

from meetings.models import AgendaItem, Attendance, Decision, Meeting
from meetings.workspace.history import danish_datetime
from tests.factories import (
    make_attachment,
    make_attendance,
    make_decision,
    make_item,
    make_meeting,
    make_person,
    make_secretary,
    make_user,
)


def save_as(obj, user, **changes):
    for name, value in changes.items():
        setattr(obj, name, value)
    obj._history_user = user
    obj.save()


class HistoryPageTests(TestCase):
    def setUp(self):
        self.secretary = make_secretary(first_name="Sara", last_name="Sekretær")
        self.client.force_login(self.secretary)
        self.meeting = make_meeting(status=Meeting.Status.PLANNED)
        self.first = make_item(self.meeting, title="Godkendelse af dagsorden")
        self.second = make_item(self.meeting, number=2, sub_number=1, title="Sundhedsaftalen")
        self.url = reverse("workspace:history", args=[self.meeting.pk])

    def page(self, **params):
        response = self.client.get(self.url, params)
        self.assertEqual(response.status_code, 200)
        return response.content.decode()

    def test_it_names_records_by_item_person_and_title_instead_of_ids(self):
        make_decision(self.second, text="<p>Godkendt.</p>")
        make_attendance(self.meeting, make_person(name="Anne Ahlers"))
        make_attachment(self.meeting, title="Budgetoversigt")
        html = self.page()
        self.assertIn("Beslutning på punkt 2.a: Sundhedsaftalen", html)
        self.assertIn("Fremmøde: Anne Ahlers", html)
        self.assertIn("Bilag: Budgetoversigt", html)
        self.assertIn("Punkt 1: Godkendelse af dagsorden", html)
        self.assertNotIn("punkt-id", html)
        self.assertNotIn("person-id", html)

    def test_it_shows_field_names_choices_people_and_booleans_in_words(self):
        presenter = make_person(name="Peter Plesner")
        save_as(self.first, self.secretary, presenter=presenter, is_closed=True,
                kind=AgendaItem.Kind.APPROVAL)
        publisher = make_user("hanne", first_name="Hanne", last_name="Holm")
        save_as(self.meeting, self.secretary, agenda_published_by=publisher)
        html = self.page()
        self.assertIn("<strong>Oplægsholder</strong>: <del>(tom)</del> → <ins>Peter Plesner</ins>", html)
        self.assertIn("<strong>Lukket punkt</strong>: <del>Nej</del> → <ins>Ja</ins>", html)
        self.assertIn("<strong>Type</strong>: <del>Drøftelse</del> → <ins>Godkendelse</ins>", html)
        self.assertIn("<strong>Offentliggjort af</strong>: <del>(tom)</del> → <ins>Hanne Holm</ins>", html)
        self.assertIn("Sara Sekretær", html)
        self.assertNotIn("Version", html)

    def test_it_shows_rich_text_as_plain_text_and_dates_in_danish(self):
        decision = make_decision(self.first, text="<p>Godkendt.</p>")
        save_as(decision, self.secretary, text="<p>Godkendt <strong>med</strong> ændringer.</p>",
                outcome=Decision.Outcome.NOTED)
        save_as(self.meeting, self.secretary, date=datetime.date(2026, 12, 1), start_time=datetime.time(9, 30))
        html = self.page()
        self.assertIn("<del>Godkendt.</del> → <ins>Godkendt med ændringer.</ins>", html)
        self.assertIn("<ins>Taget til efterretning</ins>", html)
        self.assertIn("<strong>Dato</strong>: <del>4. april 2024</del> → <ins>1. december 2026</ins>", html)
        self.assertIn("<strong>Starttidspunkt</strong>: <del>15.00</del> → <ins>09.30</ins>", html)

    def test_it_shows_when_in_copenhagen_time_in_danish_words(self):
        AgendaItem.history.filter(id=self.first.pk).update(
            history_date=datetime.datetime(2026, 12, 1, 19, 1, tzinfo=datetime.timezone.utc))
        self.assertIn("1. december 2026 kl. 20.01", self.page())
        summer = datetime.datetime(2026, 7, 1, 6, 5, tzinfo=datetime.timezone.utc)
        self.assertEqual(danish_datetime(summer), "1. juli 2026 kl. 08.05")

    def test_a_save_and_its_item_list_update_make_one_entry(self):
        guest = make_attendance(self.meeting, make_person(name="Gitte Gæst"),
                                capacity=Attendance.Capacity.GUEST)
        guest._history_user = self.secretary
        guest.status = Attendance.Status.APOLOGIES
        guest.save()
        guest.items.set([self.second])  # the workspace does this right after the save
        self.assertEqual(Attendance.history.filter(id=guest.pk, history_type="~").count(), 2)
        html = self.page()
        self.assertEqual(html.count("Ændret: Fremmøde: Gitte Gæst"), 1)
        self.assertIn("<strong>Fremmøde</strong>: <del>Til stede</del> → <ins>Afbud</ins>", html)
        self.assertIn("<strong>Deltog under punkt</strong>: <del>(tom)</del> → <ins>2.a</ins>", html)

    def test_it_filters_by_item_with_its_decision_and_attachments(self):
        make_decision(self.second)
        make_attachment(self.meeting, item=self.second, title="Aftaletekst")
        make_attachment(self.meeting, title="Mødets bilag")
        make_decision(self.first)
        make_attendance(self.meeting, make_person(name="Anne Ahlers"))
        html = self.page(item=self.second.pk)
        self.assertIn("Beslutning på punkt 2.a", html)
        self.assertIn("Bilag: Aftaletekst", html)
        self.assertIn(f'<option value="{self.second.pk}" selected>', html)
        for absent in ("Bilag: Mødets bilag", "Beslutning på punkt 1", "Fremmøde", "Punkt 1: Godkendelse"):
            self.assertNotIn(absent, html)

    def test_an_invalid_item_shows_the_whole_history(self):
        make_decision(self.first)
        other_meeting_item = make_item(make_meeting(), title="Andet møde")
        for value in ("abc", "", "-1", "99999999999999999999999", str(other_meeting_item.pk)):
            with self.subTest(item=value):
                html = self.page(item=value)
                self.assertIn("Beslutning på punkt 1", html)
                self.assertIn("Punkt 2.a: Sundhedsaftalen", html)
                self.assertNotIn("selected>", html.split('name="item"')[1].split("</select>")[0]
                                 .replace('<option value="" selected>', ""))

    def test_an_imported_meeting_names_the_system_as_author(self):
        make_decision(self.first)
        html = self.page()
        self.assertIn("systemet (dataindlæsning eller script)", html)

    def test_the_number_of_queries_does_not_grow_with_the_history(self):
        def add_history(n):
            for i in range(n):
                item = make_item(self.meeting, title=f"Punkt {i}")
                save_as(item, self.secretary, presenter=make_person(), is_closed=True)
                decision = make_decision(item)
                save_as(decision, make_user(), text=f"Tekst {i}")
                attendance = make_attendance(self.meeting)
                save_as(attendance, self.secretary, substitute_for=make_person())
                attendance.items.set([item])
                save_as(make_attachment(self.meeting, item=item), self.secretary, title=f"Bilag {i}")
            save_as(self.meeting, make_user(), minute_taker=make_person())

        add_history(2)
        # the session (in the database unless CACHE_URL shares a cache), user with their person, content version, the viewer's memberships and groups,
        # meeting+committee+minute taker, the item list; history rows (with their users): items,
        # decisions, attachments, meeting, attendance; the attendances' items; the people named
        with self.assertNumQueries(13):
            self.client.get(self.url)
        add_history(5)
        with self.assertNumQueries(13):
            response = self.client.get(self.url)
        self.assertContains(response, "Bilag: Bilag 4")
