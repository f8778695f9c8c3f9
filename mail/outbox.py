"""The outbox's public API: queue a mail, send a failed one again.

A mail is recorded (one OutgoingMail row per recipient) inside the caller's
transaction, and its delivery is a task in the database queue (django-tasks with
django_tasks_db) written in that same transaction: a publish that rolls back leaves
neither behind, and one that commits cannot lose its mails, even if the process dies
right after the commit. The worker (`manage.py db_worker`) sends them outside any
request; a failure is recorded on the row and retried with growing pauses
(MAIL_RETRY_SECONDS, doubled each time, at most an hour) until MAIL_MAX_ATTEMPTS, then
the row is marked failed and the workspace offers "Send igen".
"""

import base64
import datetime
import logging
from email.utils import make_msgid
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.utils import timezone

from .models import OutgoingMail

logger = logging.getLogger(__name__)

MAX_RETRY_SECONDS = 3600


def site_domain() -> str:
    """'klu.example.dk': the host of SITE_URL, which every Message-ID ends in."""
    return urlsplit(settings.SITE_URL).hostname


def queue_mail(*, kind, to_address, subject, text, html="", attachments=(), meeting=None, person=None,
               user=None) -> OutgoingMail:
    """Record one mail to one recipient and schedule its delivery. Writes two rows.

    `attachments`: (filename, content bytes or str, mimetype) triples, or dicts with
    filename, mimetype and content_base64. Call it inside the transaction that makes
    the mail true (a publish, a cancellation): if that rolls back, nothing is sent.
    """
    stored = [_stored_attachment(a) for a in attachments]
    with transaction.atomic():
        mail = OutgoingMail(
            kind=kind, to_address=to_address, subject=subject, body_text=text, body_html=html,
            attachments=stored, meeting=meeting, person=person,
            created_by=user if user is not None and user.is_authenticated else None,
            message_id=make_msgid(domain=site_domain()),
        )
        mail._change_reason = "Sat i kø"
        mail._history_user = mail.created_by
        mail.save()
        _schedule(mail.pk)
    return mail


def resend(mail: OutgoingMail, user) -> OutgoingMail:
    """Put a failed (or still queued) mail back in the queue for a fresh round of attempts.

    A mail already sent is left alone (returned unchanged): "send again" twice must not
    mail a member twice.
    """
    with transaction.atomic():
        mail = OutgoingMail.objects.select_for_update().get(pk=mail.pk)
        if mail.status == OutgoingMail.Status.SENT:
            return mail
        mail.status = OutgoingMail.Status.QUEUED
        mail.attempts = 0
        mail._change_reason = "Send igen"
        mail._history_user = user if user is not None and user.is_authenticated else None
        mail.save(update_fields=["status", "attempts"])
        _schedule(mail.pk)
    return mail


def _stored_attachment(attachment):
    if isinstance(attachment, dict):
        if not {"filename", "mimetype", "content_base64"} <= attachment.keys():
            raise ValueError("An attachment needs filename, mimetype and content_base64.")
        return {k: attachment[k] for k in ("filename", "mimetype", "content_base64")}
    filename, content, mimetype = attachment
    if isinstance(content, str):
        content = content.encode()
    return {"filename": filename, "mimetype": mimetype, "content_base64": base64.b64encode(content).decode()}


def _schedule(mail_id, *, delay_seconds=0):
    """Put a delivery of mail `mail_id` in the task queue (in the current transaction, for the database queue)."""
    from .tasks import deliver_mail

    task = deliver_mail
    if delay_seconds:
        task = task.using(run_after=timezone.now() + datetime.timedelta(seconds=delay_seconds))
    if _queue_is_transactional(task):
        task.enqueue(mail_id)
    else:
        # A queue outside the database (the immediate backend) must not run before the
        # row it sends is committed, nor at all if that transaction rolls back.
        transaction.on_commit(lambda: task.enqueue(mail_id))


def _queue_is_transactional(task):
    from django_tasks_db import DatabaseBackend

    return isinstance(task.get_backend(), DatabaseBackend)


def retry_delay(attempts: int) -> int:
    """Seconds to wait after the `attempts`-th failed attempt: MAIL_RETRY_SECONDS, doubled each time, at most an hour."""
    base = settings.MAIL_RETRY_SECONDS
    return min(base * 2 ** max(attempts - 1, 0), MAX_RETRY_SECONDS)


def build_message(mail: OutgoingMail) -> EmailMultiAlternatives:
    """The message for one row: To: its recipient only, text, HTML and attachments, its Message-ID."""
    message = EmailMultiAlternatives(
        subject=mail.subject,
        body=mail.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[mail.to_address],
        headers={"Message-ID": mail.message_id},
    )
    if mail.body_html:
        message.attach_alternative(mail.body_html, "text/html")
    for attachment in mail.attachments:
        content = base64.b64decode(attachment["content_base64"])
        message.attach(_mime_part(attachment["filename"], content, attachment["mimetype"]))
    return message


def _mime_part(filename, content, mimetype):
    """A MIME part that keeps the type's parameters (EmailMessage.attach with a
    mimetype string would drop `method=REQUEST`, which calendar programs need)."""
    from email.mime.base import MIMEBase
    from email.mime.text import MIMEText

    maintype, _, rest = mimetype.partition("/")
    subtype, *params = [p.strip() for p in rest.split(";")]
    params = dict(p.split("=", 1) for p in params if "=" in p)
    if maintype == "text":
        charset = params.pop("charset", "utf-8")
        part = MIMEText(content.decode(charset), subtype, charset)
    else:
        from email import encoders

        part = MIMEBase(maintype, subtype)
        part.set_payload(content)
        encoders.encode_base64(part)
    for name, value in params.items():
        part.set_param(name, value)
    part.add_header("Content-Disposition", "attachment", filename=filename)
    return part


def deliver(mail_id) -> str:
    """Try once to send mail `mail_id`; record the outcome on its row. Returns its status.

    Never raises for a failure of the mail server: the row records it and a retry is
    scheduled (or the row is marked failed after MAIL_MAX_ATTEMPTS).
    """
    with transaction.atomic():
        # Locked while it is sent, so a "send igen" and a retry cannot both send it.
        mail = OutgoingMail.objects.select_for_update().filter(pk=mail_id).first()
        if mail is None or mail.status != OutgoingMail.Status.QUEUED:
            return mail.status if mail else "missing"
        mail.attempts += 1
        mail.last_attempt_at = timezone.now()
        try:
            build_message(mail).send()
        except Exception as error:  # any failure of the server or the network
            mail.last_error = f"{type(error).__name__}: {error}"[:2000]
            if mail.attempts >= settings.MAIL_MAX_ATTEMPTS:
                mail.status = OutgoingMail.Status.FAILED
                reason = "Opgivet"
            else:
                _schedule(mail.pk, delay_seconds=retry_delay(mail.attempts))
                reason = "Forsøg fejlede"
            logger.warning("Mail %s to %s, attempt %s: %s", mail.pk, mail.to_address, mail.attempts,
                           mail.last_error)
        else:
            mail.status = OutgoingMail.Status.SENT
            mail.sent_at = timezone.now()
            reason = "Sendt"
        mail._change_reason = reason
        mail.save(update_fields=["attempts", "last_attempt_at", "last_error", "status", "sent_at"])
        return mail.status
