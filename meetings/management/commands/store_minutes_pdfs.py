"""Render and store the PDFs of signed-off minutes that have none yet.

Minutes signed off in the workspace are stored at sign-off; this catches minutes
that reached the database another way (seed_klu, an import, a restore). Idempotent.
A meeting whose PDFs cannot be written (a full disk, an object store that does not
answer) is named and skipped; the others are stored, and the command then fails.
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from meetings.exports.minutes_store import MinutesNotStored, ensure_signed_minutes
from meetings.models import Meeting
from meetings.stored_files import storage_errors


class Command(BaseCommand):
    help = "Gem PDF af godkendte referater, der endnu ikke har en."

    def handle(self, *args, **options):
        stored, failed = 0, []
        for meeting in Meeting.objects.filter(status=Meeting.Status.SIGNED_OFF, minutes_pdfs__isnull=True) \
                .select_related("committee").distinct():
            try:
                ensure_signed_minutes(meeting)
            except (MinutesNotStored, *storage_errors()):
                failed.append(meeting)
                continue
            stored += 1
        self.stdout.write(f"store_minutes_pdfs: {stored} referater gemt som PDF.")
        if failed:
            names = ", ".join(f"{meeting.committee.name} {meeting.date.isoformat()}" for meeting in failed)
            raise CommandError(_("Referatet kunne ikke gemmes som PDF for %(meetings)s, fordi filen ikke kunne "
                                 "skrives. Kør kommandoen igen, når fillageret svarer.") % {"meetings": names})
