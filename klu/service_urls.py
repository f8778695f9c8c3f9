"""Storage and cache settings from one URL each (MEDIA_STORAGE_URL, CACHE_URL).

Like DATABASE_URL and EMAIL_URL, one variable says where a shared service is, so an
operator sets the same line on every app server and worker. Each function returns
the value for Django's STORAGES["default"] or CACHES["default"], or raises
ImproperlyConfigured with a sentence that says what is wrong.
"""

from urllib.parse import parse_qs, unquote, urlsplit, urlunsplit

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def _query(parts):
    return {key: values[-1] for key, values in parse_qs(parts.query, keep_blank_values=True).items()}


def storage_from_url(url: str) -> dict:
    """The default file storage for `url`.

    Empty: files in MEDIA_ROOT on the local disk. Otherwise an S3-compatible store:

        s3://ACCESS_KEY:SECRET_KEY@host[:port]/bucket[/prefix]?region=eu-north-1&tls=1

    `tls=0` talks plain HTTP (a store on loopback or a private network only); `region`
    defaults to us-east-1, which SeaweedFS and MinIO accept. Objects are private: the
    app reads them and streams them to a reader after the access check, and never
    hands out a public address.
    """
    if not url:
        # No location here: the storage follows MEDIA_ROOT, also when tests change it.
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    parts = urlsplit(url)
    try:
        port = parts.port
    except ValueError:
        port = None
        parts = None
    if parts is None or parts.scheme != "s3" or not parts.hostname:
        raise ImproperlyConfigured(
            "MEDIA_STORAGE_URL must look like s3://ACCESS_KEY:SECRET_KEY@host:port/bucket "
            f"(or be empty for files in MEDIA_ROOT), not {_redacted(url)!r}.")
    bucket, _slash, prefix = parts.path.lstrip("/").partition("/")
    if not bucket:
        raise ImproperlyConfigured("MEDIA_STORAGE_URL names no bucket: s3://…@host:port/bucket.")
    query = _query(parts)
    unknown = set(query) - {"region", "tls", "addressing"}
    if unknown:
        raise ImproperlyConfigured(f"MEDIA_STORAGE_URL has unknown options: {', '.join(sorted(unknown))}.")
    tls = query.get("tls", "1").lower()
    if tls not in _TRUE | _FALSE:
        raise ImproperlyConfigured(f"MEDIA_STORAGE_URL: tls must be 1 or 0, not {tls!r}.")
    tls = tls in _TRUE
    host = parts.hostname if ":" not in parts.hostname else f"[{parts.hostname}]"
    endpoint = f"{'https' if tls else 'http'}://{host}" + (f":{port}" if port else "")
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "location": prefix.strip("/"),
            "endpoint_url": endpoint,
            "access_key": unquote(parts.username or ""),
            "secret_key": unquote(parts.password or ""),
            "region_name": query.get("region") or "us-east-1",
            "addressing_style": query.get("addressing", "path"),
            "signature_version": "s3v4",
            # Never replace an object under a name a row may point to: a taken name
            # gets a variant, as on the local disk.
            "file_overwrite": False,
            # Private objects; no public ACL is ever set.
            "default_acl": None,
            # If anything ever asks for an object's URL, it is signed and short-lived.
            "querystring_auth": True,
            "querystring_expire": 60,
            # botocore waits 60 s to connect and 60 s to read, five times over; a store
            # that stops answering would hold a reader for minutes. Fail in seconds instead
            # (the download or upload then says so in Danish, see meetings/stored_files.py).
            # A client_config replaces addressing_style and signature_version above, so
            # it repeats them.
            "client_config": _client_config(query.get("addressing", "path")),
        },
    }


def _client_config(addressing):
    from botocore.config import Config

    return Config(s3={"addressing_style": addressing}, signature_version="s3v4",
                  connect_timeout=3, read_timeout=20, retries={"max_attempts": 3, "mode": "standard"})


def cache_from_url(url: str, *, max_entries: int) -> dict:
    """The default cache for `url`.

    Empty: each process keeps its own cache in memory. `redis://[:password@]host:port/db`
    (or `rediss://` for TLS): Django's own Redis backend, shared by every app server,
    so a page rendered on one is served by all.
    """
    if not url:
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                "LOCATION": "klu", "OPTIONS": {"MAX_ENTRIES": max_entries}}
    scheme = urlsplit(url).scheme
    if scheme not in {"redis", "rediss", "unix"}:
        raise ImproperlyConfigured(
            f"CACHE_URL must be a redis://host:port/db address (or empty for a cache in each process), not {_redacted(url)!r}.")
    return {
        "BACKEND": "klu.cache.TolerantRedisCache",  # Django's RedisCache; a Redis away is a miss
        "LOCATION": url,
        # Keys of different sites sharing one Redis never meet.
        "KEY_PREFIX": "klu",
        "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
    }


def _redacted(url):
    """`url` with its password replaced by ***, for error messages."""
    try:
        parts = urlsplit(url)
        has_password = parts.password is not None
    except ValueError:
        return "(a malformed URL)"
    if not has_password:
        return url
    # Replace by position, not by search: the password may also occur in the user name.
    userinfo, _at, host = parts.netloc.rpartition("@")
    return urlunsplit(parts._replace(netloc=f"{userinfo.split(':', 1)[0]}:***@{host}"))
