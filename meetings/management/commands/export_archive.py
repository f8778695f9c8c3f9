"""Hand a year's signed-off meetings over to the city archive (meetings/exports/archive.py).

    manage.py export_archive --year 2024 [--committee klu] [--output arkiv-2024] [--zip]
"""

import pathlib

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from meetings.exports.archive import ArchiveError, default_output, export_archive
from meetings.models import Committee
from meetings.stored_files import storage_errors


class Command(BaseCommand):
    @property
    def help(self):
        # A property, not a lazy string: argparse formats the description as a plain str.
        return _("Skriv et års godkendte referater (alle gemte versioner), bilag og metadata med SHA-256 til en "
                 "mappe eller en ZIP-fil, som stadsarkivet kan tage imod.")

    def add_arguments(self, parser):
        parser.add_argument("--year", required=True, help=gettext_lazy("Året, fx 2024."))
        parser.add_argument("--committee", metavar="SLUG",
                            help=gettext_lazy("Kun dette udvalg (udvalgets korte navn i adresser, fx klu)."))
        parser.add_argument("--output", metavar="STI",
                            help=gettext_lazy("Hvor arkivet skrives: en sti, der ikke findes, eller en tom mappe. "
                                              "Standard: arkiv-ÅR (eller arkiv-ÅR.zip)."))
        parser.add_argument("--zip", action="store_true", help=gettext_lazy("Skriv én ZIP-fil i stedet for en mappe."))

    def handle(self, *args, **options):
        year = options["year"]
        if not (str(year).isdigit() and 1900 <= int(year) <= 9999):
            raise CommandError(_("Året skal være et årstal som 2024, ikke “%(year)s”.") % {"year": year})
        year = int(year)
        slug = options["committee"]
        if slug and not Committee.objects.filter(slug=slug).exists():
            raise CommandError(_("Der er intet udvalg med det korte navn “%(slug)s”.") % {"slug": slug})
        output = pathlib.Path(options["output"]) if options["output"] else default_output(year, slug, options["zip"])
        try:
            result = export_archive(year, output=output, committee_slug=slug, as_zip=options["zip"],
                                    log=self.stdout.write if options["verbosity"] > 1 else None)
        except ArchiveError as error:
            raise CommandError(str(error)) from error
        except storage_errors() as error:
            # A stored file that cannot be read (the disk, the object store) or an output
            # that cannot be written: the archive was built aside and is gone again.
            raise CommandError(_("Arkivet kunne ikke skrives, fordi en fil ikke kunne læses eller skrives: "
                                 "%(error)s. Intet er skrevet.") % {"error": error}) from error
        meetings = f"{result.meetings} møde" if result.meetings == 1 else f"{result.meetings} møder"
        self.stdout.write(f"export_archive: {meetings}, {result.files} filer ({result.pdfa} referater som "
                          f"PDF/A-2b) skrevet til {result.path}.")
