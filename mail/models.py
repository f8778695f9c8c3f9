"""The outbox: every mail the site sends, one row per recipient, kept for the record."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class OutgoingMail(models.Model):
    """One mail to one recipient: what was said, and whether and when it left."""

    class Kind(models.TextChoices):
        AGENDA_PUBLISHED = "agenda_published", _("Dagsorden offentliggjort")
        AGENDA_CHANGED = "agenda_changed", _("Dagsorden ændret")
        MEETING_MOVED = "meeting_moved", _("Møde flyttet")
        MEETING_CANCELLED = "meeting_cancelled", _("Møde aflyst")
        MINUTES_CIRCULATED = "minutes_circulated", _("Referatudkast til godkendelse")
        MINUTES_SIGNED_OFF = "minutes_signed_off", _("Referat godkendt")
        INVITATION = "invitation", _("Invitation til konto")
        PASSWORD_RESET = "password_reset", _("Ny adgangskode")

    class Status(models.TextChoices):
        QUEUED = "queued", _("I kø")
        SENT = "sent", _("Sendt")
        FAILED = "failed", _("Fejlet")

    kind = models.CharField(_("slags"), max_length=40, choices=Kind.choices)
    meeting = models.ForeignKey(
        "meetings.Meeting", verbose_name=_("møde"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="outgoing_mails",
    )
    person = models.ForeignKey(
        "meetings.Person", verbose_name=_("person"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="outgoing_mails",
    )
    to_address = models.EmailField(_("modtager"))
    subject = models.CharField(_("emne"), max_length=300)
    body_text = models.TextField(_("tekst"))
    body_html = models.TextField(_("HTML"), blank=True)
    # [{"filename": ..., "mimetype": ..., "content_base64": ...}]; the mimetype keeps its
    # parameters (text/calendar; method=REQUEST) because calendar programs read them.
    attachments = models.JSONField(_("vedhæftede filer"), default=list, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveIntegerField(_("forsøg"), default=0)
    queued_at = models.DateTimeField(_("sat i kø"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sendt"), null=True, blank=True)
    last_attempt_at = models.DateTimeField(_("sidste forsøg"), null=True, blank=True)
    last_error = models.TextField(_("sidste fejl"), blank=True)
    # Chosen when the mail is queued, so every retry carries the same Message-ID and a
    # receiving server that saw an attempt half-way can tell a repeat.
    message_id = models.CharField(_("Message-ID"), max_length=255, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("sat i kø af"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )

    # Who pressed "send igen", and each status change; the bodies are not copied.
    history = HistoricalRecords(excluded_fields=["body_text", "body_html", "attachments"])

    class Meta:
        ordering = ["-queued_at", "-pk"]
        verbose_name = _("udgående mail")
        verbose_name_plural = _("udgående mails")
        indexes = [models.Index(fields=["meeting", "-queued_at"], name="mail_meeting_queued_idx")]
        constraints = [
            # The outbox screen and resend() rely on "sent" meaning a time is known.
            models.CheckConstraint(
                condition=~models.Q(status="sent") | models.Q(sent_at__isnull=False),
                name="mail_sent_has_time",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} → {self.to_address} ({self.get_status_display()})"
