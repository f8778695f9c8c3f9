"""Publishing and signing off, with the keyboard only, through their confirmation pages;
and two windows editing the same meeting's details without losing either's work."""

import datetime

import pytest
from django.utils import timezone

from meetings import services
from meetings.formatting import danish_date
from meetings.models import COPENHAGEN, Meeting, Person
from tests.browser.base import BrowserTestCase
from tests.factories import make_committee, make_item, make_meeting, make_membership, make_secretary


def today():
    return timezone.localdate(timezone=COPENHAGEN)


@pytest.mark.browser
class ConfirmationTests(BrowserTestCase):
    @classmethod
    def setUpClassData(cls):
        cls.committee = make_committee(slug="klu", name="Kommunalt Lægeligt Udvalg", short_name="KLU")
        cls.secretary = make_secretary(cls.committee, username="sekretaer")
        for name, address in (("Anne Ahlers", "anne@example.org"), ("Bo Bech", "bo@example.org"),
                              ("Carl Carlsen", "")):
            make_membership(cls.committee, Person.objects.create(name=name, email=address),
                            start=datetime.date(2020, 1, 1))
        cls.minute_taker = Person.objects.create(name="Lars Lund")
        # Held three weeks ago, so an approval date between then and today exists.
        cls.meeting = make_meeting(committee=cls.committee, title="1. møde", minute_taker=cls.minute_taker,
                                   date=today() - datetime.timedelta(days=21))
        make_item(cls.meeting, title="Godkendelse af dagsordenen")
        make_item(cls.meeting, title="Lægedækning i yderområderne")
        cls.details = make_meeting(committee=cls.committee, title="2. møde", minute_taker=cls.minute_taker,
                                   date=today() + datetime.timedelta(days=60))

    def hub(self, meeting):
        return f"/workspace/meetings/{meeting.pk}/"

    def tab_to(self, tag, text, limit=250):
        """Tab (forwards) to the element `tag` whose visible text is `text`."""
        return self.tab_until(lambda f: f["tag"] == tag and f["text"] == text, limit=limit)

    def type_date(self, field, value):
        """Type `value` into the focused date input, segment by segment, as a keyboard user does.

        The segments' order follows the browser's own locale (day–month–year in Danish,
        month–day–year in Chromium's default English), so type the Danish order and, if
        the field reads otherwise, go back to the first segment and type the other."""
        for order in ("%d%m%Y", "%m%d%Y"):
            self.page.keyboard.type(value.strftime(order))
            if field.input_value() == value.isoformat():
                return
            for _segment in range(2):
                self.page.keyboard.press("Shift+Tab")
        self.fail(f"the date field reads {field.input_value()!r}, not {value.isoformat()}")

    def test_publish_and_sign_off_with_the_keyboard_only(self):
        page = self.page
        self.log_in(self.secretary)
        self.visit(self.hub(self.meeting))

        # The hub's publish button leads to the confirmation page.
        self.tab_to("a", "Offentliggør dagsordenen")
        page.keyboard.press("Enter")
        page.get_by_role("heading", name="Offentliggør dagsordenen", level=1).wait_for()
        main = page.inner_text("main")
        for text in ("Dagsordenen bliver offentlig på mødesiden og i kalenderen.", "2 medlemmer får besked på mail:",
                     "Anne Ahlers", "Bo Bech", "Uden e-mailadresse i registret, så de får ikke besked:",
                     "Carl Carlsen"):
            self.assertIn(text, main)
        self.assertEqual(Meeting.objects.get(pk=self.meeting.pk).status, Meeting.Status.PLANNED)
        self.assert_no_axe_violations("the publish confirmation")
        self.tab_to("button", "Offentliggør dagsordenen")
        page.keyboard.press("Enter")
        page.get_by_text("Dagsordenen er offentliggjort.").wait_for()
        page.get_by_text("2 medlemmer får besked på mail.").wait_for()
        self.assertEqual(Meeting.objects.get(pk=self.meeting.pk).status, Meeting.Status.AGENDA_PUBLISHED)

        # The meeting is held: a decision on every item and the attendance, recorded by the services.
        for item in self.meeting.items.all():
            services.decision_record(item=item, user=self.secretary, outcome="approved", text="Godkendt.",
                                     expected_version=services.NOT_YET_CREATED)
        services.attendance_from_members(meeting=self.meeting, user=self.secretary)

        self.visit(self.hub(self.meeting))
        self.tab_to("a", "Godkend og lås referatet")
        page.keyboard.press("Enter")
        page.get_by_role("heading", name="Godkend og lås referatet", level=1).wait_for()
        self.assertIn("Referatet låses.", page.inner_text("main"))
        self.assert_no_axe_violations("the sign-off confirmation")

        # Into the radio group (nothing chosen yet: the first option), then the arrow key chooses the next.
        self.tab_until(lambda f: f["id"] == "id_signoff-method_0")
        page.keyboard.press("ArrowDown")
        self.assertTrue(page.get_by_label("Medlemmerne ved skriftlig høring").is_checked())
        self.assertFalse(page.get_by_label("Formanden").is_checked())
        # The date field holds today; type the approval date over it, day, month and year.
        approved = today() - datetime.timedelta(days=10)
        self.assertEqual(self.tab_until(lambda f: f["tag"] == "input")["id"], "id_signoff-approved_on")
        date_field = page.get_by_label("Godkendt den")
        self.assertEqual(date_field.input_value(), today().isoformat())
        self.type_date(date_field, approved)
        self.tab_to("button", "Godkend og lås referatet")
        page.keyboard.press("Enter")
        page.get_by_text("Referatet er godkendt og låst.").first.wait_for()

        meeting = Meeting.objects.get(pk=self.meeting.pk)
        self.assertEqual((meeting.status, meeting.sign_off_method, meeting.approved_on, meeting.signed_off_by),
                         (Meeting.Status.SIGNED_OFF, "circulation", approved, self.secretary))
        line = f"Godkendt af medlemmerne ved skriftlig høring den {danish_date(approved, weekday=False)}"
        self.assertIn(line, page.inner_text("main"))  # the hub
        self.context.clear_cookies()
        self.visit(meeting.get_absolute_url())
        self.assertIn(line, page.inner_text("main"))  # the public minutes

    def test_two_windows_edit_the_meeting_details(self):
        self.log_in(self.secretary)
        first, second = self.page, self.context.new_page()
        first.goto(self.url(self.hub(self.details)))
        second.goto(self.url(self.hub(self.details)))  # opened before the first window saves

        def save(page):
            with page.expect_response(lambda r: r.request.method == "POST") as answer:
                page.get_by_role("button", name="Gem mødets oplysninger").click()
            return answer.value.status

        def field(page, label):
            return page.locator("form").filter(has=page.get_by_role("button", name="Gem mødets oplysninger")) \
                .get_by_label(label)

        # Different fields: both changes are kept, and the second window hears about the first.
        field(first, "Mødested").fill("Saxogade 14")
        self.assertEqual(save(first), 302)
        first.get_by_text("Mødet er gemt.").wait_for()
        field(second, "Sluttidspunkt").fill("16:30")
        self.assertEqual(save(second), 302)
        second.get_by_text("Gemt. En anden havde imens ændret mødested; den ændring er bevaret.").wait_for()
        stored = Meeting.objects.get(pk=self.details.pk)
        self.assertEqual((stored.location, stored.end_time), ("Saxogade 14", datetime.time(16, 30)))
        self.assertEqual(field(second, "Mødested").input_value(), "Saxogade 14")

        # The same field: the first window (now behind) saves a new place, then the second another one.
        field(first, "Mødested").fill("Rådhuset")
        self.assertEqual(save(first), 302)
        first.get_by_text("Gemt. En anden havde imens ændret sluttidspunkt; den ændring er bevaret.").wait_for()
        field(second, "Mødested").fill("Hasserisvej 1")
        self.assertEqual(save(second), 409)
        second.get_by_text("Gemt af en anden: Rådhuset").wait_for()
        self.assertIn("I har begge ændret mødested", second.inner_text("main"))
        self.assertEqual(field(second, "Mødested").input_value(), "Hasserisvej 1")
        self.assertEqual(Meeting.objects.get(pk=self.details.pk).location, "Rådhuset")
        self.page = second
        self.assert_no_axe_violations("the meeting details after a clash")
        # Saving again from the refused form wins: it carries the version now stored.
        self.assertEqual(save(second), 302)
        second.get_by_text("Mødet er gemt.").wait_for()
        self.assertEqual(Meeting.objects.get(pk=self.details.pk).location, "Hasserisvej 1")
