from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from klu.forms import AdminLoginForm, LoginForm
from klu import legal
from klu.health import healthz
from klu.language import switch_language
from meetings import api

admin.site.login_form = AdminLoginForm

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("tilgaengelighed/", legal.accessibility, name="accessibility"),
    path("privatliv/", legal.privacy, name="privacy"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("language/<str:code>/", switch_language, name="switch-language"),
    path("admin/", admin.site.urls),
    path("login/", auth_views.LoginView.as_view(authentication_form=LoginForm), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include("meetings.workspace.urls")),
    path("", include("mail.urls")),
    path("api/meetings/", api.meeting_list, name="api-meeting-list"),
    path("api/meetings/<int:pk>/", api.meeting_detail, name="api-meeting-detail"),
    path("agreements/", include("agreements.urls")),
    path("", include("people.urls")),
    path("", include("meetings.urls_exports")),
    path("", include("meetings.urls")),
]

if settings.BENCH_ENDPOINTS:
    from django.http import HttpResponse

    def baseline(request):
        """The benchmark's yardstick: Django's full middleware stack and nothing else."""
        return HttpResponse("ok", content_type="text/plain")

    urlpatterns.insert(0, path("bench/baseline", baseline))
