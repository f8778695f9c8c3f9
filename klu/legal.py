"""The pages the law asks a public website for, linked from every page's footer.

- The accessibility statement (the Danish act on accessible public websites): the
  municipality makes it with the state's tool and sets ACCESSIBILITY_STATEMENT_URL;
  until then the footer links the built-in page, which states what this site meets
  and how to report a problem.
- The privacy notice (GDPR articles 13 and 14): which personal data the site holds,
  why, for how long, who is responsible (settings PRIVACY_*) and the persons' rights.
"""

from django.conf import settings
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from meetings.pagecache import cached_page


def footer_links(request):
    """Context for every page: where the footer's legal links go."""
    return {
        "accessibility_statement_url": settings.ACCESSIBILITY_STATEMENT_URL or reverse("accessibility"),
        "privacy_notice_url": reverse("privacy"),
    }


@require_safe
@cached_page
def accessibility(request):
    return render(request, "legal/accessibility.html", {"breadcrumbs": [(_("Tilgængelighedserklæring"), None)]})


@require_safe
@cached_page
def privacy(request):
    return render(request, "legal/privacy.html", {
        "breadcrumbs": [(_("Privatlivspolitik"), None)],
        "controller": settings.PRIVACY_CONTROLLER,
        "contact_email": settings.PRIVACY_CONTACT_EMAIL,
        "dpo_email": settings.PRIVACY_DPO_EMAIL,
    })

