"""Files that belong to a database row, such as the stored minutes PDFs.

A failed sign-off once left a truncated members' edition, closed items and all, in
MEDIA_ROOT: the storage had written half the second file under its final name when
the disk gave out, and nothing removed it. Two rules keep that from happening again:

- A file appears under its final name only complete. The bytes go to a temporary
  file in the same folder and are flushed to disk; the temporary file then replaces
  a name reserved for it (a rename within a folder is atomic). No reader, no row
  and no crash ever meets half a file.
- A file stays only if the transaction that wanted it commits. The row is saved
  after its file is on disk, in the same transaction, so a committed row always
  names a complete file. Django has no rollback hook; save() registers an on_commit
  callback that marks the file as kept, and Django drops that callback unrun when
  the savepoint or transaction around it rolls back. discard_rolled_back() removes
  the files whose callback is gone unrun. The writers call it after their
  transaction, and it runs at the end of every request.

Only a crash (of the process or the machine) before the commit can leave something
behind: a complete file no row names, or a hidden '.*.part' temporary file; never a
partial file under a name a row could point to.
"""

import contextlib
import errno
import logging
import os
import sys
import tempfile
import threading
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.core.signals import request_finished
from django.db import connections, router, transaction
from django.db.transaction import TransactionManagementError

logger = logging.getLogger(__name__)

_local = threading.local()


@dataclass(eq=False)
class _Written:
    """A file written for a row that was not yet committed."""

    storage: object
    name: str
    using: str
    # The file's absolute path on a local disk: where the file went, even if the
    # storage is pointed elsewhere meanwhile (tests override MEDIA_ROOT).
    path: str | None = None
    kept: bool = False

    def keep(self):
        self.kept = True


def storage_errors() -> tuple:
    """The exceptions a file storage raises when it cannot read or write, for `except`.

    OSError for the local disk (and for a missing object in an S3 store, which
    django-storages reports as FileNotFoundError); an S3 store that does not answer
    or refuses (django-storages through boto3) raises botocore's own errors instead.
    botocore is only looked up once it is loaded: with files on the local disk it
    never is, and nothing else can raise its errors.
    """
    botocore = sys.modules.get("botocore.exceptions")
    if botocore is None:
        return (OSError,)
    return (OSError, botocore.BotoCoreError, botocore.ClientError)


def _pending() -> list:
    if not hasattr(_local, "written"):
        _local.written = []
    return _local.written


def save(field_file, name: str, data: bytes) -> str:
    """Store `data` as the file of `field_file` (e.g. `row.file`), complete or not at all.

    `name` is the file's name as for FieldFile.save(); the field's upload_to decides
    the folder and the storage may pick a free variant of the name. Sets the field on
    the row (which the caller then saves) and returns the stored name. Must run
    inside the transaction.atomic() block that saves the row: the file is removed if
    that block rolls back. Raises OSError when the storage cannot take the file, and
    leaves nothing behind then.
    """
    instance, field = field_file.instance, field_file.field
    using = router.db_for_write(type(instance), instance=instance)
    if not connections[using].in_atomic_block:
        # Outside a transaction the row could fail to save after the file stayed.
        raise TransactionManagementError("stored_files.save() must run in the transaction that saves its row.")
    discard_rolled_back()
    storage = field_file.storage
    stored, path = _write(storage, field.generate_filename(instance, name), data, max_length=field.max_length)
    written = _Written(storage=storage, name=stored, using=using, path=path)
    _pending().append(written)
    transaction.on_commit(written.keep, using=using)
    # First in line: Django runs the callbacks in order and drops the rest when one
    # raises, so ours must run before any other can fail, or a committed file would
    # look rolled back.
    hooks = connections[using].run_on_commit
    hooks.insert(0, hooks.pop())
    setattr(instance, field.attname, stored)
    return stored


def discard_rolled_back(**_signal_kwargs):
    """Remove the files this thread wrote whose savepoint or transaction rolled back.

    Runs no query. Files whose transaction is still open wait for it to end.
    """
    still_open = []
    for written in _pending():
        if written.kept:
            continue
        # While the transaction is open, Django holds our callback among its hooks
        # (as a tuple with the savepoint ids); a rollback removes it unrun.
        if any(written.keep in hook for hook in connections[written.using].run_on_commit):
            still_open.append(written)
        else:
            _delete(written)
    _local.written = still_open


# Every request ends with its transactions, so nothing it wrote in vain outlives it.
request_finished.connect(discard_rolled_back, dispatch_uid="meetings.stored_files.discard_rolled_back")


def _delete(written):
    try:
        if written.path is None:
            written.storage.delete(written.name)
        else:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(written.path)
    except storage_errors():
        logger.exception("Could not remove %s, written for a transaction that rolled back.", written.name)


def _write(storage, name, data, *, max_length):
    if not isinstance(storage, FileSystemStorage):
        # Object stores (S3 and the like) publish an object whole or not at all.
        try:
            return storage.save(name, ContentFile(data), max_length=max_length), None
        except storage_errors() as error:
            if isinstance(error, OSError):
                raise
            # Callers know one failure, the local disk's: the store did not take the file.
            raise OSError(f"The file storage did not take {name}: {error}") from error
    while True:
        name = storage.get_available_name(name, max_length=max_length)
        path = storage.path(name)
        directory = os.path.dirname(path)
        os.makedirs(directory, exist_ok=True)
        try:
            # Reserve the name: O_EXCL fails if another writer took it since the check.
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        except FileExistsError:
            continue
        break
    try:
        handle, temporary = tempfile.mkstemp(dir=directory, prefix=".", suffix=".part")
        try:
            with os.fdopen(handle, "wb") as file:
                file.write(data)
                file.flush()
                os.fsync(file.fileno())
            if storage.file_permissions_mode is not None:
                os.chmod(temporary, storage.file_permissions_mode)
            os.replace(temporary, path)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temporary)
            raise
        _fsync_directory(directory)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(path)
        raise
    return name, path


def _fsync_directory(directory):
    """Make the rename itself durable, not only the bytes."""
    handle = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(handle)
    except OSError as error:
        # Some file systems (network mounts) cannot sync a folder; the file is whole regardless.
        if error.errno not in {errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP}:
            raise
    finally:
        os.close(handle)
