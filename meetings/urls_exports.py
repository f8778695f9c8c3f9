"""URLs of the other formats of a meeting: PDF and iCal (sibling URLs of the page)."""

app_name = "exports"

urlpatterns = []
