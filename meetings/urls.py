from django.urls import path

from . import views

app_name = "meetings"

urlpatterns = [
    path("", views.home, name="home"),
    path("meetings/", views.meeting_archive, name="archive"),
    path("meetings/<int:pk>/", views.meeting_detail, name="detail"),
    path("meetings/<int:pk>/attachments/<int:attachment_pk>/", views.attachment_download, name="attachment"),
    path("committees/<slug:slug>/", views.committee_detail, name="committee"),
    path("search/", views.search, name="search"),
]
