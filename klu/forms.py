"""The log-in forms (the site's own and the admin's), with lengths that are checked."""

from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

# Longer than any password manager makes, short enough that hashing it costs nothing.
PASSWORD_MAX_LENGTH = 4096
# The name field takes an e-mail address too (people/backends.py), and an address may
# have 254 characters; django-axes stores the name in 255.
NAME_MAX_LENGTH = 254


class LengthCheckedLogin:
    """Refuse an over-long name or password with a form error before anyone authenticates.

    AuthenticationForm sets the name field's max_length after the field is built, so
    the browser hears of it but the server never checks it. An over-long name then
    reached django-axes, which stores each failed name in a 255-character column:
    PostgreSQL refused it and the visitor got a server error.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        username = self.fields["username"]
        username.max_length = NAME_MAX_LENGTH
        username.widget.attrs["maxlength"] = NAME_MAX_LENGTH
        username.validators.append(MaxLengthValidator(
            username.max_length, message=_("Brugernavnet kan højst have %(limit_value)d tegn.")))
        password = self.fields["password"]
        password.max_length = PASSWORD_MAX_LENGTH
        password.widget.attrs["maxlength"] = PASSWORD_MAX_LENGTH
        password.validators.append(MaxLengthValidator(
            PASSWORD_MAX_LENGTH, message=_("Adgangskoden kan højst have %(limit_value)d tegn.")))


class LoginForm(LengthCheckedLogin, AuthenticationForm):
    """The members' and the secretariat's log-in at /login/: e-mail address or username."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("E-mail eller brugernavn")


class AdminLoginForm(LengthCheckedLogin, AdminAuthenticationForm):
    """The admin's log-in: staff only, as Django's own."""
