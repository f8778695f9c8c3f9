"""Attachments from the secretariat: only the documents a secretariat uses.

The type is checked by the file's content (its first bytes), not only its name; the
size is limited; the stored name is our own (a slug and a random part), so no upload
can choose where it lands, and it is always served as a download (see the view).
"""

import hashlib
import secrets
import zipfile

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils.text import slugify
from django.utils.translation import gettext as _

from .locking import ensure_editable
from .models import Attachment

MAX_BYTES = getattr(settings, "ATTACHMENT_MAX_BYTES", 25 * 1024 * 1024)

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


class UploadRefused(Exception):
    """An upload we will not store; the message says why, in Danish."""


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


def check_upload(upload):
    """(extension, content type) of an acceptable upload, or UploadRefused."""
    name = upload.name or ""
    extension = ("." + name.rsplit(".", 1)[-1].lower()) if "." in name else ""
    if extension not in TYPES:
        raise UploadRefused(_("Filtypen er ikke tilladt. Brug PDF, Word, PowerPoint, Excel, PNG eller JPEG."))
    if upload.size > MAX_BYTES:
        raise UploadRefused(_("Filen er for stor. Den må højst fylde %(mb)s MB.") % {"mb": MAX_BYTES // 2**20})
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


@transaction.atomic
def store_upload(*, meeting, item, user, upload, title, part, is_closed) -> Attachment:
    ensure_editable(meeting.pk)
    extension, content_type = check_upload(upload)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    stem = slugify(upload.name.rsplit(".", 1)[0])[:60] or "bilag"
    attachment = Attachment(
        meeting=meeting, item=item, title=title.strip(), part=part, is_closed=is_closed,
        position=(meeting.attachments.aggregate(m=Max("position"))["m"] or 0) + 1,
        sha256=digest.hexdigest(), size=upload.size, content_type=content_type,
    )
    attachment.file.save(f"{stem}-{secrets.token_hex(4)}{extension}", ContentFile(upload.read()), save=False)
    attachment._history_user = user
    attachment._change_reason = _("Bilag tilføjet")
    attachment.save()
    return attachment
