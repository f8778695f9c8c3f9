"""Signed-off minutes change only through a correction, whichever door a change comes through:
the workspace, the admin (add, change, delete, inline, bulk action), a fixture, a shell
script, a queryset, a many-to-many set. Each refusal leaves every record as it was and
answers with a message or a 4xx, never a 500."""

import datetime
import io
import json
import tempfile
from pathlib import Path

from django.core import serializers
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse

from meetings import services
from meetings.locking import MinutesLocked, minutes_unlocked
from meetings.models import (
    AgendaItem,
    Attachment,
    Attendance,
    Decision,
    DecisionNote,
    FollowUpAction,
    Meeting,
    Membership,
    Person,
)
from tests.exports.base import ExportTestCase
from tests.factories import (
    make_attachment,
    make_attendance,
    make_decision,
    make_follow_up,
    make_item,
    make_meeting,
    make_organisation,
    make_person,
    make_secretary,
)

LOCKED = "Referatet er godkendt og låst."
# The workspace words its refusals for the page they are on ("… og låst; punktet kan ikke redigeres").
LOCKED_WORD = "låst"
PDF = b"%PDF-1.7\n%test\n"


def minutes_state(meeting):
    """Everything the minutes of `meeting` show, as stored, to prove a refused change changed nothing."""
    pk = meeting.pk
    rows = lambda model, path: list(model.objects.filter(**{path: pk}).order_by("pk").values())  # noqa: E731
    return {
        "meeting": Meeting.objects.filter(pk=pk).values(*[name for name in Meeting.MINUTES_FIELDS]).get(),
        "items": rows(AgendaItem, "meeting"),
        "decisions": rows(Decision, "item__meeting"),
        "notes": rows(DecisionNote, "decision__item__meeting"),
        "follow-ups": rows(FollowUpAction, "decision__item__meeting"),
        "attendance": rows(Attendance, "meeting"),
        "guests at items": sorted(Attendance.items.through.objects.filter(attendance__meeting=pk)
                                  .values_list("attendance_id", "agendaitem_id")),
        "attachments": rows(Attachment, "meeting"),
    }


class SignedOffMinutes(ExportTestCase):
    """Minutes of 4 April 2024, signed off, with one of every record they show; a later meeting
    of 27 June 2024 (agenda published) takes up the follow-up and receives the postponed item."""

    @classmethod
    def setUpTestData(cls):
        cls.secretary = make_secretary(is_superuser=True)
        cls.meeting = make_meeting(status=Meeting.Status.SIGNED_OFF, minute_taker=make_person(name="Lars Lund"))
        cls.committee = cls.meeting.committee
        cls.later = make_meeting(committee=cls.committee, date=datetime.date(2024, 6, 27),
                                 status=Meeting.Status.AGENDA_PUBLISHED)
        cls.item = make_item(cls.meeting, title="Dialogmøder med almen praksis")
        cls.decision = make_decision(cls.item, outcome="decided", text="<p>Der holdes to dialogmøder.</p>")
        cls.postponed = make_item(cls.meeting, title="Tematikdrøftelse")
        make_decision(cls.postponed, outcome="postponed", text="<p>Udsat.</p>", postponed_to=cls.later)
        # An item without a decision, so that adding one meets the lock and not the one-to-one key.
        cls.undecided = make_item(cls.meeting, title="Eventuelt", kind=AgendaItem.Kind.OTHER_BUSINESS)
        with minutes_unlocked():
            cls.note = DecisionNote.objects.create(decision=cls.decision, noted_on=datetime.date(2024, 4, 8),
                                                   text="<p>Datoerne er aftalt.</p>")
        cls.responsible = make_person(name="Mette Holm")
        cls.follow_up = make_follow_up(cls.decision, what="Saml erfaringerne op", responsible_person=cls.responsible,
                                       due_date=datetime.date(2024, 6, 1))
        cls.guest = make_attendance(cls.meeting, make_person(name="TinaMaria Larsen"),
                                    capacity=Attendance.Capacity.GUEST, title="Centerchef")
        with minutes_unlocked():
            cls.guest.items.set([cls.item])
        cls.member = make_person(name="Anne Andersen")
        Membership.objects.create(committee=cls.committee, person=cls.member, organisation=make_organisation(),
                                  side=Membership.Side.MUNICIPALITY)

        cls.later_item = make_item(cls.later, title="Opfølgning på dialogmøderne", follows_up=cls.follow_up)

    def setUp(self):
        # Files are written in setUp: the media folder is the class's own, emptied afterwards.
        self.attachment = make_attachment(self.meeting, item=self.item, title="Notat om dialogmøder",
                                          part=Attachment.Part.MINUTES, file=SimpleUploadedFile("notat.pdf", PDF))
        self.before = minutes_state(self.meeting)
        self.client.force_login(self.secretary)

    def assertUnchanged(self, door=""):
        self.assertEqual(minutes_state(self.meeting), self.before, door)

    def management_data(self, url):
        """The management forms of an admin page's inline formsets, as the browser would post them."""
        data = {}
        for inline in self.client.get(url).context["inline_admin_formsets"]:
            management = inline.formset.management_form
            data.update({management.add_prefix(name): management[name].value() for name in management.fields})
        return data


class WorkspaceDoorTests(SignedOffMinutes):
    def doors(self):
        item, meeting = self.item.pk, self.meeting.pk
        return [
            # (url name, pk, data, the answer expected)
            ("workspace:meeting", meeting, {"meeting-date": "2024-04-05", "meeting-start_time": "15:00",
                                            "meeting-location": "Andetsteds", "meeting-version": self.meeting.version},
             400),
            ("workspace:item-new", meeting, {"new-title": "Sent punkt", "new-kind": "decision"}, 400),
            ("workspace:items-standard", meeting, {}, 400),
            ("workspace:reorder", meeting, {"order": f"{self.postponed.pk},{item},{self.undecided.pk}"}, 400),
            ("workspace:attachment-upload", meeting, {"attachment-title": "Sent bilag", "attachment-part": "minutes",
                                                      "attachment-file": SimpleUploadedFile("sent.pdf", PDF)}, 400),
            # The attendance page of signed-off minutes shows no form, so its 400 carries no message.
            ("workspace:attendance", meeting, {"person": self.member.pk, "capacity": "member",
                                               "status": "present"}, "400 without a message"),
            ("workspace:attendance", meeting, {"bulk": "1", f"status_{self.guest.pk}": "absent"}, 302),
            ("workspace:attendance-members", meeting, {}, 302),
            ("workspace:cancel", meeting, {"cancel-reason": "Fejl"}, 400),
            ("workspace:item", item, {"title": "Ny titel", "kind": "decision", "version": self.item.version}, 400),
            ("workspace:item-delete", item, {}, 400),
            ("workspace:decision", item, {"outcome": "approved", "text": "Ny tekst",
                                          "version": self.decision.version}, 400),
            ("workspace:follow-up-new", item, {"what": "Sent opfølgning"}, 302),
        ]

    def test_every_workspace_form_is_refused_and_changes_nothing(self):
        for name, pk, data, status in self.doors():
            with self.subTest(door=name, data=sorted(data)):
                response = self.client.post(reverse(name, args=[pk]), data, follow=status == 302)
                if status == 302:
                    self.assertEqual(response.redirect_chain[0][1], 302)
                    self.assertContains(response, LOCKED_WORD)
                elif status == "400 without a message":
                    self.assertEqual(response.status_code, 400)
                else:
                    self.assertContains(response, LOCKED_WORD, status_code=status)
                self.assertUnchanged(name)


class AdminDoorTests(SignedOffMinutes):
    def admin_url(self, model, view, *args):
        return reverse(f"admin:meetings_{model._meta.model_name}_{view}", args=args)

    def adds(self):
        """(model, what the add form posts); the first field is one the refused form must keep."""
        return [
            (AgendaItem, {"title": "Sent punkt", "meeting": self.meeting.pk, "number": "9", "sub_number": "0",
                          "kind": "discussion", "recommendations": "[]"}),
            (Decision, {"text": "Taget til efterretning.", "item": self.undecided.pk, "outcome": "noted"}),
            (DecisionNote, {"text": "Sen note.", "decision": self.decision.pk, "noted_on": "2024-05-01"}),
            (FollowUpAction, {"what": "Sen opfølgning", "decision": self.decision.pk, "status": "open"}),
            (Attendance, {"role_label": "Næstformand", "meeting": self.meeting.pk, "person": self.member.pk,
                          "capacity": "member", "status": "present", "position": "0"}),
            (Attachment, {"title": "Sent bilag", "meeting": self.meeting.pk, "part": "minutes", "position": "0",
                          "file": SimpleUploadedFile("sent.pdf", PDF)}),
        ]

    def test_adding_a_record_to_signed_off_minutes_is_refused_with_a_message_and_keeps_the_input(self):
        for model, data in self.adds():
            with self.subTest(model=model.__name__):
                url = self.admin_url(model, "add")
                count = model.objects.count()
                response = self.client.post(url, {**self.management_data(url), **data})
                self.assertContains(response, LOCKED)
                kept, value = next(iter(data.items()))
                self.assertEqual(response.context["adminform"].form[kept].value(), value)
                self.assertEqual(model.objects.count(), count)
                self.assertUnchanged(model.__name__)

    def test_an_item_added_with_its_decision_inline_is_refused_whole(self):
        url = self.admin_url(AgendaItem, "add")
        data = {**self.management_data(url), "meeting": self.meeting.pk, "number": "9", "sub_number": "0",
                "title": "Sent punkt", "kind": "discussion", "recommendations": "[]",
                "decision-TOTAL_FORMS": "1", "decision-0-outcome": "noted", "decision-0-text": "Sen beslutning."}
        response = self.client.post(url, data)
        self.assertContains(response, LOCKED)
        self.assertFalse(Decision.objects.filter(text="Sen beslutning.").exists())
        self.assertUnchanged()

    def test_a_signed_off_meeting_refuses_inline_rows_and_changes(self):
        url = self.admin_url(Meeting, "change", self.meeting.pk)
        self.assertNotContains(self.client.get(url), 'name="_save"')
        data = {**self.management_data(url), "location": "Andetsteds", "attendances-TOTAL_FORMS": "1",
                "attendances-0-person": self.member.pk, "attendances-0-capacity": "member",
                "attendances-0-status": "present", "attendances-0-position": "0"}
        self.assertEqual(self.client.post(url, data).status_code, 403)
        self.assertUnchanged()

    def test_changing_or_deleting_a_record_of_signed_off_minutes_is_not_offered(self):
        records = [(AgendaItem, self.item), (Decision, self.decision), (DecisionNote, self.note),
                   (Attendance, self.guest), (Attachment, self.attachment), (Meeting, self.meeting)]
        for model, obj in records:
            with self.subTest(model=model.__name__):
                url = self.admin_url(model, "change", obj.pk)
                self.assertNotContains(self.client.get(url), 'name="_save"')
                self.assertEqual(self.client.post(url, {"title": "Ny", "text": "Ny", "location": "Ny"}).status_code,
                                 403)
                delete = self.client.post(self.admin_url(model, "delete", obj.pk), {"post": "yes"})
                self.assertEqual(delete.status_code, 403)
        delete = self.client.post(self.admin_url(FollowUpAction, "delete", self.follow_up.pk), {"post": "yes"})
        self.assertEqual(delete.status_code, 403)
        self.assertUnchanged()

    def test_the_bulk_delete_action_is_refused_with_a_message(self):
        records = [(AgendaItem, self.item), (Decision, self.decision), (DecisionNote, self.note),
                   (FollowUpAction, self.follow_up), (Attendance, self.guest), (Attachment, self.attachment),
                   (Meeting, self.meeting)]
        for model, obj in records:
            with self.subTest(model=model.__name__):
                response = self.client.post(self.admin_url(model, "changelist"), {
                    "action": "delete_selected", "_selected_action": [obj.pk], "post": "yes"}, follow=True)
                self.assertEqual(response.redirect_chain[0][1], 302)
                self.assertContains(response, LOCKED)
                self.assertTrue(model.objects.filter(pk=obj.pk).exists())
        self.assertUnchanged()

    def test_deleting_what_signed_off_minutes_refer_to_is_refused_with_a_message(self):
        # The meeting an item was postponed to, and a follow-up's responsible person: deleting
        # either would blank a field of the signed-off minutes (their keys are SET_NULL).
        for model, obj in ((Meeting, self.later), (Person, self.responsible)):
            with self.subTest(model=model.__name__):
                response = self.client.post(reverse(f"admin:meetings_{model._meta.model_name}_delete", args=[obj.pk]),
                                            {"post": "yes"}, follow=True)
                self.assertContains(response, "Et godkendt referat henviser hertil")
                self.assertTrue(model.objects.filter(pk=obj.pk).exists())
                response = self.client.post(reverse(f"admin:meetings_{model._meta.model_name}_changelist"), {
                    "action": "delete_selected", "_selected_action": [obj.pk], "post": "yes"}, follow=True)
                self.assertContains(response, "Et godkendt referat henviser hertil")
                self.assertTrue(model.objects.filter(pk=obj.pk).exists())
        self.assertUnchanged()

    def test_a_guest_cannot_be_tied_to_an_item_of_signed_off_minutes(self):
        url = self.admin_url(Attendance, "add")
        response = self.client.post(url, {"meeting": self.later.pk, "person": self.member.pk, "capacity": "guest",
                                          "status": "present", "position": "0", "items": [self.item.pk]})
        self.assertContains(response, LOCKED)
        self.assertFalse(Attendance.objects.filter(person=self.member).exists())
        self.assertUnchanged()

    def test_a_follow_up_of_signed_off_minutes_can_still_be_settled_but_not_rewritten(self):
        settled_by = make_decision(self.later_item, outcome="decided", text="<p>Erfaringerne er samlet.</p>")
        url = self.admin_url(FollowUpAction, "change", self.follow_up.pk)
        response = self.client.post(url, {"status": "done", "closed_by_decision": settled_by.pk,
                                          "what": "Omskrevet opfølgning", "due_date": "2030-01-01"})
        self.assertEqual(response.status_code, 302)
        self.follow_up.refresh_from_db()
        self.assertEqual((self.follow_up.status, self.follow_up.closed_by_decision), ("done", settled_by))
        self.assertEqual((self.follow_up.what, self.follow_up.due_date),
                         ("Saml erfaringerne op", datetime.date(2024, 6, 1)))
        self.assertEqual(self.follow_up.history.latest().history_user, self.secretary)


class ScriptAndFixtureDoorTests(SignedOffMinutes):
    def load(self, objects):
        """`manage.py loaddata` of these objects, serialised after the changes made to them."""
        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
            handle.write(serializers.serialize("json", objects))
        try:
            with transaction.atomic():
                call_command("loaddata", handle.name, verbosity=0)
        finally:
            Path(handle.name).unlink()

    def test_loaddata_of_changed_records_is_refused(self):
        decision = Decision.objects.get(pk=self.decision.pk)
        decision.text = "<p>Der holdes ingen dialogmøder.</p>"
        meeting = Meeting.objects.get(pk=self.meeting.pk)
        meeting.location = "Et andet sted"
        follow_up = FollowUpAction.objects.get(pk=self.follow_up.pk)
        follow_up.what = "Noget helt andet"
        note = DecisionNote(decision=self.decision, text="<p>Indsmuglet note.</p>")
        for obj in (decision, meeting, follow_up, note):
            with self.subTest(model=type(obj).__name__), self.assertRaises(MinutesLocked):
                self.load([obj])
        self.decision.refresh_from_db()
        self.assertEqual(self.decision.text, "<p>Der holdes to dialogmøder.</p>")
        self.assertUnchanged()

    def test_loaddata_of_a_guest_without_their_items_is_refused(self):
        data = json.loads(serializers.serialize("json", [self.guest]))
        data[0]["fields"]["items"] = []
        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
            json.dump(data, handle)
        try:
            with self.assertRaises(MinutesLocked), transaction.atomic():
                call_command("loaddata", handle.name, verbosity=0)
        finally:
            Path(handle.name).unlink()
        self.assertUnchanged()

    def test_loaddata_may_bring_a_follow_ups_status_up_to_date(self):
        follow_up = FollowUpAction.objects.get(pk=self.follow_up.pk)
        follow_up.status = FollowUpAction.Status.DROPPED
        self.load([follow_up])
        self.follow_up.refresh_from_db()
        self.assertEqual(self.follow_up.status, FollowUpAction.Status.DROPPED)

    def shell(self, command):
        with transaction.atomic():
            call_command("shell", command=command, stdout=io.StringIO())

    def test_a_shell_script_can_neither_save_nor_delete(self):
        scripts = [
            f"from meetings.models import Decision; d = Decision.objects.get(pk={self.decision.pk}); "
            f"d.text = 'Ændret'; d.save()",
            f"from meetings.models import FollowUpAction as F; f = F.objects.get(pk={self.follow_up.pk}); "
            f"f.what = 'Ændret'; f.save()",
            f"from meetings.models import FollowUpAction as F; F.objects.create(decision_id={self.decision.pk}, "
            f"what='Ny')",
            f"from meetings.models import Decision; Decision.objects.filter(pk={self.decision.pk}).delete()",
            f"from meetings.models import FollowUpAction as F; F.objects.filter(pk={self.follow_up.pk}).delete()",
            f"from meetings.models import DecisionNote as N; N.objects.filter(pk={self.note.pk}).delete()",
            f"from meetings.models import Attachment as A; A.objects.filter(pk={self.attachment.pk}).delete()",
            f"from meetings.models import Meeting; Meeting.objects.filter(pk={self.meeting.pk}).delete()",
            f"from meetings.models import Person; Person.objects.filter(pk={self.responsible.pk}).delete()",
            f"from meetings.models import Attendance as A; a = A.objects.get(pk={self.guest.pk}); "
            f"a.meeting_id = {self.later.pk}; a.save()",
        ]
        for script in scripts:
            with self.subTest(script=script), self.assertRaises(MinutesLocked):
                self.shell(script)
        self.assertUnchanged()
        self.assertTrue(Person.objects.filter(pk=self.responsible.pk).exists())

    def test_a_shell_script_cannot_change_which_items_a_guest_attended(self):
        guest = Attendance.objects.get(pk=self.guest.pk)
        changes = [lambda: guest.items.add(self.postponed), lambda: guest.items.remove(self.item),
                   lambda: guest.items.clear(), lambda: guest.items.set([self.postponed]),
                   lambda: self.undecided.guest_attendances.add(guest), lambda: self.item.guest_attendances.clear()]
        for number, change in enumerate(changes):
            with self.subTest(change=number), self.assertRaises(MinutesLocked), transaction.atomic():
                change()
        # Nor tie a guest of another meeting to an item of these minutes.
        other = make_attendance(self.later, capacity=Attendance.Capacity.GUEST)
        with self.assertRaises(MinutesLocked), transaction.atomic():
            other.items.add(self.item)
        self.assertUnchanged()


class TrackingAndCorrectionTests(SignedOffMinutes):
    def test_a_later_decision_settles_a_follow_up_of_signed_off_minutes(self):
        decision = services.decision_record(item=self.later_item, user=self.secretary, outcome="decided",
                                            text="<p>Erfaringerne er samlet.</p>", expected_version=0)
        self.follow_up.refresh_from_db()
        self.assertEqual((self.follow_up.status, self.follow_up.closed_by_decision), ("done", decision))
        self.assertEqual(self.follow_up.history.latest().history_user, self.secretary)
        # Nothing the minutes show moved: only the follow-up's tracking fields.
        tracking = {"status", "closed_by_decision_id"}
        state = minutes_state(self.meeting)
        for name in ("follow-ups",):
            state[name] = [{k: v for k, v in row.items() if k not in tracking} for row in state[name]]
            self.before[name] = [{k: v for k, v in row.items() if k not in tracking} for row in self.before[name]]
        self.assertEqual(state, self.before)

    def test_a_follow_ups_content_stays_locked(self):
        self.follow_up.refresh_from_db()
        self.follow_up.what = "Omskrevet"
        with self.assertRaises(MinutesLocked):
            self.follow_up.save()
        self.follow_up.status = FollowUpAction.Status.DONE
        self.follow_up.what = "Saml erfaringerne op"
        self.follow_up.save()
        self.assertEqual(FollowUpAction.objects.get(pk=self.follow_up.pk).status, "done")

    def test_a_correction_can_still_change_every_locked_record(self):
        def apply():
            meeting = Meeting.objects.get(pk=self.meeting.pk)
            meeting.location = "Danmarksgade 17, mødelokale 2"
            meeting.save()
            item = AgendaItem.objects.get(pk=self.item.pk)
            item.title = "Dialogmøder med almen praksis 2024"
            item.save()
            decision = Decision.objects.get(pk=self.decision.pk)
            decision.text = "<p>Der holdes tre dialogmøder.</p>"
            decision.save()
            FollowUpAction.objects.filter(pk=self.follow_up.pk).get().delete()
            DecisionNote.objects.create(decision=decision, text="<p>Rettet note.</p>")
            guest = Attendance.objects.get(pk=self.guest.pk)
            guest.items.set([self.postponed])
            Attachment.objects.filter(pk=self.attachment.pk).delete()

        services.minutes_correct(meeting=self.meeting, user=self.secretary, reason="Forkert antal møder.",
                                 apply=apply, expected_version=services.minutes_version(self.meeting))
        self.meeting.refresh_from_db()
        self.decision.refresh_from_db()
        self.assertEqual(self.meeting.location, "Danmarksgade 17, mødelokale 2")
        self.assertEqual(self.decision.text, "<p>Der holdes tre dialogmøder.</p>")
        self.assertFalse(FollowUpAction.objects.filter(pk=self.follow_up.pk).exists())
        self.assertEqual(list(self.guest.items.all()), [self.postponed])
        self.assertFalse(Attachment.objects.filter(pk=self.attachment.pk).exists())
        # The correction opened these minutes only: the next change is refused again.
        self.decision.text = "Efter rettelsen"
        with self.assertRaises(MinutesLocked):
            self.decision.save()

    def test_data_import_may_load_signed_off_minutes(self):
        with minutes_unlocked():
            decision = Decision.objects.get(pk=self.decision.pk)
            decision.text = "<p>Som i kildedokumentet.</p>"
            decision.save()
            make_follow_up(decision, what="Fra kildedokumentet")
        self.decision.refresh_from_db()
        self.assertEqual(self.decision.text, "<p>Som i kildedokumentet.</p>")

    def test_an_admin_user_is_recorded_as_the_author_of_an_admin_change(self):
        item = make_item(self.later, title="Før")
        url = reverse("admin:meetings_agendaitem_change", args=[item.pk])
        response = self.client.post(url, {**self.management_data(url), "meeting": self.later.pk, "number": item.number,
                                          "sub_number": "0", "title": "Efter", "kind": "discussion",
                                          "recommendations": "[]"})
        self.assertEqual(response.status_code, 302)
        item.refresh_from_db()
        self.assertEqual(item.title, "Efter")
        self.assertEqual(item.history.latest().history_user, self.secretary)
