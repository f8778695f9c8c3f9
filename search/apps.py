from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "search"
    verbose_name = _("Søgning")

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import index

        index.connect_signals()
        post_migrate.connect(index.build_if_empty, sender=self, dispatch_uid="search-build-if-empty")
