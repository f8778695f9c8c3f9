"""Render and store the PDFs of signed-off minutes that have none yet.

Minutes signed off in the workspace are stored at sign-off; this catches minutes
that reached the database another way (seed_klu, an import, a restore). Idempotent.
"""

from django.core.management.base import BaseCommand

from meetings.exports.minutes_store import ensure_signed_minutes
from meetings.models import Meeting


class Command(BaseCommand):
    help = "Gem PDF af godkendte referater, der endnu ikke har en."

    def handle(self, *args, **options):
        stored = 0
        for meeting in Meeting.objects.filter(status=Meeting.Status.SIGNED_OFF, minutes_pdfs__isnull=True) \
                .select_related("committee").distinct():
            ensure_signed_minutes(meeting)
            stored += 1
        self.stdout.write(f"store_minutes_pdfs: {stored} referater gemt som PDF.")
