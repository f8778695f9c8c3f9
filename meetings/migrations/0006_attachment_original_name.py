"""The name an attachment was uploaded with, for downloads ('Æøå møde.pdf'); the
stored file keeps an ASCII name of our own (meetings.uploads)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("meetings", "0005_stored_search_documents")]

    operations = [
        migrations.AddField(
            model_name="attachment",
            name="original_name",
            field=models.CharField(blank=True, max_length=255, verbose_name="oprindeligt filnavn"),
        ),
        migrations.AddField(
            model_name="historicalattachment",
            name="original_name",
            field=models.CharField(blank=True, max_length=255, verbose_name="oprindeligt filnavn"),
        ),
    ]
