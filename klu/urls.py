from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from meetings import api

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/meetings/", api.meeting_list, name="api-meeting-list"),
    path("api/meetings/<int:pk>/", api.meeting_detail, name="api-meeting-detail"),
    path("agreements/", include("agreements.urls")),
    path("", include("meetings.urls_exports")),
    path("", include("meetings.urls")),
]
