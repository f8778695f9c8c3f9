"""Publishing and signing off ask first and say what will happen; changes to a published agenda are marked.

- GET of publish/sign-off shows a confirmation page (what happens, who gets a mail,
  what is missing); nothing is queued or changed until the POST.
- Sign-off records how and when the minutes were approved (approved_on, a date
  between the meeting and today; a POST without a date means today), and the page,
  the hub and the minutes PDF state it; imported minutes without a date state none.
- An item added or changed in a way readers see while the agenda is published is
  marked "Ændret <date>" on the page and in the agenda PDF (not in the minutes) and
  the members are told.
"""

import datetime

from django.test import Client, TestCase
from django.urls import reverse
from django.utils import timezone

from mail.models import OutgoingMail
from meetings import pagecache, services
from meetings.formatting import danish_date
from meetings.models import COPENHAGEN, AgendaItem, Meeting
from tests.exports.base import ExportTestCase, pdf_text
from tests.factories import (
    make_decision,
    make_item,
    make_meeting,
    make_membership,
    make_person,
    make_secretary,
    response_bytes,
    sign_off,
)


def today():
    return timezone.localdate(timezone=COPENHAGEN)


class CommitteeWithMembers:
    """A meeting of a committee with two members with an address and one without."""

    def make_people(self, meeting):
        self.anne = make_person(name="Anne Ahlers", email="anne@example.org")
        self.bo = make_person(name="Bo Bech", email="bo@example.org")
        self.carl = make_person(name="Carl Carlsen")  # no address in the register
        for person in (self.anne, self.bo, self.carl):
            make_membership(meeting.committee, person, start=datetime.date(2020, 1, 1))


class PublishConfirmationTests(CommitteeWithMembers, TestCase):
    def setUp(self):
        self.secretary = make_secretary()
        self.client.force_login(self.secretary)
        self.meeting = make_meeting(minute_taker=make_person(name="Lars Lund"))
        make_item(self.meeting, title="Godkendelse af dagsordenen")
        make_item(self.meeting, title="Drøftelse af en konkret patientsag", is_closed=True)
        self.make_people(self.meeting)
        self.url = reverse("workspace:publish", args=[self.meeting.pk])

    def test_the_hub_links_to_the_confirmation_instead_of_publishing(self):
        hub = self.client.get(reverse("workspace:meeting", args=[self.meeting.pk])).content.decode()
        self.assertIn(f'href="{self.url}"', hub)
        self.assertNotIn(f'action="{self.url}"', hub)

    def test_the_confirmation_says_what_happens_and_who_is_told_without_telling_anyone(self):
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        page = response.content.decode()
        self.assertIn("Dagsordenen bliver offentlig på mødesiden og i kalenderen.", page)
        self.assertIn("2 medlemmer får besked på mail:", page)
        self.assertIn("<li>Anne Ahlers</li>", page)
        self.assertIn("<li>Bo Bech</li>", page)
        self.assertIn("Uden e-mailadresse i registret, så de får ikke besked:", page)
        self.assertIn("<li>Carl Carlsen</li>", page)
        self.assertIn(f'<form method="post" action="{self.url}">', page)
        self.assertIn(">Offentliggør dagsordenen</button>", page)
        self.assertIn(f'href="{reverse("workspace:meeting", args=[self.meeting.pk])}">Tilbage</a>', page)
        self.assertNotIn("Før dagsordenen kan offentliggøres, mangler:", page)
        self.assertFalse(OutgoingMail.objects.exists())
        self.assertEqual(Meeting.objects.get(pk=self.meeting.pk).status, Meeting.Status.PLANNED)

    def test_the_confirmation_lists_what_is_missing(self):
        Meeting.objects.filter(pk=self.meeting.pk).update(location="", minute_taker=None)
        page = self.client.get(self.url).content.decode()
        self.assertIn("Før dagsordenen kan offentliggøres, mangler:", page)
        self.assertIn("Mødet mangler et mødested.", page)
        self.assertIn("Mødet mangler en referent.", page)

    def test_confirming_publishes_and_says_how_many_were_told(self):
        response = self.client.post(self.url, follow=True)
        self.assertContains(response, "Dagsordenen er offentliggjort.")
        self.assertContains(response, "2 medlemmer får besked på mail.")
        self.assertContains(response, "Uden e-mailadresse i registret, så de har ikke fået besked: Carl Carlsen.")
        self.assertEqual(Meeting.objects.get(pk=self.meeting.pk).status, Meeting.Status.AGENDA_PUBLISHED)
        self.assertEqual(sorted(OutgoingMail.objects.values_list("to_address", flat=True)),
                         ["anne@example.org", "bo@example.org"])

    def test_a_refused_publication_shows_the_confirmation_again_with_the_reasons(self):
        Meeting.objects.filter(pk=self.meeting.pk).update(location="")
        response = self.client.post(self.url)
        self.assertContains(response, "Mødet mangler et mødested.", status_code=400)
        self.assertContains(response, 'role="alert"', status_code=400)
        self.assertEqual(Meeting.objects.get(pk=self.meeting.pk).status, Meeting.Status.PLANNED)
        self.assertFalse(OutgoingMail.objects.exists())

    def test_a_published_agenda_cannot_be_published_again(self):
        self.client.post(self.url)
        page = self.client.get(self.url).content.decode()
        self.assertIn("Dagsordenen er allerede offentliggjort.", page)
        self.assertNotIn(">Offentliggør dagsordenen</button>", page)


class SignOffConfirmationTests(CommitteeWithMembers, ExportTestCase):
    def setUp(self):
        self.secretary = make_secretary()
        self.client.force_login(self.secretary)
        self.meeting = make_meeting(minute_taker=make_person(name="Lars Lund"), title="1. møde 2024",
                                    status=Meeting.Status.MINUTES_DRAFTED)
        self.item = make_item(self.meeting, title="Godkendelse af dagsordenen")
        make_decision(self.item, text="Dagsordenen blev godkendt.")
        self.make_people(self.meeting)
        self.url = reverse("workspace:sign-off", args=[self.meeting.pk])

    def post(self, **data):
        return self.client.post(self.url, {f"signoff-{name}": value for name, value in data.items()})

    def test_the_hub_links_to_the_confirmation(self):
        hub = self.client.get(reverse("workspace:meeting", args=[self.meeting.pk])).content.decode()
        self.assertIn(f'href="{self.url}"', hub)
        self.assertNotIn(f'action="{self.url}"', hub)

    def test_the_confirmation_asks_how_and_when_and_says_what_happens(self):
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        page = response.content.decode()
        for label in ("Formanden", "Medlemmerne ved skriftlig høring", "Udvalget på næste møde"):
            self.assertIn(f">{label}</label>", page)
        self.assertEqual(page.count('type="radio" name="signoff-method"'), 3)
        self.assertRegex(page, rf'<input type="date" name="signoff-approved_on" value="{today().isoformat()}"')
        self.assertIn(f'max="{today().isoformat()}"', page)
        self.assertIn('min="2024-04-04"', page)
        self.assertIn("Referatet låses.", page)
        self.assertIn("Referatet gemmes som PDF", page)
        self.assertIn("2 medlemmer får besked på mail:", page)
        self.assertIn("<li>Carl Carlsen</li>", page)
        self.assertIn(">Godkend og lås referatet</button>", page)
        self.assertEqual(Meeting.objects.get(pk=self.meeting.pk).status, Meeting.Status.MINUTES_DRAFTED)
        self.assertFalse(OutgoingMail.objects.exists())

    def test_it_stores_the_method_and_date_and_every_format_states_them(self):
        response = self.post(method="circulation", approved_on="2024-04-20")
        self.assertRedirects(response, reverse("workspace:meeting", args=[self.meeting.pk]),
                             fetch_redirect_response=False)
        meeting = Meeting.objects.get(pk=self.meeting.pk)
        self.assertEqual((meeting.status, meeting.sign_off_method, meeting.approved_on),
                         (Meeting.Status.SIGNED_OFF, "circulation", datetime.date(2024, 4, 20)))
        line = "Godkendt af medlemmerne ved skriftlig høring den 20. april 2024"
        self.assertContains(self.client.get(reverse("workspace:meeting", args=[meeting.pk])), line)
        self.assertContains(Client().get(meeting.get_absolute_url()), line)
        pdf = response_bytes(Client().get(reverse("exports:minutes-pdf", args=[meeting.pk])))
        self.assertIn(line, pdf_text(pdf))

    def test_a_post_without_a_date_means_today(self):
        response = self.post(method="chair")
        self.assertEqual(response.status_code, 302)
        meeting = Meeting.objects.get(pk=self.meeting.pk)
        self.assertEqual((meeting.sign_off_method, meeting.approved_on), ("chair", today()))
        self.assertContains(Client().get(meeting.get_absolute_url()),
                            f"Godkendt af formanden den {danish_date(today(), weekday=False)}")

    def test_a_date_after_today_is_refused_keeping_what_was_chosen(self):
        tomorrow = today() + datetime.timedelta(days=1)
        response = self.post(method="committee", approved_on=tomorrow.isoformat())
        self.assertContains(response, "Godkendelsesdatoen kan ikke ligge efter i dag.", status_code=400)
        self.assertRegex(response.content.decode(), r'value="committee"[^>]*checked')
        self.assertContains(response, f'value="{tomorrow.isoformat()}"', status_code=400)
        self.assertEqual(Meeting.objects.get(pk=self.meeting.pk).status, Meeting.Status.MINUTES_DRAFTED)
        self.assertFalse(OutgoingMail.objects.exists())

    def test_a_date_before_the_meeting_is_refused(self):
        response = self.post(method="chair", approved_on="2024-04-03")
        self.assertContains(response, "Godkendelsesdatoen kan ikke ligge før mødets dato, 4. april 2024.",
                            status_code=400)
        self.assertEqual(Meeting.objects.get(pk=self.meeting.pk).status, Meeting.Status.MINUTES_DRAFTED)

    def test_an_emptied_date_is_refused_not_guessed(self):
        response = self.post(method="chair", approved_on="")
        self.assertContains(response, "Angiv datoen, referatet blev godkendt.", status_code=400)
        response = self.post(method="chair", approved_on="31-02-2024")
        self.assertContains(response, "Skriv en gyldig dato.", status_code=400)
        self.assertEqual(Meeting.objects.get(pk=self.meeting.pk).status, Meeting.Status.MINUTES_DRAFTED)

    def test_no_method_is_refused_on_the_confirmation_page(self):
        response = self.post(approved_on="2024-04-20")
        self.assertContains(response, "Vælg hvordan referatet er godkendt.", status_code=400)
        self.assertContains(response, 'value="2024-04-20"', status_code=400)

    def test_missing_decisions_are_refused_on_the_confirmation_page_with_the_choice_kept(self):
        make_item(self.meeting, title="Eventuelt")
        response = self.post(method="circulation", approved_on="2024-04-20")
        self.assertContains(response, "Punkt 2 mangler en beslutning.", status_code=400)
        self.assertRegex(response.content.decode(), r'value="circulation"[^>]*checked')
        self.assertContains(response, 'value="2024-04-20"', status_code=400)
        self.assertEqual(Meeting.objects.get(pk=self.meeting.pk).status, Meeting.Status.MINUTES_DRAFTED)

    def test_the_service_refuses_an_impossible_date_from_any_door(self):
        for approved_on in (today() + datetime.timedelta(days=1), datetime.date(2024, 1, 1)):
            with self.assertRaises(services.Refused):
                services.minutes_sign_off(meeting=self.meeting, user=self.secretary, method="chair",
                                          approved_on=approved_on, store_pdf=False)
        self.assertEqual(Meeting.objects.get(pk=self.meeting.pk).status, Meeting.Status.MINUTES_DRAFTED)


class ImportedMinutesTests(TestCase):
    def test_imported_minutes_say_nothing_of_who_approved_them_or_when(self):
        # Issue 15: the sources of imported minutes do not say how or when they were
        # approved; the method the record must hold is not printed as if they did.
        meeting = make_meeting(title="1. møde 2024")
        make_decision(make_item(meeting))
        sign_off(meeting)  # locked on 10 April 2024 by no user here, approval date unknown
        page = Client().get(meeting.get_absolute_url()).content.decode()
        self.assertIn("Referat godkendt", page)  # the state, from the status badge
        self.assertNotIn("Godkendt af formanden", page)
        self.assertNotIn("10. april 2024", page)

    def test_minutes_a_user_signed_off_without_an_approval_date_state_the_method_and_no_date(self):
        meeting = make_meeting(title="1. møde 2024")
        make_decision(make_item(meeting))
        sign_off(meeting)
        Meeting.objects.filter(pk=meeting.pk).update(signed_off_by=make_secretary(meeting.committee))
        pagecache.bump()
        page = Client().get(meeting.get_absolute_url()).content.decode()
        self.assertIn("Godkendt af formanden", page)
        self.assertNotIn("Godkendt af formanden den", page)


class AmendedItemTests(CommitteeWithMembers, ExportTestCase):
    def setUp(self):
        self.secretary = make_secretary()
        self.meeting = make_meeting(minute_taker=make_person(name="Lars Lund"), title="1. møde 2024")
        self.item = make_item(self.meeting, title="Lægedækning", case_description="<p>Første udgave.</p>")
        self.make_people(self.meeting)
        services.meeting_publish(meeting=self.meeting, user=self.secretary)
        OutgoingMail.objects.all().delete()

    def edit(self, **changes):
        item = AgendaItem.objects.get(pk=self.item.pk)
        data = {"title": item.title, "kind": item.kind, "case_description": item.case_description,
                "recommendation_lead": item.recommendation_lead, "presenter": item.presenter,
                "is_closed": item.is_closed, "recommendations": item.recommendations, **changes}
        return services.agenda_item_update(item=item, user=self.secretary, data=data,
                                           expected_version=item.version)

    def told(self):
        return list(OutgoingMail.objects.values_list("kind", "to_address").order_by("to_address"))

    def test_a_changed_case_text_marks_the_item_and_tells_the_members(self):
        before = timezone.now()
        rows = self.item.history.count()
        item = self.edit(case_description="<p>Anden udgave.</p>")
        self.assertGreaterEqual(item.amended_at, before)
        self.assertEqual(self.item.history.count(), rows + 1)  # one save: the mark goes with the change
        self.assertEqual(self.told(), [("agenda_changed", "anne@example.org"), ("agenda_changed", "bo@example.org")])
        self.assertIn("Punkt 1 ændret: Lægedækning", OutgoingMail.objects.first().body_text)

    def test_each_field_readers_see_marks_the_item(self):
        for changes in ({"kind": "information"}, {"recommendation_lead": "Det indstilles, at udvalget:"},
                        {"recommendations": ["godkender planen"]}, {"presenter": make_person(name="Oda Olsen")},
                        {"is_closed": True}, {"title": "Lægedækning i Aalborg"}):
            with self.subTest(changes=changes):
                AgendaItem.objects.filter(pk=self.item.pk).update(amended_at=None)
                OutgoingMail.objects.all().delete()
                self.assertIsNotNone(self.edit(**changes).amended_at)
                self.assertEqual(len(self.told()), 2)

    def test_a_save_that_changes_nothing_readers_see_neither_marks_nor_tells(self):
        item = self.edit(case_description="<p>Første udgave.</p>")
        self.assertIsNone(item.amended_at)
        self.assertEqual(self.told(), [])

    def test_an_item_added_after_publication_is_marked(self):
        added = services.agenda_item_create(meeting=self.meeting, user=self.secretary, title="Vagtlægeordningen",
                                            kind=AgendaItem.Kind.INFORMATION)
        self.assertIsNotNone(added.amended_at)
        self.assertEqual(len(self.told()), 2)

    def test_before_publication_and_after_the_meeting_nothing_is_marked_or_told(self):
        planned = make_meeting(committee=self.meeting.committee, date=datetime.date(2024, 6, 6))
        item = make_item(planned)
        updated = services.agenda_item_update(item=item, user=self.secretary, data={"title": "Ny"},
                                              expected_version=item.version)
        self.assertIsNone(updated.amended_at)
        Meeting.objects.filter(pk=self.meeting.pk).update(status=Meeting.Status.MINUTES_DRAFTED)
        self.assertIsNone(self.edit(title="Rettet under mødet").amended_at)
        self.assertEqual(self.told(), [])

    def test_the_page_and_the_agenda_pdf_show_the_mark_in_danish_in_copenhagen_time(self):
        # 23.30 UTC on 2 March is already 3 March in Copenhagen.
        AgendaItem.objects.filter(pk=self.item.pk).update(
            amended_at=datetime.datetime(2025, 3, 2, 23, 30, tzinfo=datetime.timezone.utc))
        self.assertContains(Client().get(self.meeting.get_absolute_url()), "Ændret 3. marts 2025")
        pdf = response_bytes(Client().get(reverse("exports:agenda-pdf", args=[self.meeting.pk])))
        self.assertIn("1. Lægedækning Ændret 3. marts 2025", pdf_text(pdf))

    def test_the_public_sees_no_mark_on_a_closed_item_and_the_minutes_carry_none(self):
        closed = make_item(self.meeting, title="Konkret patientsag", is_closed=True,
                           amended_at=datetime.datetime(2025, 3, 3, 12, tzinfo=datetime.timezone.utc))
        self.assertNotContains(Client().get(self.meeting.get_absolute_url()), "Ændret 3. marts 2025")
        AgendaItem.objects.filter(pk=self.item.pk).update(amended_at=closed.amended_at)
        make_decision(self.item)
        make_decision(closed)
        sign_off(self.meeting)
        self.assertNotContains(Client().get(self.meeting.get_absolute_url()), "Ændret")
