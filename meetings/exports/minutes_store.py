"""Signed-off minutes as stored PDFs: rendered once, then the same bytes for good.

A signed-off meeting has two files per version, the public edition (closed items
shown as "Lukket punkt") and the members' edition (in full). Version 1 is the minutes
as signed off; a correction stores the next version with its reason and leaves the
earlier ones in place. The worker stores them after the sign-off or correction
commits (meetings/tasks.py); a download that comes first stores them itself.
Downloads are served from storage, so every download, after any restart or upgrade
of WeasyPrint, gives the bytes whose SHA-256 the meeting page shows.
"""

import hashlib
import logging

from django.db import IntegrityError, transaction
from django.db.models import OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import access, stored_files
from ..models import Meeting, MinutesCorrection, MinutesPdf
from ..presentation import build_meeting_view
from ..selectors import meeting_for_display
from ..services import Refused, minutes_version
from .pdf import render_minutes_pdf

logger = logging.getLogger(__name__)

# The audience each stored edition is rendered for.
EDITIONS = {
    MinutesPdf.Audience.PUBLIC: access.Audience.PUBLIC,
    MinutesPdf.Audience.MEMBERS: access.Audience.MEMBER,
}
SIGN_OFF_REASON = "Referatet er godkendt"


class MinutesNotStored(Refused):
    """The PDFs could not be written (a full disk, a missing permission); nothing was stored."""

    def __init__(self, problems=None):
        super().__init__(problems or [_("Referatet kunne ikke gemmes som PDF, fordi serveren ikke kunne skrive "
                                        "filen. Intet er ændret. Prøv igen om lidt, og kontakt driften, hvis det "
                                        "sker igen.")])


def edition_for(audience) -> str:
    """The stored edition an audience gets: members and the secretariat get the full one."""
    return MinutesPdf.Audience.MEMBERS if access.closed_visible(audience) else MinutesPdf.Audience.PUBLIC


def store_signed_minutes(meeting, *, user=None, version=None) -> list[MinutesPdf]:
    """Render and store one version of the signed-off minutes of `meeting`, both editions; return the rows.

    `version` defaults to the version now in force (1, plus one per correction). It is
    idempotent: editions already stored for that version are returned untouched, so
    the worker (meetings/tasks.py) and a first download store each version once. A
    version other than the one in force can no longer be rendered (its records have
    changed); asking for one that is not stored raises ValueError. A corrected version
    states its correction's reason and time (MinutesCorrection), so every render of a
    version gives the same bytes.

    Locks the meeting row so that concurrent callers store once. Runs queries, renders
    PDFs and writes files; raises ValueError unless the meeting is signed off, and
    MinutesNotStored when a file cannot be written. Files are written whole, and
    removed again when this transaction, or the caller's around it, rolls back
    (meetings/stored_files.py). Links in the PDFs point to settings.SITE_URL, whoever
    asks: the bytes are kept for good.
    """
    try:
        with transaction.atomic():
            locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
            if not locked.is_signed_off:
                raise ValueError(f"Meeting {locked.pk} is not signed off.")
            in_force = minutes_version(locked)
            version = version or in_force
            have = {row.audience: row for row in _stored_rows(locked) if row.version == version}
            if len(have) == len(EDITIONS):
                return _in_order(have.values())
            if version != in_force:
                raise ValueError(f"Version {version} of meeting {locked.pk} is not stored and no longer in force.")
            correction = locked.corrections.get(version=version) if version > 1 else None
            reason = correction.reason if correction else ""
            loaded = meeting_for_display(locked.pk)
            now = timezone.now()
            for edition, audience in EDITIONS.items():
                if edition in have:
                    continue
                data = render_minutes_pdf(
                    build_meeting_view(loaded, audience), version=version, correction_reason=reason,
                    corrected_at=correction.created_at if correction else None,
                )
                row = MinutesPdf(
                    meeting=locked, version=version, audience=edition, sha256=hashlib.sha256(data).hexdigest(),
                    size=len(data), created_at=now, created_by=user if getattr(user, "pk", None) else None,
                    reason=reason,
                )
                try:
                    stored_files.save(row.file, file_name(locked, version, edition), data)
                except OSError as error:
                    logger.exception("Could not store the minutes PDFs of meeting %s.", locked.pk)
                    raise MinutesNotStored() from error
                row._change_reason = reason or SIGN_OFF_REASON
                row.save()
                have[edition] = row
            return _in_order(have.values())
    finally:
        # A failure rolled our rows back: remove their files now rather than at the
        # end of the request (management commands have none).
        stored_files.discard_rolled_back()


def ensure_signed_minutes(meeting) -> dict[str, MinutesPdf]:
    """The stored files of the version in force, each edition, storing them first if they are missing.

    Normally the worker has stored them (meetings/tasks.py); until it has, the first
    download does, and whichever comes second finds them stored. Runs one query when
    the files exist; otherwise stores them (see store_signed_minutes), which two
    concurrent first downloads, or a download and the worker, do only once.
    """
    latest = latest_minutes_pdfs(meeting)
    if len(latest) < len(EDITIONS) or any(row.version < row.in_force for row in latest.values()):
        try:
            store_signed_minutes(meeting)
        except IntegrityError:
            # Only without row locks (SQLite ignores select_for_update) can another
            # request store between our check and our insert; its rows stand.
            logger.info("Minutes of meeting %s were stored by a concurrent request.", meeting.pk)
        latest = latest_minutes_pdfs(meeting)
    return latest


def latest_minutes_pdfs(meeting) -> dict[str, MinutesPdf]:
    """{edition: the newest stored MinutesPdf}, each with `in_force`, the version now in force. Runs one query."""
    in_force = (MinutesCorrection.objects.filter(meeting_id=OuterRef("meeting_id")).order_by("-version")
                .values("version")[:1])
    latest = {}
    for row in (MinutesPdf.objects.filter(meeting_id=meeting.pk)
                .annotate(in_force=Coalesce(Subquery(in_force), Value(1))).order_by("version")):
        latest[row.audience] = row
    return latest


def file_name(meeting, version, edition) -> str:
    """'referat-klu-2023-11-30-v1-offentlig.pdf': the stored file's name (the download names itself)."""
    suffix = "offentlig" if edition == MinutesPdf.Audience.PUBLIC else "medlemmer"
    return f"referat-{meeting.committee.slug}-{meeting.date:%Y-%m-%d}-v{version}-{suffix}.pdf"


def _stored_rows(meeting):
    return list(MinutesPdf.objects.filter(meeting=meeting))


def _in_order(rows):
    order = list(EDITIONS)
    return sorted(rows, key=lambda row: (row.version, order.index(row.audience)))
