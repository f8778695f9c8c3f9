"""Collaboration agreements and the regional health agreement they serve.

An Agreement (samarbejdsaftale, vejledning or pilot) is made between Parties, is
approved by a Decision at some meeting, and accumulates AgreementEvents over the
years. The HealthAgreement (Sundhedsaftalen 2024-2027) has Principles and Themes
(pejlemærker) with Goals and Milestones; agreements and agenda items refer to themes.
"""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from meetings.models import _raise_version
from meetings.richtext import sanitize


class HealthAgreement(models.Model):
    """A regional health agreement between the region, its municipalities and general practice."""

    name = models.CharField(_("navn"), max_length=200, unique=True)
    region = models.CharField(_("region"), max_length=200)
    valid_from = models.DateField(_("gælder fra"))
    valid_until = models.DateField(_("gælder til"), null=True, blank=True)
    vision = models.TextField(_("vision"))
    summary = models.TextField(_("baggrund"), blank=True)
    organisation = models.TextField(_("organisering"), blank=True,
                                    help_text=_("Formateret tekst (sikker HTML)."))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("sundhedsaftale")
        verbose_name_plural = _("sundhedsaftaler")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gt=models.F("valid_from")),
                name="health_agreement_period_valid",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("agreements:health-agreement", args=[self.pk])

    def save(self, *args, **kwargs):
        self.organisation = sanitize(self.organisation)
        super().save(*args, **kwargs)


class Principle(models.Model):
    """A guiding principle (bærende princip) of a health agreement."""

    health_agreement = models.ForeignKey(HealthAgreement, on_delete=models.CASCADE, related_name="principles")
    position = models.PositiveSmallIntegerField(_("rækkefølge"), default=0)
    title = models.CharField(_("titel"), max_length=200)
    description = models.TextField(_("beskrivelse"), blank=True)
    points = models.JSONField(_("hovedpunkter"), default=list, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["health_agreement", "position"]
        verbose_name = _("bærende princip")
        verbose_name_plural = _("bærende principper")

    def __str__(self):
        return self.title


class Theme(models.Model):
    """A pejlemærke: one of the health agreement's directions, with goals."""

    health_agreement = models.ForeignKey(HealthAgreement, on_delete=models.CASCADE, related_name="themes")
    position = models.PositiveSmallIntegerField(_("rækkefølge"), default=0)
    title = models.CharField(_("titel"), max_length=200)
    description = models.TextField(_("beskrivelse"), blank=True)
    agenda_items = models.ManyToManyField("meetings.AgendaItem", blank=True, related_name="themes",
                                          verbose_name=_("dagsordenspunkter"))
    history = HistoricalRecords(m2m_fields=[agenda_items])

    class Meta:
        ordering = ["health_agreement", "position"]
        verbose_name = _("pejlemærke")
        verbose_name_plural = _("pejlemærker")

    def __str__(self):
        return self.title


class Goal(models.Model):
    """A goal (målsætning) under a pejlemærke."""

    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="goals")
    position = models.PositiveSmallIntegerField(_("rækkefølge"), default=0)
    text = models.TextField(_("målsætning"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["theme", "position"]
        verbose_name = _("målsætning")
        verbose_name_plural = _("målsætninger")

    def __str__(self):
        return self.text[:80]


class Milestone(models.Model):
    """A follow-up milestone of the health agreement, 2024-2027."""

    health_agreement = models.ForeignKey(HealthAgreement, on_delete=models.CASCADE, related_name="milestones")
    year = models.PositiveSmallIntegerField(_("år"))
    date = models.DateField(_("dato"), null=True, blank=True)
    body = models.CharField(_("forum"), max_length=200, blank=True)
    when_label = models.CharField(_("tidspunkt som formuleret"), max_length=100, blank=True)
    text = models.TextField(_("indhold"))
    position = models.PositiveSmallIntegerField(_("rækkefølge"), default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["health_agreement", "year", "position"]
        verbose_name = _("milepæl")
        verbose_name_plural = _("milepæle")

    def __str__(self):
        return f"{self.year}: {self.text[:60]}"


class Party(models.Model):
    """A party to collaboration agreements: general practice, a municipal unit, a hospital ward."""

    name = models.CharField(_("navn"), max_length=200, unique=True)
    organisation = models.ForeignKey("meetings.Organisation", null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="agreement_parties", verbose_name=_("organisation"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("part")
        verbose_name_plural = _("parter")

    def __str__(self):
        return self.name


class Agreement(models.Model):
    """A collaboration agreement, guidance or pilot that the committee approved and follows up."""

    class Kind(models.TextChoices):
        AGREEMENT = "agreement", _("Samarbejdsaftale")
        GUIDANCE = "guidance", _("Vejledning")
        PILOT = "pilot", _("Pilotprojekt")
        PARTNERSHIP = "partnership", _("Partnerskab")

    class Status(models.TextChoices):
        IN_PREPARATION = "in_preparation", _("Under udarbejdelse")
        ACTIVE = "active", _("Gældende")
        UNDER_REVIEW = "under_review", _("Under evaluering")
        ENDED = "ended", _("Ophørt")

    title = models.CharField(_("titel"), max_length=300, unique=True)
    kind = models.CharField(_("type"), max_length=32, choices=Kind.choices)
    status = models.CharField(_("status"), max_length=32, choices=Status.choices, default=Status.ACTIVE)
    summary = models.TextField(_("resumé"), blank=True)
    parties = models.ManyToManyField(Party, related_name="agreements", verbose_name=_("parter"))
    committee = models.ForeignKey("meetings.Committee", null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="agreements", verbose_name=_("følges af udvalg"))
    approved_by = models.ForeignKey("meetings.Decision", null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="approved_agreements", verbose_name=_("godkendt ved beslutning"))
    approved_on = models.DateField(_("godkendt den"), null=True, blank=True)
    entered_on = models.DateField(_("indgået"), null=True, blank=True)
    review_date = models.DateField(_("næste opfølgning"), null=True, blank=True)
    review_label = models.CharField(_("opfølgning som formuleret"), max_length=100, blank=True)
    is_public = models.BooleanField(_("offentlig"), default=True)
    themes = models.ManyToManyField(Theme, blank=True, related_name="agreements", verbose_name=_("pejlemærker"))
    goals = models.ManyToManyField(Goal, blank=True, related_name="agreements", verbose_name=_("målsætninger"))
    agenda_items = models.ManyToManyField("meetings.AgendaItem", blank=True, related_name="agreements",
                                          verbose_name=_("dagsordenspunkter"))
    # Raised on every save; the edit form carries the version it started from, and a save
    # from an older version is refused instead of overwriting another secretary's edit.
    version = models.PositiveIntegerField(_("version"), default=1)
    history = HistoricalRecords(m2m_fields=[parties, themes, goals, agenda_items])

    class Meta:
        ordering = ["title"]
        verbose_name = _("samarbejdsaftale")
        verbose_name_plural = _("samarbejdsaftaler")

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        _raise_version(self, kwargs)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("agreements:detail", args=[self.pk])


class AgreementLink(models.Model):
    """A document or web page belonging to an agreement."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="links")
    title = models.CharField(_("titel"), max_length=300)
    url = models.URLField(_("adresse"), max_length=500, blank=True)
    attachment = models.ForeignKey("meetings.Attachment", null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("bilag"))
    position = models.PositiveSmallIntegerField(_("rækkefølge"), default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["agreement", "position"]
        verbose_name = _("dokument eller link")
        verbose_name_plural = _("dokumenter og links")

    def __str__(self):
        return self.title


class AgreementEvent(models.Model):
    """A dated step in an agreement's history: presented, approved, followed up, changed status."""

    class Precision(models.TextChoices):
        DAY = "day", _("Dag")
        MONTH = "month", _("Måned")
        YEAR = "year", _("År")

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="events")
    date = models.DateField(_("dato"))
    # The sources sometimes give only a month ("oktober 2020"); we keep that honest.
    precision = models.CharField(_("datopræcision"), max_length=8, choices=Precision.choices,
                                 default=Precision.DAY)
    text = models.TextField(_("hændelse"))
    agenda_item = models.ForeignKey("meetings.AgendaItem", null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="agreement_events", verbose_name=_("dagsordenspunkt"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["agreement", "-date"]
        verbose_name = _("hændelse")
        verbose_name_plural = _("hændelser")

    def __str__(self):
        return f"{self.date}: {self.text[:60]}"
