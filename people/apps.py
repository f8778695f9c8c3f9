from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    """The register of people: who sits where, their accounts, and a member's own page.

    The records themselves (Organisation, Person, Membership) live in meetings.models,
    where their migrations began; this app is the register's workspace, the accounts
    that belong to people, and what a member does for themselves.
    """

    name = "people"
    verbose_name = _("Personer")
