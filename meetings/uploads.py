"""Attachments from the secretariat: only the documents a secretariat uses.

The type is checked by the file's content (its first bytes), not only its name; the
size is limited; the stored name is our own (an ASCII slug and a random part), so no
upload can choose where it lands, and it is always served as a download (see the view)
under the name it was uploaded with, Danish letters included.

Every door goes through here: the workspace calls store_upload, and a pre_save handler
(connected in meetings.apps) checks every Attachment written any other way, from the
admin, a script, the seed or a fixture, so no file is stored that store_upload would
refuse.
"""

import hashlib
import re
import secrets
import unicodedata
import zipfile

from django.conf import settings
from django.core.exceptions import BadRequest
from django.core.files.base import ContentFile
from django.db import connections, router, transaction
from django.db.models import Max
from django.db.models.signals import pre_save
from django.utils.text import slugify
from django.utils.translation import gettext as _

from . import stored_files
from .locking import ensure_editable
from .models import Attachment


def max_bytes():
    """The largest attachment accepted (settings.ATTACHMENT_MAX_BYTES, read when asked)."""
    return getattr(settings, "ATTACHMENT_MAX_BYTES", 25 * 1024 * 1024)


OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .doc/.xls/.ppt
TYPES = {
    ".pdf": ("application/pdf", lambda head, f: head.startswith(b"%PDF-")),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document",
              lambda head, f: _ooxml(f, "word/")),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
              lambda head, f: _ooxml(f, "xl/")),
    ".pptx": ("application/vnd.openxmlformats-officedocument.presentationml.presentation",
              lambda head, f: _ooxml(f, "ppt/")),
    ".doc": ("application/msword", lambda head, f: head.startswith(OLE)),
    ".xls": ("application/vnd.ms-excel", lambda head, f: head.startswith(OLE)),
    ".ppt": ("application/vnd.ms-powerpoint", lambda head, f: head.startswith(OLE)),
    ".png": ("image/png", lambda head, f: head.startswith(b"\x89PNG\r\n\x1a\n")),
    ".jpg": ("image/jpeg", lambda head, f: head.startswith(b"\xff\xd8\xff")),
    ".jpeg": ("image/jpeg", lambda head, f: head.startswith(b"\xff\xd8\xff")),
}

# slugify() drops letters that Unicode does not decompose to ASCII, and æ and ø are
# such letters ("Æøå møde" became "a-mde"); the Danish spelling rules give these.
DANISH_LETTERS = str.maketrans({"æ": "ae", "Æ": "Ae", "ø": "oe", "Ø": "Oe", "å": "aa", "Å": "Aa"})
# What a name we stored looks like: our folder for the meeting, an ASCII slug (the storage
# may have added "_" and random letters to make it free), a known type.
STORED_NAME = re.compile(r"^attachments/(?P<meeting>\d+)/[a-zA-Z0-9][a-zA-Z0-9_-]*(?P<ext>\.[a-z]+)$")
ORIGINAL_NAME_MAX = 255


class UploadRefused(BadRequest):
    """An upload we will not store; the message says why, in Danish.

    A BadRequest, so that a door that forgets to catch it answers 400, not 500.
    """


def not_stored_message():
    """What the workspace says when the disk or the S3 store did not take an upload (an OSError
    from stored_files.save): nothing was stored, and trying again later may work."""
    return _("Filen kunne ikke gemmes, fordi serveren ikke kunne skrive den. Intet er gemt. Prøv igen om lidt, "
             "og kontakt driften, hvis det sker igen.")


def _ooxml(upload, folder):
    try:
        upload.seek(0)
        with zipfile.ZipFile(upload) as archive:
            names = archive.namelist()
        return "[Content_Types].xml" in names and any(name.startswith(folder) for name in names)
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    finally:
        upload.seek(0)


def _extension(name):
    return ("." + name.rsplit(".", 1)[-1].lower()) if "." in name else ""


def check_upload(upload, *, name=None):
    """(extension, content type) of an acceptable upload, or UploadRefused."""
    name = upload.name if name is None else name
    extension = _extension(name or "")
    if extension not in TYPES:
        raise UploadRefused(_("Filtypen er ikke tilladt. Brug PDF, Word, PowerPoint, Excel, PNG eller JPEG."))
    if upload.size > max_bytes():
        raise UploadRefused(_("Filen er for stor. Den må højst fylde %(mb)s MB.") % {"mb": max_bytes() // 2**20})
    if upload.size == 0:
        raise UploadRefused(_("Filen er tom."))
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    content_type, matches = TYPES[extension]
    if not matches(head, upload):
        raise UploadRefused(_("Filens indhold passer ikke til endelsen %(ext)s. Filen er ikke gemt.")
                            % {"ext": extension})
    return extension, content_type


def display_name(name):
    """The name a person gave the file, as downloads offer it: 'Æøå møde.pdf'.

    Folders a browser sends are dropped, letters are composed (macOS sends å as a + ring)
    and control characters removed; only the stored name has to be ASCII.
    """
    name = unicodedata.normalize("NFC", str(name or "")).replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(c for c in name if unicodedata.category(c)[0] != "C").strip()
    if len(name) > ORIGINAL_NAME_MAX:
        extension = _extension(name)[:20]
        name = name[:ORIGINAL_NAME_MAX - len(extension)] + extension
    return name


def storage_stem(name):
    """An ASCII slug of a file name without its extension: 'Æøå møde.pdf' -> 'aeoeaa-moede'."""
    stem = unicodedata.normalize("NFC", display_name(name)).rsplit(".", 1)[0]
    return slugify(stem.translate(DANISH_LETTERS))[:60].strip("-_") or "bilag"


def _sha256(file):
    digest = hashlib.sha256()
    file.seek(0)
    for chunk in file.chunks():
        digest.update(chunk)
    file.seek(0)
    return digest.hexdigest()


def accept_new_file(attachment):
    """Check the file just put on `attachment` (not yet stored) and store it under our name,
    recording its original name, SHA-256, size and type. Raises UploadRefused."""
    upload = attachment.file.file
    original = display_name(getattr(upload, "name", "") or attachment.file.name)
    extension, content_type = check_upload(upload, name=original)
    upload.seek(0)
    data = upload.read()  # at most max_bytes(), checked above
    attachment.original_name = original
    attachment.sha256 = hashlib.sha256(data).hexdigest()
    attachment.size = len(data)
    attachment.content_type = content_type
    name = f"{storage_stem(original)}-{secrets.token_hex(4)}{extension}"
    if connections[router.db_for_write(Attachment, instance=attachment)].in_atomic_block:
        # Written whole, and removed if the transaction saving the row rolls back.
        stored_files.save(attachment.file, name, data)
    else:
        # A script in autocommit: the row is inserted right after, with nothing to roll back.
        attachment.file.save(name, ContentFile(data), save=False)


def accept_stored_file(attachment, *, raw):
    """Check a file named directly (the seed writes its files itself; fixtures name them).

    It must lie under our name for the meeting and pass the same checks as an upload.
    A normal save records its hash, size and type; a fixture (raw) must state them truly.
    """
    name = attachment.file.name
    match = STORED_NAME.match(name)
    if match is None or match["ext"] not in TYPES or int(match["meeting"]) != attachment.meeting_id:
        raise UploadRefused(_("Bilagets filnavn er ikke et, systemet har givet det. Upload filen i stedet."))
    storage = attachment.file.storage
    if not storage.exists(name):
        raise UploadRefused(_("Bilagets fil findes ikke."))
    with storage.open(name, "rb") as stored:
        _extension_found, content_type = check_upload(stored, name=name)
        facts = {"sha256": _sha256(stored), "size": stored.size, "content_type": content_type}
    if raw:
        if any(getattr(attachment, key) != value for key, value in facts.items()):
            raise UploadRefused(_("Bilagets SHA-256, størrelse eller filtype passer ikke til filen."))
        return
    for key, value in facts.items():
        setattr(attachment, key, value)


def on_attachment_pre_save(sender, instance, raw=False, update_fields=None, **kwargs):
    """Every Attachment write passes here (connected in meetings.apps)."""
    if update_fields is not None and "file" not in update_fields:
        return
    file = instance.file
    if not file:
        if not raw:
            # Without a file there is nothing to describe.
            instance.sha256, instance.size, instance.content_type, instance.original_name = "", 0, "", ""
        return
    if not file._committed:
        accept_new_file(instance)
        return
    stored = None
    if instance.pk is not None:
        stored = Attachment._base_manager.filter(pk=instance.pk).values_list("file", flat=True).first()
    if file.name != stored:
        accept_stored_file(instance, raw=raw)


def connect_signals():
    """Called from MeetingsConfig.ready(), after the minutes lock: a refused write stores no file."""
    pre_save.connect(on_attachment_pre_save, sender=Attachment, dispatch_uid="klu-attachment-upload")


def store_upload(*, meeting, item, user, upload, title, part, is_closed) -> Attachment:
    """The workspace's upload: check it, store it and record who added it."""
    check_upload(upload)
    attachment = Attachment(
        meeting=meeting, item=item, title=title.strip(), part=part, is_closed=is_closed, file=upload,
    )
    try:
        with transaction.atomic():
            ensure_editable(meeting.pk)
            attachment.position = (meeting.attachments.aggregate(m=Max("position"))["m"] or 0) + 1
            attachment._history_user = user
            attachment._change_reason = _("Bilag tilføjet")
            attachment.save()
    finally:
        stored_files.discard_rolled_back()
    return attachment


def replace_upload(*, attachment, user, upload) -> Attachment:
    """Put a new file on a stored attachment, checked and stored as store_upload does.

    The old file is left in storage: the history row before this save names it (with
    its SHA-256), so the history can still give it out. The caller locks the meeting.
    """
    check_upload(upload)
    try:
        with transaction.atomic():
            ensure_editable(attachment.meeting_id)
            attachment.file = upload
            attachment._history_user = user
            attachment._change_reason = _("Bilagets fil erstattet")
            attachment.save()
    finally:
        stored_files.discard_rolled_back()
    return attachment
