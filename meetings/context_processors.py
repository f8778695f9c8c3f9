"""Template context every page needs: what the reader's rights let the menu offer."""

from . import access


def audience(request):
    """The reader's rights (cached on the user, so views asking again run no query)."""
    viewer = access.viewer_for(getattr(request, "user", None))
    return {"is_secretariat": viewer.is_secretariat, "is_member": viewer.is_member, "viewer": viewer}
