"""Admin for master data and for inspecting history.

The admin is for the secretariat's master data (committees, people, memberships);
agendas and minutes are edited here too until the workspace exists. Every admin page
shows the record's history through SimpleHistoryAdmin.
"""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin as BaseHistoryAdmin



class SimpleHistoryAdmin(BaseHistoryAdmin):
    """History on every page; records that belong to signed-off minutes are read-only.

    The models refuse such changes anyway (meetings.locking); here the admin does not
    even offer them, so nobody meets an error page.
    """

    def meeting_of(self, obj):
        return None

    def locked(self, obj):
        meeting = self.meeting_of(obj) if obj is not None else None
        return meeting is not None and meeting.is_signed_off

    def has_change_permission(self, request, obj=None):
        return not self.locked(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self.locked(obj) and super().has_delete_permission(request, obj)


from .models import (  # noqa: E402
    AgendaItem,
    Attachment,
    Attendance,
    Committee,
    Decision,
    DecisionNote,
    CalendarToken,
    FollowUpAction,
    Meeting,
    Membership,
    MinutesPdf,
    Organisation,
    Person,
)


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "sector"]
    list_filter = ["sector"]
    search_fields = ["name"]


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = ["name", "title", "workplace", "organisation"]
    list_filter = ["organisation"]
    search_fields = ["name", "title", "workplace"]
    autocomplete_fields = ["organisation"]


class LockedWithParentInline:
    """Inline rows of a signed-off meeting's records are read-only like their parent."""

    def _parent_locked(self, obj):
        meeting = getattr(obj, "meeting", None) if obj is not None else None
        if obj is not None and meeting is None and hasattr(obj, "status"):
            meeting = obj
        return meeting is not None and meeting.is_signed_off

    def has_change_permission(self, request, obj=None):
        return not self._parent_locked(obj) and super().has_change_permission(request, obj)

    def has_add_permission(self, request, obj=None):
        return not self._parent_locked(obj) and super().has_add_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self._parent_locked(obj) and super().has_delete_permission(request, obj)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["person", "organisation"]


@admin.register(Committee)
class CommitteeAdmin(SimpleHistoryAdmin):
    list_display = ["name", "short_name", "slug", "default_location"]
    prepopulated_fields = {"slug": ["short_name"]}
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["person", "committee", "organisation", "side", "role", "start", "end"]
    list_filter = ["committee", "side", "role"]
    search_fields = ["person__name"]
    autocomplete_fields = ["person", "organisation"]


class AgendaItemInline(LockedWithParentInline, admin.StackedInline):
    model = AgendaItem
    fk_name = "meeting"
    extra = 0
    fields = ["number", "sub_number", "title", "kind", "is_closed", "presenter"]
    autocomplete_fields = ["presenter"]
    show_change_link = True


class AttendanceInline(LockedWithParentInline, admin.TabularInline):
    model = Attendance
    extra = 0
    fields = ["person", "capacity", "status", "organisation", "role_label", "title", "workplace", "position"]
    autocomplete_fields = ["person", "organisation"]


@admin.register(Meeting)
class MeetingAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "committee", "date", "start_time", "location", "status"]
    list_filter = ["committee", "status", "date"]
    date_hierarchy = "date"
    search_fields = ["title", "location", "case_number"]
    autocomplete_fields = ["minute_taker"]
    readonly_fields = ["agenda_published_at", "agenda_published_by", "signed_off_at", "signed_off_by",
                       "sequence", "version"]
    inlines = [AttendanceInline, AgendaItemInline]

    def meeting_of(self, obj):
        return obj


class DecisionInline(LockedWithParentInline, admin.StackedInline):
    model = Decision
    fk_name = "item"
    extra = 0
    autocomplete_fields = ["postponed_to"]


class AttachmentInline(LockedWithParentInline, admin.TabularInline):
    model = Attachment
    extra = 0
    fields = ["title", "part", "file", "is_closed", "position"]


@admin.register(AgendaItem)
class AgendaItemAdmin(SimpleHistoryAdmin):
    list_display = ["label", "title", "meeting", "kind", "is_closed"]
    list_filter = ["meeting__committee", "kind", "is_closed"]
    search_fields = ["title", "case_description"]
    autocomplete_fields = ["meeting", "presenter", "postponed_from", "previous_minutes"]
    readonly_fields = ["version"]
    inlines = [DecisionInline, AttachmentInline]

    def meeting_of(self, obj):
        return obj.meeting


@admin.register(Decision)
class DecisionAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "outcome"]
    list_filter = ["outcome"]
    search_fields = ["text", "item__title"]
    autocomplete_fields = ["item", "postponed_to"]
    readonly_fields = ["version"]

    def meeting_of(self, obj):
        return obj.item.meeting


@admin.register(DecisionNote)
class DecisionNoteAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "noted_on"]

    def meeting_of(self, obj):
        return obj.decision.item.meeting


@admin.register(Attendance)
class AttendanceAdmin(SimpleHistoryAdmin):
    list_display = ["person", "meeting", "capacity", "status"]
    list_filter = ["capacity", "status", "meeting__committee"]
    autocomplete_fields = ["person", "meeting", "organisation", "substitute_for"]

    def meeting_of(self, obj):
        return obj.meeting


@admin.register(Attachment)
class AttachmentAdmin(SimpleHistoryAdmin):
    list_display = ["title", "meeting", "item", "part", "is_closed"]
    list_filter = ["part", "is_closed"]
    search_fields = ["title"]
    readonly_fields = ["sha256", "size", "content_type"]

    def meeting_of(self, obj):
        return obj.meeting


@admin.register(FollowUpAction)
class FollowUpActionAdmin(SimpleHistoryAdmin):
    list_display = ["what", "responsible", "due_date", "status"]
    list_filter = ["status"]
    search_fields = ["what", "responsible"]


@admin.register(MinutesPdf)
class MinutesPdfAdmin(SimpleHistoryAdmin):
    """Signed-off PDFs are legal records: the admin shows them and never edits them."""

    list_display = ["meeting", "version", "audience", "sha256", "created_at"]
    list_filter = ["audience"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(CalendarToken)
class CalendarTokenAdmin(admin.ModelAdmin):
    list_display = ["user", "created_at", "revoked_at"]
    readonly_fields = ["token", "created_at"]
