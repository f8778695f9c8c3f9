from django.urls import path

from . import views

app_name = "agreements"

urlpatterns = [
    path("", views.register, name="register"),
    path("new/", views.agreement_edit, name="create"),
    path("<int:pk>/", views.agreement_detail, name="detail"),
    path("<int:pk>/edit/", views.agreement_edit, name="edit"),
    path("<int:pk>/status/", views.agreement_status, name="status"),
    path("<int:pk>/link-item/", views.agreement_link_item, name="link-item"),
    path("health-agreement/<int:pk>/", views.health_agreement_detail, name="health-agreement"),
    path("follow-ups/", views.follow_ups, name="follow-ups"),
    path("follow-ups/<int:pk>/close/", views.follow_up_close, name="follow-up-close"),
]
