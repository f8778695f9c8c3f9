"""Reads of the outbox."""

from .models import OutgoingMail


def outbox_for_meeting(meeting):
    """The meeting's mails, newest first, with their recipients. One query when evaluated."""
    return (OutgoingMail.objects.filter(meeting=meeting).select_related("person")
            .defer("body_text", "body_html", "attachments"))
