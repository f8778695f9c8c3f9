"""WSGI entry point, used by gunicorn in production."""
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "klu.settings")
application = get_wsgi_application()


def _warm_object_store():
    # With files on an object store, boto3's import and client set-up (about half a
    # second, make scale-test) happen as the server process starts, not in the first
    # reader's download. Nothing is sent to the store here.
    from django.conf import settings

    if settings.MEDIA_STORAGE_URL:
        from django.core.files.storage import default_storage

        default_storage.connection


_warm_object_store()
