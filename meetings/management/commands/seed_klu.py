"""`python manage.py seed_klu`: load the demo data from the source documents, idempotently."""

from django.core.management.base import BaseCommand

from meetings.seed import load


class Command(BaseCommand):
    help = ("Indlæser demodata fra kildedokumenterne (KLU 30.11.2023, mødeplan 2024, Chefforum 15.01.2024, "
            "Sundhedsaftalen 2024-2027 og samarbejdsaftalerne). Kan køres igen uden at ændre noget.")

    def handle(self, *args, **options):
        loader = load()
        self.stdout.write(f"seed_klu: {loader.stats.summary()}")
        if options["verbosity"] >= 2:
            for line in loader.stats.details():
                self.stdout.write(line)
        if not loader.stats.changed_anything:
            self.stdout.write("Alt var allerede indlæst; intet ændret.")
        if loader.demo_logins:
            self.stdout.write("Demo-logins:")
            for username, password, group in loader.demo_logins:
                self.stdout.write(f"  {username} / {password}  ({group})")
