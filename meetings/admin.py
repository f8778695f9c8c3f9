"""Admin for master data and for inspecting history.

The admin is for the secretariat's master data (committees, people, memberships);
agendas and minutes are edited here too until the workspace exists. Every admin page
shows the record's history through SimpleHistoryAdmin.

Signed-off minutes are locked in the models (meetings.locking); the admin does not
offer what the lock refuses, and where a form or a deletion would meet the lock all
the same (a record added to signed-off minutes, a bulk deletion), it answers with the
lock's Danish message instead of an error page. Uploads are checked as in the
workspace (meetings.uploads).
"""

from django.contrib import admin, messages
from django.contrib.admin.actions import delete_selected
from django.contrib.admin.utils import unquote
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.contrib.auth import admin as auth_admin
from django.contrib.auth.models import Group, User
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.forms import ModelForm, ModelMultipleChoiceField
from django.forms.models import BaseInlineFormSet
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin as BaseHistoryAdmin

from . import locking, uploads
from .models import (
    AgendaItem,
    Attachment,
    Attendance,
    CalendarToken,
    Committee,
    Decision,
    DecisionNote,
    FollowUpAction,
    Meeting,
    Membership,
    MinutesPdf,
    Organisation,
    Person,
)


# ---------------------------------------------------------------- bad input answers 4xx, never 500


def is_lookup_key(field, value):
    """True when `value` is a value of the key `field` that the database can look up.

    A key that is no number, or one past the database's 64-bit range, fails inside the
    query (ValueError, OverflowError on SQLite) where Django's admin does not expect it.
    """
    try:
        key = field.to_python(value)
    except ValidationError:
        return False
    return not isinstance(key, int) or -(2**63) <= key < 2**63


class SafeAutocompleteMixin:
    """Django's autocomplete widget looks up what was posted to show it again, also when the
    form refused it: only keys that can be looked up are (the form names the error)."""

    def optgroups(self, name, value, attr=None):
        remote = self.field.remote_field.model._meta
        target = remote.get_field(getattr(self.field.remote_field, "field_name", None) or remote.pk.name)
        return super().optgroups(name, [v for v in value if is_lookup_key(target, v)], attr)


class SafeAutocompleteSelect(SafeAutocompleteMixin, AutocompleteSelect):
    pass


class SafeAutocompleteSelectMultiple(SafeAutocompleteMixin, AutocompleteSelectMultiple):
    pass


class SafeModelMultipleChoiceField(ModelMultipleChoiceField):
    """Refuses a key past the database's range as invalid, as Django does a key that is no number."""

    def _check_values(self, value):
        opts = self.queryset.model._meta
        key_field = opts.get_field(self.to_field_name) if self.to_field_name else opts.pk
        for key in value or ():
            if not is_lookup_key(key_field, key):
                raise ValidationError(self.error_messages["invalid_pk_value"], code="invalid_pk_value",
                                      params={"pk": key})
        return super()._check_values(value)


class SafeChoicesMixin:
    """Choice fields of the admin that answer bad keys with a form error (see is_lookup_key)."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = SafeAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = SafeAutocompleteSelectMultiple(db_field, self.admin_site, using=kwargs.get("using"))
        kwargs.setdefault("form_class", SafeModelMultipleChoiceField)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class SafeInline(SafeChoicesMixin):
    """For every inline of the admin (see SafeChoicesMixin)."""


# ---------------------------------------------------------------- the minutes lock and uploads


class LockCheckedForm(ModelForm):
    """Shows the minutes lock's refusal as a form error, keeping what was typed."""

    def _post_clean(self):
        super()._post_clean()
        if self.errors:
            return
        try:
            locking.refuse_write(self.instance)
            for name in getattr(self.instance, "minutes_m2m", ()):
                if name in self.cleaned_data:
                    self._refuse_m2m_change(name)
        except locking.MinutesLocked as locked:
            self.add_error(None, locked)

    def _refuse_m2m_change(self, name):
        field = self.instance._meta.get_field(name)
        wanted = {obj.pk for obj in self.cleaned_data[name]}
        current = set(getattr(self.instance, name).values_list("pk", flat=True)) if self.instance.pk else set()
        if wanted != current:
            locking.refuse_m2m_change(self.instance, field.related_model, wanted ^ current)


class AttachmentForm(LockCheckedForm):
    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if isinstance(upload, UploadedFile):
            try:
                uploads.check_upload(upload)
            except uploads.UploadRefused as refused:
                raise ValidationError(str(refused), code="upload_refused") from None
        return upload


class LockCheckedInlineFormSet(BaseInlineFormSet):
    """Refuses deleting inline rows that signed-off minutes show, with the lock's message."""

    def clean(self):
        super().clean()
        for form in self.deleted_forms:
            if form.instance.pk is not None:
                try:
                    locking.refuse_deletion(form.instance)
                except locking.MinutesLocked as locked:
                    raise ValidationError(locked.messages) from None


def _message(refused):
    return " ".join(refused.messages) if hasattr(refused, "messages") else str(refused)


def delete_selected_unless_locked(modeladmin, request, queryset):
    """Django's bulk deletion, refused with a message when it would change signed-off minutes."""
    if any(modeladmin.locked(obj) for obj in queryset):
        modeladmin.message_user(request, _message(locking.MinutesLocked()), messages.ERROR)
        return None
    try:
        with transaction.atomic():
            return delete_selected(modeladmin, request, queryset)
    except locking.MinutesLocked as refused:
        modeladmin.message_user(request, _message(refused), messages.ERROR)
        return None


class SimpleHistoryAdmin(SafeChoicesMixin, BaseHistoryAdmin):
    """History on every page; records that belong to signed-off minutes are read-only.

    The models refuse such changes anyway (meetings.locking); here the admin does not
    even offer them, and answers one it meets anyway with a message, so nobody meets
    an error page. The agreements admin uses this class too.
    """

    form = LockCheckedForm

    def meeting_of(self, obj):
        return None

    def locked(self, obj):
        meeting = self.meeting_of(obj) if obj is not None else None
        return meeting is not None and meeting.is_signed_off and not locking.is_unlocked(meeting.pk)

    def has_change_permission(self, request, obj=None):
        return not self.locked(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self.locked(obj) and super().has_delete_permission(request, obj)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if "delete_selected" in actions:
            _func, name, description = actions["delete_selected"]
            actions["delete_selected"] = (delete_selected_unless_locked, name, description)
        return actions

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except (locking.MinutesLocked, uploads.UploadRefused) as refused:
            # Met only if the records changed between the form's check and the save; the
            # transaction rolled back, and so did the files (meetings.stored_files).
            self.message_user(request, _message(refused), messages.ERROR)
            return redirect(request.get_full_path())

    def delete_view(self, request, object_id, extra_context=None):
        # A record of signed-off minutes is not offered for deletion (403, has_delete_permission);
        # the lock can still refuse one that they refer to, such as a meeting an item was postponed to.
        try:
            return super().delete_view(request, object_id, extra_context)
        except locking.MinutesLocked as refused:
            return self._refused(request, self.get_object(request, unquote(object_id)), refused)

    def history_view(self, request, object_id, extra_context=None):
        self._require_key(self.model._meta.pk, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # simple-history filters by both before it looks anything up: "abc" would be a 500.
        self._require_key(self.model._meta.pk, object_id)
        self._require_key(self.model.history.model._meta.pk, version_id)
        return super().history_form_view(request, object_id, version_id, extra_context)

    @staticmethod
    def _require_key(field, value):
        if not is_lookup_key(field, unquote(str(value))):
            raise Http404

    def _refused(self, request, obj, refused):
        self.message_user(request, _message(refused), messages.ERROR)
        opts = self.model._meta
        if obj is None:
            return redirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
        return redirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]))


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


class LockedWithParentInline(SafeInline):
    """Inline rows of a signed-off meeting's records are read-only like their parent."""

    form = LockCheckedForm
    formset = LockCheckedInlineFormSet

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


class MembershipInline(SafeInline, admin.TabularInline):
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
    # The status moves only through the services (publish, sign off, cancel), which
    # check the way there and record who and when; the workspace offers them.
    readonly_fields = ["status", "sign_off_method", "agenda_published_at", "agenda_published_by", "signed_off_at",
                       "signed_off_by", "sequence", "version"]
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
    form = AttachmentForm
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
    autocomplete_fields = ["decision"]

    def meeting_of(self, obj):
        return obj.decision.item.meeting


@admin.register(Attendance)
class AttendanceAdmin(SimpleHistoryAdmin):
    list_display = ["person", "meeting", "capacity", "status"]
    list_filter = ["capacity", "status", "meeting__committee"]
    autocomplete_fields = ["person", "meeting", "organisation", "substitute_for", "items"]

    def meeting_of(self, obj):
        return obj.meeting


@admin.register(Attachment)
class AttachmentAdmin(SimpleHistoryAdmin):
    form = AttachmentForm
    list_display = ["title", "meeting", "item", "part", "is_closed"]
    list_filter = ["part", "is_closed"]
    search_fields = ["title", "original_name"]
    autocomplete_fields = ["meeting", "item"]
    readonly_fields = ["original_name", "sha256", "size", "content_type"]

    def meeting_of(self, obj):
        return obj.meeting


@admin.register(FollowUpAction)
class FollowUpActionAdmin(SimpleHistoryAdmin):
    """A follow-up of signed-off minutes is still settled later: only its status stays editable."""

    list_display = ["what", "responsible", "due_date", "status"]
    list_filter = ["status"]
    search_fields = ["what", "responsible"]
    autocomplete_fields = ["decision", "responsible_person", "closed_by_decision"]

    def meeting_of(self, obj):
        return obj.decision.item.meeting

    def has_change_permission(self, request, obj=None):
        # Not read-only when locked, unlike the other records: get_readonly_fields decides.
        return super(SimpleHistoryAdmin, self).has_change_permission(request, obj)

    def get_readonly_fields(self, request, obj=None):
        if self.locked(obj):
            return [f.name for f in FollowUpAction._meta.concrete_fields
                    if not f.primary_key and f.name not in FollowUpAction.minutes_tracking_fields]
        return super().get_readonly_fields(request, obj)


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


# The accounts' group and permission lists (filter_horizontal) get the same safe choices.
class GroupAdmin(SafeChoicesMixin, auth_admin.GroupAdmin):
    pass


class UserAdmin(SafeChoicesMixin, auth_admin.UserAdmin):
    pass


for _model, _admin in ((Group, GroupAdmin), (User, UserAdmin)):
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)
    admin.site.register(_model, _admin)


@admin.register(CalendarToken)
class CalendarTokenAdmin(admin.ModelAdmin):
    list_display = ["user", "created_at", "revoked_at"]
    readonly_fields = ["token", "created_at"]
