"""The records that make up a committee's agendas and minutes.

A Meeting belongs to a Committee and holds numbered AgendaItems; each item may have
one Decision (with dated DecisionNotes added after the meeting), Attachments and
FollowUpActions. Attendance records who took part, as what and in which capacity,
with their title snapshotted so that signed-off minutes keep showing the people as
they were. Every record here keeps its history (django-simple-history).
"""

import datetime
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .locking import MinutesContentMixin, refuse_deletion
from .richtext import sanitize

COPENHAGEN = zoneinfo.ZoneInfo("Europe/Copenhagen")


def _raise_version(instance, save_kwargs):
    """Raise a stored record's version before saving (see Meeting.version for why)."""
    if instance.pk is not None:
        instance.version += 1
        if save_kwargs.get("update_fields") is not None:
            save_kwargs["update_fields"] = {*save_kwargs["update_fields"], "version"}


class Organisation(models.Model):
    """A body that people come from and represent: PLO-K Aalborg, Aalborg Kommune, a hospital."""

    class Sector(models.TextChoices):
        GENERAL_PRACTICE = "general_practice", _("Almen praksis")
        MUNICIPALITY = "municipality", _("Kommune")
        REGION = "region", _("Region og hospital")
        UNIVERSITY = "university", _("Universitet")
        PATIENTS = "patients", _("Patientrepræsentanter")
        OTHER = "other", _("Andet")

    name = models.CharField(_("navn"), max_length=200, unique=True)
    sector = models.CharField(_("sektor"), max_length=32, choices=Sector.choices, default=Sector.OTHER)
    # Raised on every save; the register's edit form carries it (no lost edits).
    version = models.PositiveIntegerField(_("version"), default=1)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisationer")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        _raise_version(self, kwargs)
        super().save(*args, **kwargs)


class Person(models.Model):
    """Someone who sits on a committee, attends as a guest, takes minutes or presents."""

    name = models.CharField(_("navn"), max_length=200)
    title = models.CharField(_("titel"), max_length=300, blank=True)
    workplace = models.CharField(_("arbejdssted"), max_length=300, blank=True)
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="people",
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("telefon"), max_length=40, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("brugerkonto"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="person",
    )
    # Raised on every save; the register's edit form carries it (no lost edits).
    version = models.PositiveIntegerField(_("version"), default=1)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("person")
        verbose_name_plural = _("personer")
        constraints = [
            # seed_klu finds people by name, so a name must identify one person.
            models.UniqueConstraint(fields=["name"], name="person_name_unique"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        _raise_version(self, kwargs)
        super().save(*args, **kwargs)


class Committee(models.Model):
    """A standing body that meets: KLU, or Chefforum Sundhedsklynge Midt."""

    slug = models.SlugField(_("kort navn i adresser"), max_length=40, unique=True)
    name = models.CharField(_("navn"), max_length=200)
    short_name = models.CharField(_("forkortelse"), max_length=40, blank=True)
    # The letterhead of the minutes: "Sundhed og Kultur / Sundhedsstrategisk Sekretariat / Danmarksgade 17 …"
    administration = models.CharField(_("forvaltning"), max_length=200, blank=True)
    secretariat = models.CharField(_("sekretariat"), max_length=200, blank=True)
    address = models.TextField(_("adresse"), blank=True, help_text=_("Én linje pr. adresselinje."))
    default_location = models.CharField(_("fast mødested"), max_length=300, blank=True)
    default_start_time = models.TimeField(_("fast starttidspunkt"), null=True, blank=True)
    default_end_time = models.TimeField(_("fast sluttidspunkt"), null=True, blank=True)
    default_weekday = models.PositiveSmallIntegerField(
        _("fast ugedag"), null=True, blank=True, help_text=_("0 = mandag … 6 = søndag.")
    )
    rules_of_procedure = models.TextField(_("forretningsorden"), blank=True)
    # The year's meeting windows from the rules of procedure, as month numbers:
    # KLU is [[2, 3], [6], [9, 10], [11, 12]]. Used to plan a year.
    meeting_windows = models.JSONField(_("mødevinduer (måneder)"), default=list, blank=True)
    # The committee's own words in its agendas and minutes: KLU writes "3." and
    # "Sagsbeskrivelse", "Beslutning", "Vedlagt"; Chefforum "Punkt 3:", "Sagsfremstilling",
    # "Beslutning", "Bilag". A committee's own word is document text in its Danish and is
    # printed as written in every language; the defaults (KLU's, which every document used
    # before committees had their own) are translated like the page (document_words).
    item_prefix = models.CharField(_("ord foran punktets nummer"), max_length=40, blank=True)
    label_case_description = models.CharField(_("overskrift over sagens tekst"), max_length=60,
                                              default="Sagsbeskrivelse")
    label_recommendation = models.CharField(_("overskrift over indstillingen"), max_length=60,
                                            default="Indstilling")
    label_decision = models.CharField(_("overskrift over beslutningen"), max_length=60, default="Beslutning")
    label_attachments = models.CharField(_("overskrift over bilagene"), max_length=60, default="Vedlagt")
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("udvalg")
        verbose_name_plural = _("udvalg")
        constraints = [
            models.CheckConstraint(
                condition=Q(default_weekday__isnull=True) | Q(default_weekday__lte=6),
                name="committee_weekday_valid",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("meetings:committee", args=[self.slug])

    @property
    def address_lines(self):
        return [line.strip() for line in self.address.splitlines() if line.strip()]

    def item_number(self, label: str) -> str:
        """An item's number as the committee's documents write it: "3." or "Punkt 3:"."""
        return f"{self.item_prefix} {label}:" if self.item_prefix else f"{label}."

    # The usual words (every document used them before committees had their own); as
    # gettext_lazy, so English readers get "Case description" and so on for them.
    USUAL_WORDS = {
        "label_case_description": _("Sagsbeskrivelse"),
        "label_recommendation": _("Indstilling"),
        "label_decision": _("Beslutning"),
        "label_attachments": _("Vedlagt"),
    }

    @property
    def document_words(self) -> dict:
        """The headings this committee's documents use, in the language being rendered:
        a committee's own word ("Sagsfremstilling") is printed as written in every
        language; the usual word is translated like the rest of the page."""
        words = {"item_prefix": self.item_prefix}
        for name, usual in self.USUAL_WORDS.items():
            value = getattr(self, name)
            words[name] = usual if value == self._meta.get_field(name).default else value
        return words


class Membership(models.Model):
    """A person's seat on a committee for a period, on one side, in one role."""

    class Side(models.TextChoices):
        GENERAL_PRACTICE = "general_practice", _("Almen praksis")
        MUNICIPALITY = "municipality", _("Kommunen")
        REGION = "region", _("Regionen")
        OTHER = "other", _("Andre")

    class Role(models.TextChoices):
        CHAIR = "chair", _("Formand")
        VICE_CHAIR = "vice_chair", _("Næstformand")
        CO_CHAIR = "co_chair", _("Medformand")
        MEMBER = "member", _("Medlem")
        PRACTICE_CONSULTANT = "practice_consultant", _("Praksiskonsulent")
        SECRETARY = "secretary", _("Sekretær")

    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="memberships",
                                  verbose_name=_("udvalg"))
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="memberships",
                               verbose_name=_("person"))
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("repræsenterer"),
    )
    side = models.CharField(_("side"), max_length=32, choices=Side.choices)
    role = models.CharField(_("rolle"), max_length=32, choices=Role.choices, default=Role.MEMBER)
    # How the role is written in the minutes when it is not just the role's name,
    # e.g. "Formand for udvalget".
    role_label = models.CharField(_("rollebetegnelse"), max_length=200, blank=True)
    start = models.DateField(_("fra"), null=True, blank=True)
    end = models.DateField(_("til"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(_("rækkefølge"), default=0)
    # Raised on every save; the register's edit form carries it (no lost edits).
    version = models.PositiveIntegerField(_("version"), default=1)
    history = HistoricalRecords()

    class Meta:
        ordering = ["committee", "position", "person__name"]
        verbose_name = _("medlemskab")
        verbose_name_plural = _("medlemskaber")
        constraints = [
            models.CheckConstraint(
                condition=Q(start__isnull=True) | Q(end__isnull=True) | Q(end__gte=models.F("start")),
                name="membership_ends_after_start",
            ),
        ]

    def __str__(self):
        return f"{self.person} – {self.committee.short_name or self.committee}"

    def save(self, *args, **kwargs):
        _raise_version(self, kwargs)
        super().save(*args, **kwargs)

    def is_current(self, on=None):
        on = on or datetime.date.today()
        return (self.start is None or self.start <= on) and (self.end is None or on <= self.end)


class MeetingQuerySet(models.QuerySet):
    def for_committee(self, slug):
        return self.filter(committee__slug=slug)

    def in_year(self, year):
        return self.filter(date__year=year)


class Meeting(models.Model):
    """One meeting of a committee, from plan through agenda to signed-off minutes."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planlagt")
        AGENDA_PUBLISHED = "agenda_published", _("Dagsorden offentliggjort")
        HELD = "held", _("Afholdt")
        MINUTES_DRAFTED = "minutes_drafted", _("Referat under udarbejdelse")
        SIGNED_OFF = "signed_off", _("Referat godkendt")
        CANCELLED = "cancelled", _("Aflyst")

    class SignOffMethod(models.TextChoices):
        CHAIR = "chair", _("Godkendt af formanden")
        COMMITTEE = "committee", _("Godkendt af udvalget på et senere møde")
        CIRCULATION = "circulation", _("Godkendt ved skriftlig høring")

    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="meetings",
                                  verbose_name=_("udvalg"))
    title = models.CharField(
        _("titel"), max_length=200, blank=True,
        help_text=_("Valgfri, fx “1. møde 2024”. Ellers vises udvalgets navn."),
    )
    date = models.DateField(_("dato"))
    # A time is optional because historic minutes do not always state one (the
    # 30 November 2023 minutes carry an unfilled placeholder instead). Pages show an
    # unknown time as unknown, never as a placeholder; publishing and sign-off
    # require a start time.
    start_time = models.TimeField(_("starttidspunkt"), null=True, blank=True)
    end_time = models.TimeField(_("sluttidspunkt"), null=True, blank=True)
    location = models.CharField(_("sted"), max_length=300, blank=True)
    case_number = models.CharField(_("sagsnummer"), max_length=60, blank=True)
    document_number = models.CharField(_("dokumentnummer"), max_length=60, blank=True)
    minute_taker = models.ForeignKey(
        Person, verbose_name=_("referent"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="meetings_minuted",
    )
    status = models.CharField(_("status"), max_length=32, choices=Status.choices, default=Status.PLANNED)
    agenda_published_at = models.DateTimeField(_("dagsorden offentliggjort"), null=True, blank=True)
    agenda_published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("offentliggjort af"),
    )
    signed_off_at = models.DateTimeField(_("referat godkendt"), null=True, blank=True)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("godkendt af"),
    )
    sign_off_method = models.CharField(_("godkendelsesform"), max_length=32, choices=SignOffMethod.choices,
                                       blank=True)
    # The day the minutes were approved (by the chair, by the members in writing, or at
    # the next meeting), as the secretariat states it; it may precede the day of locking.
    # Empty where no source says it (imported minutes): the documents then say nothing.
    approved_on = models.DateField(_("godkendelsesdato"), null=True, blank=True)
    cancelled_reason = models.CharField(_("årsag til aflysning"), max_length=300, blank=True)
    # Where a record is known only from another document (an earlier meeting that a
    # later minutes refer to), this says so, and readers see it.
    source_note = models.CharField(_("kildenote"), max_length=500, blank=True)
    # Calendar clients replace an event only when its SEQUENCE rises; services raise
    # it when the time, place or status changes (RFC 5545 §3.8.7.4).
    sequence = models.PositiveIntegerField(_("kalendersekvens"), default=0)
    updated_at = models.DateTimeField(_("senest ændret"), auto_now=True)
    # Raised on every save; an edit form carries the version it started from, and a
    # save from an older version is refused instead of overwriting (no lost work).
    version = models.PositiveIntegerField(_("version"), default=1)
    approval_requested_at = models.DateTimeField(_("sendt til godkendelse"), null=True, blank=True)
    history = HistoricalRecords()

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["date", "start_time"]
        verbose_name = _("møde")
        verbose_name_plural = _("møder")
        constraints = [
            # The calendar feed and every page rely on a meeting never ending before it starts.
            models.CheckConstraint(
                condition=Q(end_time__isnull=True) | Q(start_time__isnull=False, end_time__gt=models.F("start_time")),
                name="meeting_ends_after_start",
            ),
            # A signed-off meeting always knows when and by what route it was signed off.
            models.CheckConstraint(
                condition=~Q(status="signed_off") | Q(signed_off_at__isnull=False) & ~Q(sign_off_method=""),
                name="meeting_signed_off_has_when_and_how",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["planned", "agenda_published", "held", "minutes_drafted",
                                        "signed_off", "cancelled"]),
                name="meeting_status_valid",
            ),
        ]
        indexes = [
            models.Index(fields=["committee", "date"]),
            # The archive and the calendar feeds read meetings in date order.
            models.Index(fields=["date", "start_time"], name="meeting_date_time"),
        ]

    def __str__(self):
        return f"{self.title or self.committee.name} {self.date:%d.%m.%Y}"

    # Changes to these reach calendar subscribers, so they raise the SEQUENCE.
    CALENDAR_FIELDS = ("date", "start_time", "end_time", "location", "status")
    # What signed-off minutes state about the meeting itself; meetings.locking refuses
    # changing them after sign-off (compared with the stored row, whichever door saves).
    MINUTES_FIELDS = ("committee_id", "title", "date", "start_time", "end_time", "location", "case_number",
                      "document_number", "minute_taker_id", "status", "signed_off_at", "signed_off_by_id",
                      "sign_off_method", "approved_on", "source_note")

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._loaded = {name: getattr(instance, name) for name in cls.CALENDAR_FIELDS if name in field_names}
        return instance

    def _changed(self, names):
        loaded = getattr(self, "_loaded", {})
        return [name for name in names if name in loaded and getattr(self, name) != loaded[name]]

    def save(self, *args, **kwargs):
        if self._changed(self.CALENDAR_FIELDS):
            self.sequence += 1
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "sequence", "updated_at"}
        if self.pk is not None:
            self.version += 1
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "version"}
        super().save(*args, **kwargs)
        self._loaded = {name: getattr(self, name) for name in self.CALENDAR_FIELDS}

    def delete(self, *args, **kwargs):
        # As MinutesContentMixin.delete: refused before Django's deletion transaction opens.
        refuse_deletion(self)
        return super().delete(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("meetings:detail", args=[self.pk])

    @property
    def display_title(self):
        return self.title or self.committee.name

    @property
    def start(self):
        """Start as an aware datetime in Copenhagen time, or None when the time is unknown."""
        if self.start_time is None:
            return None
        return datetime.datetime.combine(self.date, self.start_time, tzinfo=COPENHAGEN)

    @property
    def end(self):
        """End as an aware datetime in Copenhagen time, or None when it is not set."""
        if self.end_time is None:
            return None
        return datetime.datetime.combine(self.date, self.end_time, tzinfo=COPENHAGEN)

    @property
    def ical_uid(self):
        """The meeting's calendar UID: derived from its key, so it never changes."""
        return f"klu-meeting-{self.pk}@klu-moeder.aalborg.dk"

    @property
    def is_signed_off(self):
        return self.status == self.Status.SIGNED_OFF

    @property
    def agenda_is_public(self):
        """True once the agenda has been published (the public may read it)."""
        return self.status in {
            self.Status.AGENDA_PUBLISHED, self.Status.HELD, self.Status.MINUTES_DRAFTED, self.Status.SIGNED_OFF,
        }


class AgendaItem(MinutesContentMixin, models.Model):
    """A numbered item on a meeting's agenda (1, 2, or a sub-item such as 2.a)."""

    class Kind(models.TextChoices):
        DECISION = "decision", _("Beslutning")
        DISCUSSION = "discussion", _("Drøftelse")
        INFORMATION = "information", _("Orientering")
        APPROVAL = "approval", _("Godkendelse")
        OTHER_BUSINESS = "other_business", _("Eventuelt")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items", verbose_name=_("møde"))
    number = models.PositiveSmallIntegerField(_("nummer"))
    # 0 for a main item; 1, 2, 3 … for sub-items a, b, c … of the main number.
    sub_number = models.PositiveSmallIntegerField(_("underpunkt"), default=0)
    title = models.CharField(_("titel"), max_length=500)
    kind = models.CharField(_("type"), max_length=32, choices=Kind.choices, default=Kind.DISCUSSION)
    case_description = models.TextField(_("sagsbeskrivelse"), blank=True,
                                        help_text=_("Formateret tekst (sikker HTML)."))
    # The recommendation is written "Det indstilles, at <body>:" followed by a list.
    recommendation_lead = models.CharField(_("indstilling, indledning"), max_length=300, blank=True)
    recommendations = models.JSONField(_("indstillinger"), default=list, blank=True)
    presenter = models.ForeignKey(
        Person, verbose_name=_("oplægsholder"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="items_presented",
    )
    is_closed = models.BooleanField(
        _("lukket punkt"), default=False,
        help_text=_("Et lukket punkt vises kun for medlemmer og sekretariatet; offentligheden ser kun nummeret."),
    )
    postponed_from = models.ForeignKey(
        "self", verbose_name=_("udsat fra"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="carried_forward_to",
    )
    # For the standard item "Godkendelse af referat fra sidste møde".
    previous_minutes = models.ForeignKey(
        Meeting, verbose_name=_("referat der godkendes"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="approved_in_items",
    )
    # The follow-up action this item takes up; its decision settles the follow-up.
    follows_up = models.ForeignKey(
        "FollowUpAction", verbose_name=_("følger op på"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="agenda_items",
    )
    # What the document says about attachments when it lists none: KLU's minutes write
    # "Vedlagt: Intet." under items without attachments; printed after the committee's
    # attachments heading only when the item has no attachment the reader may see.
    attachments_note = models.CharField(_("bemærkning om bilag"), max_length=200, blank=True,
                                        help_text=_("Fx “Intet.”, når dokumentet siger, at der ikke er bilag."))
    # Set when the item is added or changed after the agenda was published; the
    # published agenda marks it ("Ændret 3. marts 2025").
    amended_at = models.DateTimeField(_("ændret efter offentliggørelse"), null=True, blank=True)
    # "Closed until" a date or an event; opening it later records who and when.
    closed_until = models.DateField(_("lukket indtil dato"), null=True, blank=True)
    closed_until_event = models.CharField(_("lukket indtil hændelse"), max_length=300, blank=True,
                                          help_text=_("Fx “Strategisk Sundhedsforum har behandlet retningspapiret”."))
    opened_at = models.DateTimeField(_("åbnet"), null=True, blank=True)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("åbnet af"), null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+")
    version = models.PositiveIntegerField(_("version"), default=1)
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "number", "sub_number"]
        verbose_name = _("dagsordenspunkt")
        verbose_name_plural = _("dagsordenspunkter")
        constraints = [
            # Readers, the PDF's table of contents and links all address an item by its number.
            models.UniqueConstraint(fields=["meeting", "number", "sub_number"], name="agenda_item_number_unique"),
            models.CheckConstraint(condition=Q(number__gte=1), name="agenda_item_number_positive"),
            models.CheckConstraint(condition=Q(sub_number__lte=26), name="agenda_item_sub_number_a_to_z"),
        ]

    def __str__(self):
        return f"{self.label} {self.title}"

    def save(self, *args, **kwargs):
        # Stored formatted text is always sanitised, whichever path wrote it.
        self.case_description = sanitize(self.case_description)
        self.recommendations = [str(r).strip() for r in self.recommendations or [] if str(r).strip()]
        if self.pk is not None:
            self.version += 1
        super().save(*args, **kwargs)

    @property
    def label(self):
        """The item's number as printed: "1", "2.a"."""
        if self.sub_number:
            return f"{self.number}.{chr(ord('a') + self.sub_number - 1)}"
        return str(self.number)

    @property
    def anchor(self):
        return f"punkt-{self.label.replace('.', '-')}"


class Decision(MinutesContentMixin, models.Model):
    """What the meeting decided on one item."""

    class Outcome(models.TextChoices):
        APPROVED = "approved", _("Godkendt")
        NOT_APPROVED = "not_approved", _("Ikke godkendt")
        DISCUSSED = "discussed", _("Drøftet")
        NOTED = "noted", _("Taget til efterretning")
        POSTPONED = "postponed", _("Udsat")
        DECIDED = "decided", _("Besluttet")
        NONE = "", _("Intet udfald")

    item = models.OneToOneField(AgendaItem, on_delete=models.CASCADE, related_name="decision",
                                verbose_name=_("punkt"))
    outcome = models.CharField(_("udfald"), max_length=32, choices=Outcome.choices, blank=True)
    text = models.TextField(_("beslutning"), blank=True, help_text=_("Formateret tekst (sikker HTML)."))
    postponed_to = models.ForeignKey(
        Meeting, verbose_name=_("udsat til"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="postponed_decisions",
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    history = HistoricalRecords()

    minutes_path = "item__meeting"

    class Meta:
        verbose_name = _("beslutning")
        verbose_name_plural = _("beslutninger")
        constraints = [
            # A postponement must say where to; only a postponement may.
            models.CheckConstraint(
                condition=Q(postponed_to__isnull=True) | Q(outcome="postponed"),
                name="decision_postponed_to_only_when_postponed",
            ),
        ]

    def __str__(self):
        return f"{self.item.label}: {self.get_outcome_display()}"

    def save(self, *args, **kwargs):
        self.text = sanitize(self.text)
        if self.pk is not None:
            self.version += 1
        super().save(*args, **kwargs)


class DecisionNote(MinutesContentMixin, models.Model):
    """A note added to a decision after the meeting (item 2.a of 30 November 2023)."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="notes",
                                 verbose_name=_("beslutning"))
    noted_on = models.DateField(_("dato"), null=True, blank=True)
    text = models.TextField(_("tekst"), help_text=_("Formateret tekst (sikker HTML)."))
    history = HistoricalRecords()

    minutes_path = "decision__item__meeting"

    class Meta:
        ordering = ["decision", "noted_on", "pk"]
        verbose_name = _("note efter mødet")
        verbose_name_plural = _("noter efter mødet")

    def __str__(self):
        return f"{self.decision.item.label}: {self.noted_on or ''}"

    def save(self, *args, **kwargs):
        self.text = sanitize(self.text)
        super().save(*args, **kwargs)


class Attendance(MinutesContentMixin, models.Model):
    """One person's part in one meeting: member, guest or secretariat, and whether present."""

    class Capacity(models.TextChoices):
        MEMBER = "member", _("Medlem")
        GUEST = "guest", _("Gæst")
        SECRETARIAT = "secretariat", _("Sekretariat")

    class Status(models.TextChoices):
        PRESENT = "present", _("Til stede")
        APOLOGIES = "apologies", _("Afbud")
        ABSENT = "absent", _("Fraværende")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances",
                                verbose_name=_("møde"))
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="attendances",
                               verbose_name=_("person"))
    capacity = models.CharField(_("deltager som"), max_length=32, choices=Capacity.choices,
                                default=Capacity.MEMBER)
    status = models.CharField(_("fremmøde"), max_length=32, choices=Status.choices, default=Status.PRESENT)
    # Snapshots taken when the attendance is recorded, so signed-off minutes do not
    # change when a person later changes job or organisation.
    organisation = models.ForeignKey(Organisation, verbose_name=_("organisation"), null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    role_label = models.CharField(_("rolle"), max_length=200, blank=True)
    title = models.CharField(_("titel"), max_length=300, blank=True)
    workplace = models.CharField(_("arbejdssted"), max_length=300, blank=True)
    note = models.CharField(_("bemærkning"), max_length=300, blank=True)
    apology_reason = models.CharField(_("årsag til afbud"), max_length=300, blank=True)
    substitute_for = models.ForeignKey(
        Person, verbose_name=_("deltog på vegne af"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    items = models.ManyToManyField(AgendaItem, verbose_name=_("deltog under punkt"), blank=True,
                                   related_name="guest_attendances")
    position = models.PositiveSmallIntegerField(_("rækkefølge"), default=0)
    history = HistoricalRecords(m2m_fields=[items])

    # The minutes name the items a guest attended ("under punkt 3").
    minutes_m2m = ("items",)

    class Meta:
        ordering = ["meeting", "position", "pk"]
        verbose_name = _("deltagelse")
        verbose_name_plural = _("deltagelser")
        constraints = [
            # Minutes list each person once per meeting.
            models.UniqueConstraint(fields=["meeting", "person"], name="attendance_person_once_per_meeting"),
        ]

    def __str__(self):
        return f"{self.person} ({self.get_capacity_display()}, {self.get_status_display()})"

    @property
    def description_parts(self):
        """The comma-separated parts after the name as the minutes print them."""
        return [part for part in (self.role_label, self.title, self.workplace) if part]


def attachment_upload_to(instance, filename):
    return f"attachments/{instance.meeting_id}/{filename}"


class Attachment(MinutesContentMixin, models.Model):
    """A document attached to a meeting's agenda or minutes, optionally to one item."""

    class Part(models.TextChoices):
        AGENDA = "agenda", _("Dagsorden")
        MINUTES = "minutes", _("Referat")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attachments",
                                verbose_name=_("møde"))
    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, null=True, blank=True,
                             related_name="attachments", verbose_name=_("punkt"))
    part = models.CharField(_("vedlagt"), max_length=16, choices=Part.choices, default=Part.AGENDA)
    title = models.CharField(_("titel"), max_length=300)
    # Stored under an ASCII name of our own (meetings.uploads); downloads offer original_name.
    file = models.FileField(_("fil"), upload_to=attachment_upload_to, max_length=300, blank=True)
    original_name = models.CharField(_("oprindeligt filnavn"), max_length=255, blank=True)
    is_closed = models.BooleanField(_("lukket bilag"), default=False)
    # "Closed until" a date or an event; opening it later records who and when.
    closed_until = models.DateField(_("lukket indtil dato"), null=True, blank=True)
    closed_until_event = models.CharField(_("lukket indtil hændelse"), max_length=300, blank=True,
                                          help_text=_("Fx “Strategisk Sundhedsforum har behandlet retningspapiret”."))
    opened_at = models.DateTimeField(_("åbnet"), null=True, blank=True)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("åbnet af"), null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+")
    position = models.PositiveSmallIntegerField(_("rækkefølge"), default=0)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    size = models.PositiveIntegerField(_("størrelse (bytes)"), default=0)
    content_type = models.CharField(_("filtype"), max_length=120, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "position", "pk"]
        verbose_name = _("bilag")
        verbose_name_plural = _("bilag")

    def __str__(self):
        return self.title

    def _meeting_from_item(self):
        # The admin's attachment rows on an item's page name the item only.
        if self.meeting_id is None and self.item is not None:
            self.meeting_id = self.item.meeting_id

    def clean(self):
        self._meeting_from_item()
        if self.item is not None and self.item.meeting_id != self.meeting_id:
            raise ValidationError({"item": _("Punktet hører til et andet møde end bilaget.")})

    def save(self, *args, **kwargs):
        self._meeting_from_item()
        super().save(*args, **kwargs)

    @property
    def download_name(self):
        """The name a download offers: as uploaded ('Æøå møde.pdf'), else the stored name."""
        return self.original_name or self.file.name.rsplit("/", 1)[-1]


class FollowUpAction(MinutesContentMixin, models.Model):
    """Something a decision commits someone to do, by a date."""

    class Status(models.TextChoices):
        OPEN = "open", _("Åben")
        DONE = "done", _("Afsluttet")
        DROPPED = "dropped", _("Bortfaldet")

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="follow_ups",
                                 verbose_name=_("beslutning"))
    what = models.TextField(_("hvad"))
    responsible = models.CharField(_("hvem"), max_length=300, blank=True)
    responsible_person = models.ForeignKey(Person, verbose_name=_("ansvarlig person"), null=True, blank=True,
                                           on_delete=models.SET_NULL, related_name="follow_ups")
    due_date = models.DateField(_("senest"), null=True, blank=True)
    # The deadline as the decision words it when it is vaguer than a date ("efteråret 2024").
    due_label = models.CharField(_("frist som formuleret"), max_length=100, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.OPEN)
    closed_by_decision = models.ForeignKey(
        Decision, verbose_name=_("afsluttet ved beslutning"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="settled_follow_ups",
    )
    history = HistoricalRecords()

    minutes_path = "decision__item__meeting"
    # A follow-up is settled at a later meeting (services.follow_up_close), after the
    # minutes that created it are signed off: those minutes record what, who and by
    # when; how it stands now is tracked across meetings, so these two stay writable.
    minutes_tracking_fields = frozenset({"status", "closed_by_decision"})

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = _("opfølgning")
        verbose_name_plural = _("opfølgninger")
        constraints = [
            models.CheckConstraint(condition=Q(status__in=["open", "done", "dropped"]),
                                   name="follow_up_status_valid"),
        ]

    def __str__(self):
        return self.what[:80]


def minutes_pdf_upload_to(instance, filename):
    return f"minutes/{instance.meeting_id}/{filename}"


class MinutesPdf(models.Model):
    """A signed-off minutes PDF, rendered once and then served unchanged.

    Version 1 is made at sign-off; each correction adds a version with its reason, and
    earlier versions stay retrievable. The public version leaves closed items out; the
    member version has them in full.
    """

    class Audience(models.TextChoices):
        PUBLIC = "public", _("Offentlig udgave")
        MEMBERS = "members", _("Medlemsudgave")

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="minutes_pdfs",
                                verbose_name=_("møde"))
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    audience = models.CharField(_("udgave"), max_length=16, choices=Audience.choices)
    file = models.FileField(_("fil"), upload_to=minutes_pdf_upload_to, max_length=300)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveIntegerField(_("størrelse (bytes)"))
    created_at = models.DateTimeField(_("dannet"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("dannet af"))
    reason = models.TextField(_("årsag til rettelse"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "version", "audience"]
        verbose_name = _("referat-PDF")
        verbose_name_plural = _("referat-PDF'er")
        constraints = [
            # Downloads address a version and audience; there is exactly one file for each.
            models.UniqueConstraint(fields=["meeting", "version", "audience"], name="minutes_pdf_unique_version"),
            # Every version after the first is a correction and must say why.
            models.CheckConstraint(condition=Q(version=1) | ~Q(reason=""), name="minutes_pdf_correction_has_reason"),
        ]

    def __str__(self):
        return f"{self.meeting} v{self.version} ({self.get_audience_display()})"


class CalendarToken(models.Model):
    """A member's private calendar feed address: a secret token they can revoke."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_tokens",
                             verbose_name=_("bruger"))
    token = models.CharField(_("nøgle"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("oprettet"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("tilbagekaldt"), null=True, blank=True)

    class Meta:
        verbose_name = _("privat kalenderadresse")
        verbose_name_plural = _("private kalenderadresser")
        constraints = [
            # A member has at most one live private feed; revoking and making a new one is the way to rotate.
            models.UniqueConstraint(fields=["user"], condition=Q(revoked_at__isnull=True),
                                    name="calendar_token_one_live_per_user"),
        ]

    def __str__(self):
        return f"{self.user} ({'tilbagekaldt' if self.revoked_at else 'aktiv'})"


class MinutesCorrection(models.Model):
    """A correction of signed-off minutes: why, by whom, when; it makes a new PDF version."""

    class Part(models.TextChoices):
        """The part of the minutes one change corrects (the "part" of each entry in `changes`)."""

        CASE_DESCRIPTION = "case_description", _("Sagsbeskrivelse")
        RECOMMENDATION = "recommendation", _("Indstilling")
        DECISION = "decision", _("Beslutning")
        NOTE = "note", _("Note efter mødet")
        ATTENDANCE = "attendance", _("Fremmøde")
        APOLOGY = "apology", _("Afbud")

    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="corrections",
                                verbose_name=_("møde"))
    version = models.PositiveSmallIntegerField(_("version"))
    reason = models.TextField(_("begrundelse"))
    created_at = models.DateTimeField(_("rettet"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name=_("rettet af"))
    # What the correction changed, part by part, for readers of the minutes:
    # [{"item": "2.a" or "", "item_id": pk or None, "part": "decision", "person": "" or a name,
    #   "before": "…", "after": "…"}, …] ("part" is one of Part's values; texts are the stored,
    # sanitised text; meetings/corrections.py writes the entries and documents the extra keys).
    changes = models.JSONField(_("ændringer"), default=list, blank=True)

    class Meta:
        ordering = ["meeting", "version"]
        verbose_name = _("rettelse")
        verbose_name_plural = _("rettelser")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "version"], name="minutes_correction_unique_version"),
            # Version 1 is the signed-off original; corrections start at 2 and must say why.
            models.CheckConstraint(condition=Q(version__gte=2) & ~Q(reason=""),
                                   name="minutes_correction_has_reason"),
        ]

    def __str__(self):
        return f"{self.meeting} v{self.version}"


class MinutesApproval(models.Model):
    """A member's approval of circulated draft minutes (written circulation)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="approvals",
                                verbose_name=_("møde"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+",
                             verbose_name=_("bruger"))
    approved_at = models.DateTimeField(_("godkendt"))
    comment = models.TextField(_("bemærkning"), blank=True)

    class Meta:
        ordering = ["meeting", "approved_at"]
        verbose_name = _("godkendelse af udkast")
        verbose_name_plural = _("godkendelser af udkast")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "user"], name="minutes_approval_once_per_user"),
        ]

    def __str__(self):
        return f"{self.user} – {self.meeting}"


class SiteVersion(models.Model):
    """One row whose value changes whenever anything a page shows changes (meetings.pagecache).

    The value is random rather than a counter, so that a value always stands for one
    state of the data, even after a rolled-back transaction restores an older value.
    """

    value = models.CharField(max_length=32)

    class Meta:
        verbose_name = _("indholdsversion")
        constraints = [
            # There is exactly one row; pagecache reads and writes pk=1.
            models.CheckConstraint(condition=Q(pk=1), name="site_version_single_row"),
        ]

    def __str__(self):
        return self.value
