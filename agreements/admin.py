"""Admin for agreements and the health agreement, with history on every page."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Agreement, AgreementEvent, AgreementLink, Goal, HealthAgreement, Milestone, Party, Principle, Theme


class PrincipleInline(admin.StackedInline):
    model = Principle
    extra = 0


class ThemeInline(admin.StackedInline):
    model = Theme
    extra = 0
    fields = ["position", "title", "description"]
    show_change_link = True


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0


@admin.register(HealthAgreement)
class HealthAgreementAdmin(SimpleHistoryAdmin):
    list_display = ["name", "region", "valid_from", "valid_until"]
    inlines = [PrincipleInline, ThemeInline, MilestoneInline]


class GoalInline(admin.TabularInline):
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


class AgreementLinkInline(admin.TabularInline):
    model = AgreementLink
    extra = 0


class AgreementEventInline(admin.TabularInline):
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
