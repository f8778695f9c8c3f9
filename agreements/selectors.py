"""Reads for agreements: the register, an agreement's timeline, the health agreement."""

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch

from meetings import access
from meetings.models import AgendaItem, FollowUpAction

from .models import Agreement, HealthAgreement, Theme


def agreements_visible_to(user):
    agreements = Agreement.objects.all()
    if access.audience_for(user) < access.Audience.MEMBER:
        agreements = agreements.filter(is_public=True)
    return agreements


@dataclass
class TimelineEntry:
    date: datetime.date
    precision: str  # "day", "month" or "year": how much of the date the source gives
    kind: str  # "event", "item", "decision", "follow_up"
    text: str
    item: AgendaItem | None = None
    follow_up: FollowUpAction | None = None


def agreement_timeline(agreement, audience):
    """Every event, agenda item, decision and follow-up concerning the agreement, newest first.

    Items come from every meeting and committee; the access rules decide what each
    audience sees (closed items and unpublished agendas are left out for the public).
    Runs three queries.
    """
    entries = [TimelineEntry(e.date, e.precision, "event", e.text, item=e.agenda_item)
               for e in agreement.events.select_related("agenda_item__meeting__committee")]
    items = (AgendaItem.objects.filter(agreements=agreement).filter(access.items_filter(audience))
             .select_related("meeting__committee", "decision")
             .prefetch_related(Prefetch("decision__follow_ups", queryset=FollowUpAction.objects.order_by("due_date"))))
    for item in items:
        entries.append(TimelineEntry(item.meeting.date, "day", "item", item.title, item=item))
        decision = getattr(item, "decision", None)
        if decision is not None and access.minutes_visible(audience, item.meeting):
            for follow_up in decision.follow_ups.all():
                if follow_up.due_date:
                    entries.append(TimelineEntry(follow_up.due_date, "day", "follow_up", follow_up.what,
                                                 item=item, follow_up=follow_up))
    return sorted(entries, key=lambda e: (e.date, {"follow_up": 0, "event": 1, "item": 2}[e.kind]), reverse=True)


def health_agreement_for_display(pk, audience):
    """The health agreement with principles, themes (goals, agreements, visible items) and milestones."""
    agreements = Agreement.objects.order_by("title")
    if audience < access.Audience.MEMBER:
        agreements = agreements.filter(is_public=True)
    items = AgendaItem.objects.filter(access.items_filter(audience)).select_related("meeting__committee")
    return HealthAgreement.objects.prefetch_related(
        "principles", "milestones",
        Prefetch("themes", queryset=Theme.objects.order_by("position").prefetch_related(
            "goals", Prefetch("agreements", queryset=agreements),
            Prefetch("agenda_items", queryset=items.order_by("-meeting__date", "number", "sub_number")))),
    ).get(pk=pk)


def agreements_due_for_review(committee_id, by_date):
    """Agreements followed by a committee whose review date falls on or before `by_date`."""
    return list(Agreement.objects.filter(committee_id=committee_id, review_date__lte=by_date)
                .exclude(status=Agreement.Status.ENDED).order_by("review_date"))

