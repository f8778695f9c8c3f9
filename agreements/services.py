"""Writes for agreements: each change records who made it and why in the history."""

from django.db import transaction
from django.utils.translation import gettext as _

from meetings.services import NOT_YET_CREATED, ConcurrentEdit, Refused, check_expected_version

from .models import Agreement, AgreementEvent


@transaction.atomic
def agreement_change_status(*, agreement: Agreement, user, status: str, reason: str, on=None) -> Agreement:
    """Change an agreement's status; the reason goes into its history and its timeline."""
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    if status not in Agreement.Status.values:
        raise Refused([_("Ukendt status.")])
    if not reason or not reason.strip():
        raise Refused([_("Skriv en begrundelse for statusændringen.")])
    if status == agreement.status:
        raise Refused([_("Aftalen har allerede den status.")])
    old = agreement.get_status_display()
    agreement.status = status
    agreement._history_user = user
    agreement._change_reason = reason.strip()
    agreement.save()
    from django.utils import timezone

    AgreementEvent.objects.create(
        agreement=agreement, date=on or timezone.localdate(),
        text=_("Status ændret fra %(old)s til %(new)s: %(reason)s") % {
            "old": old, "new": agreement.get_status_display(), "reason": reason.strip()},
    )
    return agreement


@transaction.atomic
def agreement_save(*, agreement: Agreement, user, expected_version: int, reason: str = "",
                   m2m: dict | None = None) -> Agreement:
    """Create or edit an agreement (and its many-to-many links) with history.

    `expected_version` is the version the editor started from (0 for a new agreement);
    an edit made from an older version is refused with the stored one (ConcurrentEdit).
    """
    check_expected_version(expected_version)
    if agreement.pk is not None:
        current = Agreement.objects.select_for_update().get(pk=agreement.pk)
        if current.version != expected_version:
            raise ConcurrentEdit(current)
        agreement.version = current.version
    elif expected_version != NOT_YET_CREATED:
        raise Refused([_("Aftalen findes ikke længere.")])
    agreement._history_user = user
    agreement._change_reason = reason or (_("Aftale oprettet") if agreement.pk is None else _("Aftale redigeret"))
    agreement.save()
    for name, values in (m2m or {}).items():
        getattr(agreement, name).set(values)
    return agreement


@transaction.atomic
def agreement_link_item(*, agreement: Agreement, user, item) -> Agreement:
    """Record that an agenda item concerned this agreement (it then shows in the timeline)."""
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    agreement.agenda_items.add(item)
    agreement._history_user = user
    agreement._change_reason = _("Dagsordenspunkt %(label)s knyttet til aftalen") % {"label": item.label}
    agreement.save()
    return agreement
