"""Admin for agreements and the health agreement, with history on every page.

The admin classes are the meetings admin's, which answer bad input (a key that is no
number, a history version that does not exist) with a form error or 404, never a 500.
"""

from django.contrib import admin
from django.db import models

from meetings.admin import SafeInline, SimpleHistoryAdmin

from .models import Agreement, AgreementEvent, AgreementLink, Goal, HealthAgreement, Milestone, Party, Principle, Theme


class PrincipleInline(SafeInline, admin.StackedInline):
    model = Principle
    extra = 0


class ThemeInline(SafeInline, admin.StackedInline):
    model = Theme
    extra = 0
    fields = ["position", "title", "description"]
    show_change_link = True


class MilestoneInline(SafeInline, admin.TabularInline):
    model = Milestone
    extra = 0


@admin.register(HealthAgreement)
class HealthAgreementAdmin(SimpleHistoryAdmin):
    list_display = ["name", "region", "valid_from", "valid_until"]
    inlines = [PrincipleInline, ThemeInline, MilestoneInline]


class GoalInline(SafeInline, admin.TabularInline):
    model = Goal
    extra = 0


@admin.register(Theme)
class ThemeAdmin(SimpleHistoryAdmin):
    list_display = ["title", "health_agreement", "position"]
    inlines = [GoalInline]
    filter_horizontal = ["agenda_items"]


@admin.register(Party)
class PartyAdmin(SimpleHistoryAdmin):
    search_fields = ["name"]


class AgreementLinkInline(SafeInline, admin.TabularInline):
    model = AgreementLink
    extra = 0
    # An address typed without a scheme is taken as https (Django 6's default, chosen now).
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


class AgreementEventInline(SafeInline, admin.TabularInline):
    model = AgreementEvent
    extra = 0
    autocomplete_fields = ["agenda_item"]


@admin.register(Agreement)
class AgreementAdmin(SimpleHistoryAdmin):
    list_display = ["title", "kind", "status", "approved_on", "review_date"]
    list_filter = ["kind", "status", "themes"]
    search_fields = ["title", "summary"]
    filter_horizontal = ["parties", "themes", "goals", "agenda_items"]
    autocomplete_fields = ["approved_by"]
    inlines = [AgreementLinkInline, AgreementEventInline]


admin.site.register(Goal, SimpleHistoryAdmin)
admin.site.register(Milestone, SimpleHistoryAdmin)
admin.site.register(Principle, SimpleHistoryAdmin)
admin.site.register(AgreementEvent, SimpleHistoryAdmin)
