"""Addresses of the member part of the people app: a member's own page and what they do there."""

from django.urls import path

from . import member_views

urlpatterns = [
    path("mine-moeder/", member_views.my_meetings, name="my-meetings"),
    path("mine-moeder/<int:pk>/afbud/", member_views.apology_send, name="apology-send"),
    path("mine-moeder/<int:pk>/afbud/tilbage/", member_views.apology_withdraw, name="apology-withdraw"),
    path("mine-moeder/kontakt/", member_views.contact_update, name="contact-update"),
]
