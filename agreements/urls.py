from django.urls import path

from . import views

app_name = "agreements"

urlpatterns = [
    path("", views.register, name="register"),
    path("<int:pk>/", views.agreement_detail, name="detail"),
    path("health-agreement/<int:pk>/", views.health_agreement_detail, name="health-agreement"),
]
