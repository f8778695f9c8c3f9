"""The workspace on a phone (375 px): only wide tables scroll, never the page; axe-core stays clean."""

import datetime

import pytest

from meetings.locking import minutes_unlocked
from meetings.models import Meeting, MinutesCorrection
from tests.browser.base import PHONE, BrowserTestCase
from tests.factories import (
    make_attachment,
    make_attendance,
    make_committee,
    make_decision,
    make_follow_up,
    make_item,
    make_meeting,
    make_person,
    make_secretary,
    sign_off,
)


@pytest.mark.browser
class WorkspacePhoneTests(BrowserTestCase):
    viewport = PHONE

    @classmethod
    def setUpClassData(cls):
        committee = make_committee(slug="klu", name="Kommunalt Lægeligt Udvalg", short_name="KLU")
        cls.secretary = make_secretary(committee)
        cls.meeting = make_meeting(committee=committee, date=datetime.date(2026, 12, 3),
                                   title="4. møde 2026", status=Meeting.Status.MINUTES_DRAFTED)
        cls.planned = make_meeting(committee=committee, date=datetime.date(2027, 2, 4), title="1. møde 2027")
        cls.item = make_item(cls.meeting, title="Samarbejdsaftale om forløbsprogrammer for kronisk sygdom",
                             recommendation_lead="Det indstilles, at udvalget:",
                             recommendations=["tager orienteringen til efterretning"])
        make_item(cls.meeting, title="Underpunkt med en lang titel om lægedækning", sub_number=1,
                  number=1)
        decision = make_decision(cls.item)
        cls.attachment = make_attachment(cls.meeting, item=cls.item, title="Notat om forløbsprogrammer for "
                                         "kronisk sygdom og lægedækning i yderområderne", is_closed=True,
                                         closed_until=datetime.date(2027, 1, 12))
        make_follow_up(decision, what="Send notat om lægedækningen til udvalget", responsible="Sekretariatet",
                       due_date=datetime.date(2027, 1, 15))
        for name, reason in [("Christine Houe-Andersen", "Ferie i udlandet hele ugen"),
                             ("Bente Graversen", ""), ("Lars Lund", "")]:
            make_attendance(cls.meeting, make_person(name=name), status="apologies" if reason else "present",
                            apology_reason=reason)
        cls.signed = make_meeting(committee=committee, date=datetime.date(2026, 6, 19))
        make_decision(make_item(cls.signed, title="Godkendelse af dagsordenen"))
        sign_off(cls.signed)
        with minutes_unlocked():
            MinutesCorrection.objects.create(
                meeting=cls.signed, version=2, reason="Stavefejl rettet",
                created_at=datetime.datetime(2026, 6, 25, 18, 1, tzinfo=datetime.timezone.utc))

    def pages(self):
        return {
            "dashboard": "/workspace/",
            "meeting hub": f"/workspace/meetings/{self.meeting.pk}/",
            "item": f"/workspace/items/{self.item.pk}/",
            "decision": f"/workspace/items/{self.item.pk}/decision/",
            "attendance": f"/workspace/meetings/{self.meeting.pk}/attendance/",
            "signed-off meeting hub": f"/workspace/meetings/{self.signed.pk}/",
            "correction": f"/workspace/meetings/{self.signed.pk}/correct/",
            "correction of a decision": f"/workspace/meetings/{self.signed.pk}/correct/?ret=decision:"
                                        f"{self.signed.items.get().pk}",
            "committee settings": "/workspace/committees/klu/",
            "publish confirmation": f"/meetings/{self.planned.pk}/publish/",
            "sign-off confirmation": f"/meetings/{self.meeting.pk}/sign-off/",
            "attachment": f"/workspace/meetings/{self.meeting.pk}/attachments/{self.attachment.pk}/",
            "attachment deletion": f"/workspace/meetings/{self.meeting.pk}/attachments/{self.attachment.pk}/delete/",
            "history": f"/workspace/meetings/{self.meeting.pk}/history/",
        }

    def test_no_workspace_page_scrolls_sideways_at_375_px(self):
        self.log_in(self.secretary)
        for name, path in self.pages().items():
            with self.subTest(name):
                self.visit(path)
                width = self.page.evaluate("document.documentElement.scrollWidth")
                self.assertLessEqual(width, 375, f"{name} is {width} px wide")

    def test_the_attendance_table_scrolls_inside_its_own_box(self):
        self.log_in(self.secretary)
        self.visit(self.pages()["attendance"])
        box = self.page.locator(".table-scroll").first
        self.assertEqual(box.evaluate("el => getComputedStyle(el).overflowX"), "auto")
        self.assertLessEqual(box.evaluate("el => el.getBoundingClientRect().right"), 375)

    def test_axe_core_finds_nothing_on_the_workspace_pages_at_375_px(self):
        self.log_in(self.secretary)
        for name, path in self.pages().items():
            with self.subTest(name):
                self.visit(path)
                self.assert_no_axe_violations(f"{name} at 375 px")
