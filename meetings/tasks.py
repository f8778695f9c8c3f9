"""Work done after the request: rendering and storing signed-off minutes (run by `manage.py db_worker`).

A sign-off or a correction records the decision and schedules store_minutes_pdfs in
the same transaction (the database queue of django-tasks, as the mail outbox does):
the secretary does not wait for WeasyPrint, a change that rolls back schedules
nothing, and one that commits cannot lose its PDFs. Until the worker has stored
them, the first download stores them instead (minutes_store.ensure_signed_minutes);
the meeting row lock and the unique version make that happen once, whoever is first.

The sign-off mail states the SHA-256 of the stored public PDF, so the mail is queued
here, after the PDF is stored, never before: a mail cannot be recalled, and a hash
in it must be the stored file's.
"""

import logging

from django.db import transaction
from django_tasks import task

logger = logging.getLogger(__name__)


def schedule_minutes_pdfs(meeting, *, version: int, user=None, tell: bool = False) -> None:
    """Have the worker store version `version` of `meeting`'s minutes (and, with `tell`, mail the members).

    Call it inside the transaction that signs off or corrects: with the database queue
    the task is written in that transaction; another queue gets it after the commit.
    """
    user_id = user.pk if getattr(user, "pk", None) else None
    args = (meeting.pk, version, user_id, tell)
    if _queue_is_transactional(store_minutes_pdfs):
        store_minutes_pdfs.enqueue(*args)
    else:
        transaction.on_commit(lambda: store_minutes_pdfs.enqueue(*args))


@task()
def store_minutes_pdfs(meeting_id: int, version: int, user_id: int | None = None, tell: bool = False) -> str:
    """Render and store both editions of one version; then, with `tell`, queue the sign-off mail.

    If the PDFs cannot be stored, the members are still told (without a hash) and the
    task fails, so the failure is in the worker's log; the first download tries again.
    """
    from django.contrib.auth import get_user_model

    from . import notifications, stored_files
    from .exports.minutes_store import store_signed_minutes
    from .models import Meeting, MinutesPdf

    meeting = Meeting.objects.select_related("committee").get(pk=meeting_id)
    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None

    def tell_members(rows):
        sha256 = next((row.sha256 for row in rows if row.audience == MinutesPdf.Audience.PUBLIC), "")
        notifications.minutes_signed_off(meeting, user, sha256)

    try:
        # The files and the mail that states their hash commit together, or neither does.
        with transaction.atomic():
            rows = store_signed_minutes(meeting, user=user, version=version)
            if tell:
                tell_members(rows)
    except Exception:
        logger.exception("Could not store version %s of the minutes of meeting %s.", version, meeting_id)
        if tell:
            with transaction.atomic():
                tell_members([])
        raise
    finally:
        # A worker has no end of request: remove the files of what rolled back now.
        stored_files.discard_rolled_back()
    return ", ".join(f"v{row.version} {row.audience} {row.sha256}" for row in rows)


def _queue_is_transactional(task_):
    from django_tasks_db import DatabaseBackend

    return isinstance(task_.get_backend(), DatabaseBackend)
