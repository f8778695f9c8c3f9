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

        for signal in (post_save, post_delete, m2m_changed):
            signal.connect(_content_changed, dispatch_uid=f"klu-pagecache-{signal!r}")
