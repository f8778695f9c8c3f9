"""Reads: everything a page, export or API needs, loaded in a fixed number of queries."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404

from .models import AgendaItem, Attachment, Attendance, DecisionNote, FollowUpAction, Meeting


def meeting_for_display(pk):
    """One meeting with committee, people, items, decisions, notes and attachments.

    Runs a fixed number of queries whatever the number of items, people or files:
    meeting+committee+minute taker, attendances(+person, organisation, substitute),
    attendance items, agenda items(+decision, presenter, postponed links), decision
    notes, follow-ups, attachments.
    """
    items = AgendaItem.objects.select_related(
        "decision", "decision__postponed_to", "decision__postponed_to__committee", "presenter",
        "postponed_from", "postponed_from__meeting", "previous_minutes",
    ).prefetch_related(
        Prefetch("decision__notes", queryset=DecisionNote.objects.order_by("noted_on", "pk")),
        Prefetch("decision__follow_ups", queryset=FollowUpAction.objects.order_by("due_date", "pk")),
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
            Prefetch("attachments", queryset=Attachment.objects.order_by("position", "pk")),
        ),
        pk=pk,
    )
