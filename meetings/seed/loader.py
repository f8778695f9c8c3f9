"""Loads the demo data from the data modules beside this one, idempotently.

Every record is found by a natural key (organisation, person and party by name;
committee by slug; membership by committee and person; meeting by committee and
date; item by meeting and number; attendance by meeting and person; attachment by
meeting, item and title; follow-up by decision and text; agreement by title; …) and
written only when it differs from the seed (see common.upsert), so a second run
writes no row, no history and no file.
"""

import datetime
import re
import unicodedata

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from agreements.models import (
    Agreement, AgreementEvent, AgreementLink, Goal, HealthAgreement, Milestone, Party, Principle, Theme,
)
from meetings.access import ADMIN_GROUP
from meetings.locking import minutes_unlocked
from meetings.models import (
    COPENHAGEN, AgendaItem, Attachment, Attendance, Committee, Decision, DecisionNote, FollowUpAction, Meeting,
    Membership, Organisation, Person, attachment_upload_to,
)

from . import agreements as agreement_data
from . import attachments as attachment_data
from . import chefforum_2024, health_agreement, klu_2023, people
from .common import CHANGE_REASON, Stats, label_to_numbers, set_m2m, sha256_hex, store_file, upsert

DEMO_USERS = [
    # (username, password, person, what the log-in is, as `make run` prints it). Rights
    # come from the person's memberships in the sources (meetings.access), not from the log-in.
    ("sekretaer", "klu-sekretaer-demo", "Lars Lund", "KLU's sekretariat, referent"),
    ("medlem", "klu-medlem-demo", "Mette Bolvig Poulsen", "medlem af KLU, ikke af Chefforum"),
    ("chefforum", "klu-chefforum-demo", "Henrik Ravn", "medlem af Chefforum, ikke af KLU"),
]
# People get contact details only in demo mode, at a domain reserved for examples (RFC 2606).
DEMO_MAIL_DOMAIN = "example.org"


def demo_email(name):
    """'Christa Ellefsen Blåsvær' -> 'christa.blaasvaer@example.org': first and last name, ASCII."""
    words = name.lower().replace("æ", "ae").replace("ø", "oe").replace("å", "aa").split()
    ascii_words = [re.sub(r"[^a-z0-9]", "", unicodedata.normalize("NFKD", w).encode("ascii", "ignore").decode())
                   for w in (words[0], words[-1])]
    return f"{'.'.join(w for w in ascii_words if w)}@{DEMO_MAIL_DOMAIN}"


class Loader:
    def __init__(self):
        self.stats = Stats()
        self.organisations = {}
        self.people = {}
        self.committees = {}
        self.meetings = {}  # (slug, date) -> Meeting
        self.items = {}  # (slug, date, label) -> AgendaItem
        self.decisions = {}  # (slug, date, label) -> Decision
        self.themes = {}  # position -> Theme
        self.goals = {}  # (theme position, goal position) -> Goal
        self.demo_logins = []

    # -- people and bodies -------------------------------------------------------

    def load_organisations(self):
        for name, sector in people.ORGANISATIONS:
            self.organisations[name] = upsert(self.stats, Organisation, {"name": name}, {"sector": sector})

    def load_people(self):
        for name, (title, workplace, organisation) in people.PEOPLE.items():
            self.people[name] = upsert(self.stats, Person, {"name": name}, {
                "title": title, "workplace": workplace,
                "organisation": self.organisations[organisation] if organisation else None,
            })

    def load_committee(self, data, memberships):
        values = {k: v for k, v in data.items() if k != "slug"}
        committee = upsert(self.stats, Committee, {"slug": data["slug"]}, values)
        self.committees[data["slug"]] = committee
        for position, (person, organisation, side, role, role_label) in enumerate(memberships, start=1):
            upsert(self.stats, Membership, {"committee": committee, "person": self.people[person]}, {
                "organisation": self.organisations[organisation], "side": side, "role": role,
                "role_label": role_label, "position": position,
                # No start or end: the sources say who sat on the committee at a
                # meeting, not since when.
            })
        return committee

    # -- meetings ------------------------------------------------------------------

    def load_meeting(self, slug, data):
        committee = self.committees[slug]
        signed_off_at = data.get("signed_off_at")
        values = {
            "title": data.get("title", ""),
            "start_time": data.get("start_time"),
            "end_time": data.get("end_time"),
            "location": data.get("location", ""),
            "case_number": data.get("case_number", ""),
            "document_number": data.get("document_number", ""),
            "minute_taker": self.people[data["minute_taker"]] if data.get("minute_taker") else None,
            "status": data["status"],
            "signed_off_at": datetime.datetime(*signed_off_at, tzinfo=COPENHAGEN) if signed_off_at else None,
            "sign_off_method": data.get("sign_off_method", ""),
            "source_note": data.get("source_note", ""),
        }
        meeting = upsert(self.stats, Meeting, {"committee": committee, "date": data["date"]}, values)
        self.meetings[(slug, data["date"])] = meeting
        return meeting

    def load_items(self, slug, meeting, items):
        for data in items:
            number, sub_number = label_to_numbers(data["label"])
            item = upsert(self.stats, AgendaItem, {"meeting": meeting, "number": number, "sub_number": sub_number}, {
                "title": data["title"],
                "kind": data["kind"],
                "case_description": data.get("case_description", ""),
                "recommendation_lead": data.get("recommendation_lead", ""),
                "recommendations": list(data.get("recommendations", [])),
                "presenter": self.people[data["presenter"]] if data.get("presenter") else None,
                "is_closed": data.get("is_closed", False),
                "attachments_note": data.get("attachments_note", ""),
            }, rich={"case_description"})
            self.items[(slug, meeting.date, data["label"])] = item

    def load_decisions(self, slug, meeting, items):
        for data in items:
            item = self.items[(slug, meeting.date, data["label"])]
            spec = data.get("decision")
            if not spec:
                continue
            postponed_to = spec.get("postponed_to")
            decision = upsert(self.stats, Decision, {"item": item}, {
                "outcome": spec["outcome"],
                "text": spec["text"],
                "postponed_to": self.meetings[(slug, postponed_to)] if postponed_to else None,
            }, rich={"text"})
            self.decisions[(slug, meeting.date, data["label"])] = decision
            for note in spec.get("notes", []):
                upsert(self.stats, DecisionNote, {"decision": decision, "noted_on": note["noted_on"]},
                       {"text": note["text"]}, rich={"text"})
            for follow_up in spec.get("follow_ups", []):
                person = follow_up.get("responsible_person")
                upsert(self.stats, FollowUpAction, {"decision": decision, "what": follow_up["what"]}, {
                    "responsible": follow_up.get("responsible", ""),
                    "responsible_person": self.people[person] if person else None,
                    "due_date": follow_up.get("due_date"),
                    "due_label": follow_up.get("due_label", ""),
                    "status": follow_up.get("status", "open"),
                })

    def load_attendance(self, slug, meeting, attendance):
        for position, data in enumerate(attendance, start=1):
            organisation = data.get("organisation")
            substitute_for = data.get("substitute_for")
            row = upsert(self.stats, Attendance, {"meeting": meeting, "person": self.people[data["person"]]}, {
                "capacity": data["capacity"],
                "status": data["status"],
                "organisation": self.organisations[organisation] if organisation else None,
                "role_label": data.get("role_label", ""),
                "title": data.get("title", ""),
                "workplace": data.get("workplace", ""),
                "note": data.get("note", ""),
                "substitute_for": self.people[substitute_for] if substitute_for else None,
                "position": position,
            })
            set_m2m(row, "items", [self.items[(slug, meeting.date, label)] for label in data.get("items", [])])

    def load_attachments(self, slug, meeting, items):
        storage = Attachment._meta.get_field("file").storage
        position = 0
        for data in items:
            item = self.items[(slug, meeting.date, data["label"])]
            for spec in data.get("attachments", []):
                position += 1
                values = {"part": spec["part"], "is_closed": spec.get("is_closed", False), "position": position,
                          "closed_until": spec.get("closed_until"),
                          "closed_until_event": spec.get("closed_until_event", "")}
                # Without a source text the attachment is its title only; a file
                # uploaded to it later is left alone.
                document = spec.get("document")
                if document:
                    pdf = attachment_data.pdf_bytes(document)
                    probe = Attachment(meeting=meeting)
                    name = attachment_upload_to(probe, attachment_data.DOCUMENTS[document]["filename"])
                    values.update(file=store_file(self.stats, storage, name, pdf), sha256=sha256_hex(pdf),
                                  size=len(pdf), content_type="application/pdf")
                upsert(self.stats, Attachment, {"meeting": meeting, "item": item, "title": spec["title"]}, values)

    def load_full_meeting(self, slug, data):
        meeting = self.load_meeting(slug, data)
        self.load_items(slug, meeting, data.get("items", []))
        return meeting

    def finish_meeting(self, slug, data):
        """Decisions, attendance and attachments: after every meeting exists (postponements point ahead)."""
        meeting = self.meetings[(slug, data["date"])]
        self.load_decisions(slug, meeting, data.get("items", []))
        self.load_attendance(slug, meeting, data.get("attendance", []))
        self.load_attachments(slug, meeting, data.get("items", []))

    def load_meetings(self):
        klu_start, klu_end = klu_2023.MEETINGS_2024_TIMES
        full = [("klu", klu_2023.MEETING_2021_12_07), ("klu", klu_2023.MEETING_2023_11_30),
                ("chefforum", chefforum_2024.MEETING_2024_01_15)]
        for slug, data in full:
            self.load_full_meeting(slug, data)
        for data in klu_2023.MEETINGS_2024:
            self.load_meeting("klu", {**data, "start_time": klu_start, "end_time": klu_end, "status": "planned"})
        self.load_meeting("chefforum", chefforum_2024.MEETING_2024_04_25)
        for slug, data in full:
            self.finish_meeting(slug, data)

    # -- Sundhedsaftalen and agreements -----------------------------------------------

    def load_health_agreement(self):
        data = health_agreement.HEALTH_AGREEMENT
        agreement = upsert(self.stats, HealthAgreement, {"name": data["name"]},
                           {k: v for k, v in data.items() if k != "name"}, rich={"organisation"})
        for position, principle in enumerate(health_agreement.PRINCIPLES, start=1):
            upsert(self.stats, Principle, {"health_agreement": agreement, "position": position}, principle)
        for position, theme_data in enumerate(health_agreement.THEMES, start=1):
            theme = upsert(self.stats, Theme, {"health_agreement": agreement, "position": position}, {
                "title": theme_data["title"], "description": theme_data["description"],
            })
            self.themes[position] = theme
            for goal_position, text in enumerate(theme_data["goals"], start=1):
                self.goals[(position, goal_position)] = upsert(
                    self.stats, Goal, {"theme": theme, "position": goal_position}, {"text": text})
        milestone_positions = {}
        for milestone in health_agreement.MILESTONES:
            position = milestone_positions[milestone["year"]] = milestone_positions.get(milestone["year"], 0) + 1
            upsert(self.stats, Milestone, {"health_agreement": agreement, "year": milestone["year"],
                                           "position": position},
                   {k: v for k, v in milestone.items() if k != "year"})
        linked = {position: [] for position in self.themes}
        for slug, date, label, positions in health_agreement.THEME_LINKS:
            for position in positions:
                linked[position].append(self.items[(slug, date, label)])
        for position, theme in self.themes.items():
            set_m2m(theme, "agenda_items", linked[position])

    def load_agreements(self):
        parties = {
            name: upsert(self.stats, Party, {"name": name}, {"organisation": self.organisations[organisation]})
            for name, organisation in agreement_data.PARTIES.items()
        }
        for data in agreement_data.AGREEMENTS:
            agreement = upsert(self.stats, Agreement, {"title": data["title"]}, {
                "kind": data["kind"],
                "status": data["status"],
                "summary": data["summary"],
                "committee": self.committees[data["committee"]] if data["committee"] else None,
                "approved_by": self.decisions[data["approved_by"]] if data["approved_by"] else None,
                "approved_on": data["approved_on"],
                "entered_on": data["entered_on"],
                "review_date": data["review_date"],
                "review_label": data["review_label"],
            })
            set_m2m(agreement, "parties", [parties[name] for name in data["parties"]])
            set_m2m(agreement, "themes", [self.themes[p] for p in data["themes"]])
            set_m2m(agreement, "goals", [self.goals[key] for key in data["goals"]])
            set_m2m(agreement, "agenda_items", [self.items[key] for key in data["agenda_items"]])
            for position, link in enumerate(data["links"], start=1):
                upsert(self.stats, AgreementLink, {"agreement": agreement, "position": position},
                       {"title": link["title"], "url": link["url"]})
            for event in data["events"]:
                upsert(self.stats, AgreementEvent, {"agreement": agreement, "date": event["date"]}, {
                    "precision": event["precision"],
                    "text": event["text"],
                    "agenda_item": self.items[event["item"]] if event["item"] else None,
                })

    # -- groups and demo log-ins --------------------------------------------------------

    def load_groups_and_demo_users(self):
        # The one group that means something (meetings.access): administrators of the installation.
        Group.objects.get_or_create(name=ADMIN_GROUP)
        if not settings.DEMO:
            return
        User = get_user_model()
        for name, person in self.people.items():
            # Only fill in what is empty: an address the secretariat typed in stays.
            if not person.email:
                person.email = demo_email(name)
                person._change_reason = CHANGE_REASON
                person.save()
                self.stats.record(Person, "updated")
        for username, password, person_name, description in DEMO_USERS:
            user, created = User.objects.get_or_create(username=username)
            dirty = created
            # The secretariat works in the workspace, per committee; /admin would let it
            # change every committee's records, so no demo log-in is staff.
            if user.is_staff or not user.is_active or user.email != self.people[person_name].email:
                user.is_staff, user.is_active = False, True
                user.email = self.people[person_name].email
                dirty = True
            if not user.check_password(password):
                user.set_password(password)
                dirty = True
            if dirty:
                user.save()
            if user.user_permissions.exists():
                user.user_permissions.clear()
            if user.groups.exists():
                user.groups.clear()
            person = self.people[person_name]
            if person.user_id != user.pk:
                # Person.user is one-to-one: free the log-in from whoever held it before.
                for other in Person.objects.filter(user=user).exclude(pk=person.pk):
                    other.user = None
                    other._change_reason = CHANGE_REASON
                    other.save()
                person.user = user
                person._change_reason = CHANGE_REASON
                person.save()
                self.stats.record(Person, "updated")
            self.demo_logins.append((username, password, f"{person_name}, {description}"))

    # -- everything ------------------------------------------------------------------------

    def run(self):
        # The seeded minutes were signed off before they reached this system; loading
        # (or bringing them up to date) is data import, not a change to signed-off
        # minutes, so the minutes lock is lifted for the load (see meetings.locking).
        with transaction.atomic(), minutes_unlocked():
            self.load_organisations()
            self.load_people()
            self.load_committee(klu_2023.COMMITTEE, klu_2023.MEMBERSHIPS)
            self.load_committee(chefforum_2024.COMMITTEE, chefforum_2024.MEMBERSHIPS)
            self.load_meetings()
            self.load_health_agreement()
            self.load_agreements()
            self.load_groups_and_demo_users()
        return self


def load():
    """Load (or bring up to date) all demo data. Returns the Loader with its stats and demo log-ins."""
    return Loader().run()
