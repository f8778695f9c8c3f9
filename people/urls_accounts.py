"""Addresses of the accounts part of the people app.

The secretariat's actions live under /workspace/people/<pk>/ next to the register; the
invitation link and "Glemt adgangskode" are public (under /login/ for the latter).
"""

from django.urls import path

from . import account_views as views

urlpatterns = [
    path("workspace/people/<int:pk>/account/", views.account_status, name="account"),
    path("workspace/people/<int:pk>/invite/", views.invite, name="invite"),
    path("workspace/people/<int:pk>/deactivate/", views.deactivate, name="deactivate"),
    path("workspace/people/<int:pk>/reactivate/", views.reactivate, name="reactivate"),
    path("invitation/<uidb64>/<token>/", views.InvitationView.as_view(), name="invitation"),
    path("invitation/velkommen/", views.invitation_done, name="invitation-done"),
    path("login/glemt/", views.PasswordReset.as_view(), name="password-reset"),
    path("login/glemt/sendt/", views.PasswordResetDone.as_view(), name="password-reset-done"),
    path("login/glemt/<uidb64>/<token>/", views.PasswordResetConfirm.as_view(), name="password-reset-confirm"),
    path("login/glemt/faerdig/", views.PasswordResetComplete.as_view(), name="password-reset-complete"),
]
