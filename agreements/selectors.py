"""Reads for agreements: the register, an agreement's page and timeline, the health agreement.

Everything an agreement points at in the meetings app (the approving decision, the
items, events' items, attached documents) is filtered here through meetings.access,
so the templates show what they are given and decide nothing.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404

from meetings import access
from meetings.models import AgendaItem, Decision, FollowUpAction

from .models import Agreement, AgreementLink, HealthAgreement, Theme


def agreements_visible_to(user):
    return _agreements_for(access.viewer_for(user))


def _agreements_for(viewer):
    """Public agreements, and the others to members and the secretariat of the agreement's
    committee; one that follows no committee, to anyone who currently sits on one."""
    agreements = Agreement.objects.all()
    if viewer.is_admin:
        return agreements
    visible = Q(is_public=True)
    if viewer.can_see_closed:
        visible |= Q(committee_id__in=sorted(viewer.can_see_closed)) | Q(committee__isnull=True)
    return agreements.filter(visible)


@dataclass
class TimelineEntry:
    date: datetime.date
    precision: str  # "day", "month" or "year": how much of the date the source gives
    kind: str  # "event", "item", "decision", "follow_up"
    text: str
    item: AgendaItem | None = None
    follow_up: FollowUpAction | None = None
    # The decision on `item`, when this audience may read it.
    decision: Decision | None = None


@dataclass
class AgreementView:
    """What one audience sees of one agreement and of the records it points at."""

    agreement: Agreement
    # The approving decision, None when there is none or this audience may not read it.
    approval: Decision | None
    # Document links, those to an attachment this audience may not download left out.
    links: list = field(default_factory=list)
    timeline: list = field(default_factory=list)


def agreement_for_display(user, pk):
    """The agreement `user` may see, with what it points at filtered for them; Http404 otherwise.

    Runs a fixed number of queries: the agreement (+committee, approving decision, its
    item and meeting), parties, themes, goals(+theme), links(+attachment), and the
    three of agreement_timeline.
    """
    viewer = access.viewer_for(user)
    agreement = get_object_or_404(
        agreements_visible_to(user)
        .select_related("committee", "approved_by__item__meeting__committee")
        .prefetch_related("parties", "themes", "goals__theme"), pk=pk)
    approval = agreement.approved_by
    if approval is not None and not access.decision_visible(
            viewer.audience_for_committee(approval.item.meeting.committee_id), approval.item, approval.item.meeting):
        approval = None
    links = list(AgreementLink.objects.filter(agreement=agreement)
                 .filter(access.linked_attachments_filter(viewer, "attachment"))
                 .select_related("attachment").order_by("position", "pk"))
    return AgreementView(agreement=agreement, approval=approval, links=links,
                         timeline=agreement_timeline(agreement, viewer))


def agreement_timeline(agreement, viewer):
    """Every event, agenda item, decision and follow-up concerning the agreement, newest first.

    Items come from every meeting and committee; the access rules decide what each
    viewer sees: closed items, unpublished agendas and events pointing at them are
    left out for the public, decisions and follow-ups of unsigned minutes too.
    Runs three queries.
    """
    events = (agreement.events.filter(access.linked_items_filter(viewer, "agenda_item"))
              .select_related("agenda_item__meeting__committee"))
    entries = [TimelineEntry(e.date, e.precision, "event", e.text, item=e.agenda_item) for e in events]
    items = (AgendaItem.objects.filter(agreements=agreement).filter(access.items_filter(viewer))
             .select_related("meeting__committee", "decision")
             .prefetch_related(Prefetch("decision__follow_ups", queryset=FollowUpAction.objects.order_by("due_date"))))
    for item in items:
        decision = getattr(item, "decision", None)
        audience = viewer.audience_for_committee(item.meeting.committee_id)
        if decision is not None and not access.decision_visible(audience, item, item.meeting):
            decision = None
        entries.append(TimelineEntry(item.meeting.date, "day", "item", item.title, item=item, decision=decision))
        if decision is not None:
            for follow_up in decision.follow_ups.all():
                if follow_up.due_date:
                    entries.append(TimelineEntry(follow_up.due_date, "day", "follow_up", follow_up.what,
                                                 item=item, follow_up=follow_up))
    return sorted(entries, key=lambda e: (e.date, {"follow_up": 0, "event": 1, "item": 2}[e.kind]), reverse=True)


def health_agreement_for_display(pk, viewer):
    """The health agreement with principles, themes and milestones.

    Each theme carries `visible_agreements` and `visible_items`: its agreements and
    agenda items filtered for `viewer` (an access.Viewer). They are lists of their own (not the
    relations) so that a page can only show the filtered ones.
    """
    agreements = _agreements_for(viewer).order_by("title")
    items = AgendaItem.objects.filter(access.items_filter(viewer)).select_related("meeting__committee")
    return HealthAgreement.objects.prefetch_related(
        "principles", "milestones",
        Prefetch("themes", queryset=Theme.objects.order_by("position").prefetch_related(
            "goals", Prefetch("agreements", queryset=agreements, to_attr="visible_agreements"),
            Prefetch("agenda_items", queryset=items.order_by("-meeting__date", "number", "sub_number"),
                     to_attr="visible_items"))),
    ).get(pk=pk)


def agreements_due_for_review(committee_id, by_date):
    """Agreements followed by a committee whose review date falls on or before `by_date`."""
    return list(Agreement.objects.filter(committee_id=committee_id, review_date__lte=by_date)
                .exclude(status=Agreement.Status.ENDED).order_by("review_date"))

