"""What search reads: one row per searchable thing and version of its text.

A thing (an agenda item, an attachment of a whole meeting, an agreement, a goal of
the health agreement) can read differently to different audiences: the public does
not read the decision of unsigned minutes nor a closed attachment, a member does. So a
thing has one row per distinct version, and each row says which audiences read
exactly that version: `level` (the lowest, meetings.access.Audience) to `top_level`
(the highest). Usually one row covers all three. A reader is one audience per
committee, so a query keeps, per committee, the rows whose range holds that
audience (search/query.py), and a reader never meets two versions of one thing.

The term columns hold what search.danish.index_terms makes of the text, each term
once, separated and surrounded by single spaces (" hus sygedagpeng "), so that on
SQLite `LIKE '% term %'` is an exact term match. On PostgreSQL migration 0002 adds a
generated tsvector of the same terms (title A, decisions B, the rest C) with a GIN
index; it is not a model field (SQLite has no such column).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchEntry(models.Model):
    """One version of one searchable thing, as the audiences `level`..`top_level` may read it."""

    class Kind(models.TextChoices):
        ITEM = "item", _("Dagsordenspunkt")
        ATTACHMENT = "attachment", _("Bilag")
        AGREEMENT = "agreement", _("Samarbejdsaftale")
        GOAL = "goal", _("Målsætning")

    kind = models.CharField(max_length=16, choices=Kind.choices)
    object_id = models.BigIntegerField()
    # Null for agreements that follow no committee and for the health agreement's goals.
    committee = models.ForeignKey("meetings.Committee", null=True, on_delete=models.CASCADE, related_name="+")
    meeting = models.ForeignKey("meetings.Meeting", null=True, on_delete=models.CASCADE, related_name="+")
    date = models.DateField(null=True)
    year = models.PositiveSmallIntegerField(null=True)
    # Order within a meeting (items by number, then the meeting's own attachments).
    position = models.PositiveIntegerField(default=0)
    level = models.PositiveSmallIntegerField()
    top_level = models.PositiveSmallIntegerField()
    title = models.TextField()
    url = models.CharField(max_length=500)
    title_terms = models.TextField(default=" ")
    strong_terms = models.TextField(default=" ")
    body_terms = models.TextField(default=" ")
    # [[label key, plain text], …], title first: what snippets are made from.
    passages = models.JSONField(default=list)

    class Meta:
        verbose_name = _("søgepost")
        verbose_name_plural = _("søgeposter")
        indexes = [
            models.Index(fields=["level", "committee", "date"], name="searchentry_level_date"),
            models.Index(fields=["kind", "object_id"], name="searchentry_object"),
        ]
        constraints = [
            # A reader must never meet two versions of one thing (search/query.py relies on it).
            models.UniqueConstraint(fields=["kind", "object_id", "level"], name="searchentry_one_version_per_level"),
            models.CheckConstraint(condition=models.Q(level__lte=models.F("top_level"), top_level__lte=2),
                                   name="searchentry_level_range"),
        ]

    def __str__(self):
        return f"{self.kind} {self.object_id} ({self.level}-{self.top_level}): {self.title[:60]}"
