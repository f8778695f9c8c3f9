"""Deactivate the accounts of people whose last membership has ended (run nightly).

Memberships end by the passing of their end date, with no one saving anything, so this
command closes what the date has already closed. Running it twice changes nothing more.
"""

from django.core.management.base import BaseCommand

from meetings.models import Person
from people.accounts import account_deactivate_if_former


class Command(BaseCommand):
    help = "Deaktivér konti for personer, hvis sidste medlemskab er udløbet."

    def handle(self, *args, **options):
        candidates = Person.objects.filter(user__isnull=False, user__is_active=True).order_by("name")
        count = 0
        for person in candidates:
            if account_deactivate_if_former(person=person, user=None):
                count += 1
                self.stdout.write(f"Deaktiveret: {person.name} ({person.user.get_username()})")
        self.stdout.write(f"{count} konto(er) deaktiveret.")
