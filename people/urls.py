"""The people app's addresses: the register (secretariat), accounts, a member's own page."""

from .urls_accounts import urlpatterns as accounts
from .urls_member import urlpatterns as member
from .urls_register import urlpatterns as register

app_name = "people"
urlpatterns = [*register, *accounts, *member]
