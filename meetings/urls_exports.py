"""URLs of the other formats of a meeting: PDF and iCal (sibling URLs of the page)."""

from django.urls import path

from .exports import views

app_name = "exports"

urlpatterns = [
    path("meetings/<int:pk>/agenda.pdf", views.agenda_pdf, name="agenda-pdf"),
    path("meetings/<int:pk>/minutes.pdf", views.minutes_pdf, name="minutes-pdf"),
    path("meetings/<int:pk>/minutes-v<int:version>.pdf", views.minutes_pdf_version, name="minutes-pdf-version"),
    path("meetings/<int:pk>/samlet.pdf", views.combined_pdf, name="combined-pdf"),
    path("meetings/<int:pk>/meeting.ics", views.meeting_ics, name="meeting-ics"),
    path("calendar/private/", views.private_calendar, name="private-calendar"),
    path("calendar/private/<str:token>.ics", views.private_ics, name="private-ics"),
    path("calendar/<slug:slug>.ics", views.committee_ics, name="committee-ics"),
]
