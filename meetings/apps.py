from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.translation import gettext_lazy as _

# Changes in these apps change what readers see (pagecache's content version).
CONTENT_APPS = {"meetings", "agreements"}
# Group memberships and groups decide who administers the installation (access.ADMIN_GROUP).
# Memberships and Person.user, which decide the rest of a reader's rights, are records
# of the meetings app and bump the version like any other.
ROLE_MODELS = {"auth.User_groups", "auth.Group"}


def _content_changed(sender, **kwargs):
    from . import pagecache

    meta = getattr(sender, "_meta", None)
    if meta is not None and meta.label in ROLE_MODELS:
        # A change of role changes what a reader may see (access.viewer_for caches it).
        pagecache.bump()
        return
    if meta is None or meta.app_label not in CONTENT_APPS:
        return
    # History rows, the version row itself and private-feed keys change no shared page.
    if meta.model_name.startswith("historical") or meta.model_name in {"siteversion", "calendartoken"}:
        return
    pagecache.bump()


def shorten_reason(reason: str, limit: int) -> str:
    """`reason` cut after a whole word to at most `limit` characters, ending in "…"."""
    if len(reason) <= limit:
        return reason
    cut = reason[:limit - 1]
    return (cut.rsplit(" ", 1)[0] if " " in cut else cut).rstrip(" ,;.") + "…"


def _fit_change_reason(sender, history_instance, **kwargs):
    """A history row's reason column holds 100 characters (django-simple-history's
    default); PostgreSQL refuses a longer one, so a long reason (a cancellation's,
    a correction's) would turn a valid save into a 500. Shorten it at a word, with "…".
    The record itself (a correction's reason, a cancellation's) keeps the whole text."""
    reason = history_instance.history_change_reason
    limit = history_instance._meta.get_field("history_change_reason").max_length
    if reason and limit:
        history_instance.history_change_reason = shorten_reason(reason, limit)


class MeetingsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "meetings"
    verbose_name = _("Møder")

    def ready(self):
        # Every door to signed-off minutes and to stored files meets the same checks;
        # the lock first, so a refused write stores no file.
        from . import locking, uploads

        locking.connect_signals()
        uploads.connect_signals()

        from simple_history.signals import pre_create_historical_record

        pre_create_historical_record.connect(_fit_change_reason, dispatch_uid="klu-history-reason-length")

        for signal in (post_save, post_delete, m2m_changed):
            signal.connect(_content_changed, dispatch_uid=f"klu-pagecache-{signal!r}")
