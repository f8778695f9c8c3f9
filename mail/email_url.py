"""EMAIL_URL: one setting that says how mail leaves the site.

    smtp://user:password@mail.example:25       plain SMTP (or an internal relay)
    smtp+tls://user:password@mail.example:587  SMTP with STARTTLS (default port 587)
    smtp+ssl://user:password@mail.example:465  SMTP over implicit TLS (default port 465)
    console:                                   print each mail (development; the default)
    file:///var/tmp/klu-mails                  one file per mail in that folder
    locmem:                                    kept in memory (tests)

User and password are percent-encoded in the URL (`p%40ss` for `p@ss`). `?timeout=N`
sets the SMTP timeout in seconds (default 30). Imported by klu/settings.py before
Django is set up, so this module imports nothing from Django but the exception.

Written here rather than taken from dj-email-url: that package has had no release
since 2022, and the whole job is thirty lines that the tests pin down.
"""

from dataclasses import dataclass, field
from urllib.parse import parse_qs, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
SCHEMES = {
    "smtp": (SMTP_BACKEND, 25),
    "smtp+tls": (SMTP_BACKEND, 587),
    "smtp+ssl": (SMTP_BACKEND, 465),
    "console": ("django.core.mail.backends.console.EmailBackend", None),
    "file": ("django.core.mail.backends.filebased.EmailBackend", None),
    "locmem": ("django.core.mail.backends.locmem.EmailBackend", None),
}
DEFAULT_TIMEOUT = 30


@dataclass(frozen=True)
class EmailConfig:
    """The Django EMAIL_* settings one EMAIL_URL stands for."""

    backend: str
    host: str = "localhost"
    port: int = 25
    user: str = ""
    password: str = field(default="", repr=False)
    use_tls: bool = False
    use_ssl: bool = False
    timeout: int | None = None
    file_path: str | None = None


def _refuse(reason):
    # Never echo the URL itself: it may carry a password into a log.
    return ImproperlyConfigured(
        f"EMAIL_URL {reason}. Use smtp://, smtp+tls:// (STARTTLS), smtp+ssl:// (implicit TLS), "
        "console:, file:///absolute/folder or locmem:."
    )


def parse_email_url(url: str) -> EmailConfig:
    """The settings for `url`; ImproperlyConfigured (without the password) if it is not one of the forms above."""
    url = (url or "").strip()
    scheme = url.split(":", 1)[0].lower() if ":" in url else ""
    if scheme not in SCHEMES:
        shown = f"scheme {scheme!r}" if scheme else "value (no scheme)"
        raise _refuse(f"has an unknown {shown}")
    backend, default_port = SCHEMES[scheme]
    if scheme in {"console", "locmem"}:
        if url.split(":", 1)[1].strip("/"):
            raise _refuse(f"{scheme}: takes nothing after the colon")
        return EmailConfig(backend=backend)
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise _refuse("has a port that is not a number") from None
    if scheme == "file":
        path = unquote(parts.path)
        if parts.netloc or not path.startswith("/") or path == "/":
            raise _refuse("file:// needs an absolute folder, as in file:///var/tmp/klu-mails")
        return EmailConfig(backend=backend, file_path=path)
    if not parts.hostname:
        raise _refuse(f"{scheme}:// needs a host, as in {scheme}://mail.example")
    if parts.path not in ("", "/"):
        raise _refuse(f"{scheme}:// takes no path")
    timeout = DEFAULT_TIMEOUT
    for name, values in parse_qs(parts.query, keep_blank_values=True).items():
        if name != "timeout":
            raise _refuse(f"has an unknown option {name!r} (only timeout)")
        try:
            timeout = int(values[-1])
        except ValueError:
            raise _refuse("has a timeout that is not a whole number of seconds") from None
        if timeout <= 0:
            raise _refuse("has a timeout that is not positive")
    return EmailConfig(
        backend=backend,
        host=parts.hostname,
        port=port or default_port,
        user=unquote(parts.username or ""),
        password=unquote(parts.password or ""),
        use_tls=scheme == "smtp+tls",
        use_ssl=scheme == "smtp+ssl",
        timeout=timeout,
    )
