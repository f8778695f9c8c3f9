"""Addresses of the register part of the people app (the secretariat's workspace)."""

from django.urls import path

from . import register_views as views

urlpatterns = [
    path("workspace/people/", views.person_list, name="person-list"),
    path("workspace/people/new/", views.person_new, name="person-new"),
    path("workspace/people/<int:pk>/", views.person_detail, name="person"),
    path("workspace/people/<int:pk>/forget-contact-details/", views.person_forget, name="person-forget"),
    path("workspace/people/<int:pk>/memberships/new/", views.membership_new, name="membership-new"),
    path("workspace/memberships/<int:pk>/", views.membership_edit, name="membership"),
    path("workspace/memberships/<int:pk>/end/", views.membership_end, name="membership-end"),
    path("workspace/organisations/", views.organisation_list, name="organisation-list"),
    path("workspace/organisations/new/", views.organisation_edit, name="organisation-new"),
    path("workspace/organisations/<int:pk>/", views.organisation_edit, name="organisation"),
]
