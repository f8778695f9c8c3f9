"""Template context every page needs: what the reader's role lets the menu offer."""

from . import access


def audience(request):
    """The reader's audience (cached on the user, so views asking again run no query)."""
    reader = access.audience_for(getattr(request, "user", None))
    return {"is_secretariat": reader >= access.Audience.SECRETARIAT, "is_member": reader >= access.Audience.MEMBER}
