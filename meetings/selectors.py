"""Reads: everything a page, export or API needs, loaded in a fixed number of queries."""

import datetime

from django.db.models import Prefetch, Q
from django.db.models.functions import ExtractYear
from django.shortcuts import get_object_or_404

from .models import (
    AgendaItem,
    Attachment,
    Attendance,
    Committee,
    DecisionNote,
    FollowUpAction,
    Meeting,
    Membership,
    MinutesCorrection,
)


def meeting_for_display(pk):
    """One meeting with committee, people, items, decisions, notes and attachments.

    Runs a fixed number of queries whatever the number of items, people or files:
    meeting+committee+minute taker, attendances(+person, organisation, substitute),
    attendance items (skipped by Django when there are no attendances), agenda
    items(+decision, presenter, postponed links), decision notes, follow-ups
    (+responsible person), attachments(+item, for callers of access.attachment_visible
    that do not pass the item).
    """
    items = AgendaItem.objects.select_related(
        "decision", "decision__postponed_to", "decision__postponed_to__committee", "presenter",
        "postponed_from", "postponed_from__meeting", "postponed_from__meeting__committee",
        "previous_minutes", "previous_minutes__committee",
    ).prefetch_related(
        Prefetch("decision__notes", queryset=DecisionNote.objects.order_by("noted_on", "pk")),
        Prefetch("decision__follow_ups",
                 queryset=FollowUpAction.objects.select_related("responsible_person").order_by("due_date", "pk")),
    )
    return get_object_or_404(
        Meeting.objects.select_related("committee", "minute_taker").prefetch_related(
            Prefetch(
                "attendances",
                queryset=Attendance.objects.select_related("person", "organisation", "substitute_for")
                .prefetch_related("items")
                .order_by("position", "pk"),
            ),
            Prefetch("items", queryset=items),
            Prefetch("attachments", queryset=Attachment.objects.select_related("item").order_by("position", "pk")),
            Prefetch("corrections", queryset=MinutesCorrection.objects.order_by("version")),
        ),
        pk=pk,
    )


def upcoming_meetings(today, *, committee=None, per_committee=3):
    """{committee pk: [next meetings]} from `today` on, cancelled ones left out. One query."""
    meetings = (Meeting.objects.filter(date__gte=today).exclude(status=Meeting.Status.CANCELLED)
                .select_related("committee").order_by("date", "start_time", "pk"))
    if committee is not None:
        meetings = meetings.filter(committee=committee)
    upcoming = {}
    for meeting in meetings:
        rows = upcoming.setdefault(meeting.committee_id, [])
        if len(rows) < per_committee:
            rows.append(meeting)
    return upcoming


def latest_signed_off(limit=5, *, committee=None):
    """The most recently held meetings whose minutes are signed off. One query."""
    meetings = Meeting.objects.filter(status=Meeting.Status.SIGNED_OFF).select_related("committee")
    if committee is not None:
        meetings = meetings.filter(committee=committee)
    return list(meetings.order_by("-date", "-start_time")[:limit])


def meeting_years(committee=None):
    """The years that have meetings, newest first (for the archive and search filters). One query."""
    meetings = Meeting.objects.all()
    if committee is not None:
        meetings = meetings.filter(committee=committee)
    return list(meetings.annotate(year=ExtractYear("date")).order_by("-year")
                .values_list("year", flat=True).distinct())


def archive_meetings(*, committee=None, year=None):
    """The archive: meetings newest first, optionally of one committee and one year.

    A queryset, not a list: the archive pages it, so the database counts the meetings and
    reads only the page shown (two queries)."""
    meetings = Meeting.objects.select_related("committee").order_by("-date", "-start_time", "-pk")
    if committee is not None:
        meetings = meetings.filter(committee=committee)
    if year is not None:
        meetings = meetings.in_year(year)
    return meetings


def current_members_by_organisation(committee, on: datetime.date):
    """[(organisation, [Membership, …]), …] of the committee's members on a day. One query.

    The database applies the same rule as Membership.is_current.
    """
    memberships = (Membership.objects.filter(committee=committee)
                   .filter(Q(start__isnull=True) | Q(start__lte=on))
                   .filter(Q(end__isnull=True) | Q(end__gte=on))
                   .select_related("person", "organisation")
                   .order_by("position", "person__name"))
    groups = {}
    for membership in memberships:
        groups.setdefault(membership.organisation, []).append(membership)
    return list(groups.items())


def committees():
    """All committees by name. One query."""
    return list(Committee.objects.order_by("name"))
