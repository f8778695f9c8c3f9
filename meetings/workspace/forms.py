"""Forms of the secretariat's workspace. Labels and errors in Danish; a refused form
keeps what was typed (Django re-renders bound forms)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..formatting import danish_date
from ..models import AgendaItem, Attachment, Attendance, Committee, Decision, Meeting, Person
from ..richtext import plain_text_as_paragraphs
from ..validators import visible_text
from .widgets import RichTextEditor


def dkfds_classes(form):
    """Give each widget the class Det Fælles Designsystem styles it by."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, (forms.CheckboxInput, forms.CheckboxSelectMultiple)):
            css = "form-checkbox"
        elif isinstance(widget, forms.RadioSelect):
            css = "form-radio"
        elif isinstance(widget, forms.Select):
            css = "form-select"
        elif isinstance(widget, forms.HiddenInput):
            continue
        else:
            css = "form-input"
        widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()


class DesignSystemMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        dkfds_classes(self)

    def full_clean(self):
        super().full_clean()
        # A hidden field (the version) has nowhere to show its error; show it above the form.
        for field in self.hidden_fields():
            for message in self._errors.get(field.name, []) if self._errors else []:
                if message not in self.non_field_errors():
                    self._errors.setdefault(forms.forms.NON_FIELD_ERRORS, self.error_class(error_class="nonfield"))
                    self._errors[forms.forms.NON_FIELD_ERRORS].append(message)


class VisibleTextField(forms.CharField):
    """Text a reader must be able to see: invisible characters at the ends are dropped,
    so a value of only zero-width or format characters counts as empty."""

    def to_python(self, value):
        return visible_text(super().to_python(value))


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", **kwargs)


# A form posted without the version it started from cannot be checked for a stale
# save, so it is refused rather than saved unchecked.
VERSION_ERRORS = {
    "required": _("Formularen mangler den udgave, du tog udgangspunkt i. Genindlæs siden og prøv igen."),
    "invalid": _("Formularens udgave er ugyldig. Genindlæs siden og prøv igen."),
    "min_value": _("Formularens udgave er ugyldig. Genindlæs siden og prøv igen."),
}


def version_field(min_value):
    return forms.IntegerField(widget=forms.HiddenInput, min_value=min_value, error_messages=VERSION_ERRORS)


def refuse_stale_save(form, message, current_version):
    """Show why a save from an older version was refused, keeping what was typed; the
    next save from the same form is then made against the version now stored."""
    form.add_error(None, message)
    data = form.data.copy()
    data[form.add_prefix("version")] = current_version
    form.data = data


class VersionedForm(DesignSystemMixin, forms.ModelForm):
    """Carries the version the editor started from, so a stale save can be refused."""

    version = version_field(min_value=1)


class MeetingForm(VersionedForm):
    class Meta:
        model = Meeting
        fields = ["title", "date", "start_time", "end_time", "location", "minute_taker", "case_number",
                  "document_number"]
        widgets = {"date": DateInput(), "start_time": TimeInput(), "end_time": TimeInput()}
        # The field template marks optional fields "(valgfri)"; the hint need not say it again.
        help_texts = {"title": _("Fx “1. møde 2024”. Ellers vises udvalgets navn.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["minute_taker"].empty_label = _("Ingen referent valgt")

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_time"), cleaned.get("end_time")
        if end and not start:
            self.add_error("start_time", _("Angiv et starttidspunkt, når der er et sluttidspunkt."))
        elif start and end and end <= start:
            self.add_error("end_time", _("Mødet skal slutte efter, det begynder."))
        return cleaned


class NewMeetingForm(DesignSystemMixin, forms.Form):
    """One meeting for a committee the secretary serves; empty time and place come from its rules."""

    committee = forms.ModelChoiceField(label=_("Udvalg"), queryset=Committee.objects.none(),
                                       error_messages={"required": _("Vælg et udvalg."),
                                                       "invalid_choice": _("Vælg et af dine udvalg.")})
    date = forms.DateField(label=_("Dato"), widget=DateInput(),
                           error_messages={"required": _("Angiv mødets dato."),
                                           "invalid": _("Skriv en gyldig dato.")})
    start_time = forms.TimeField(label=_("Starttidspunkt"), required=False, widget=TimeInput())
    end_time = forms.TimeField(label=_("Sluttidspunkt"), required=False, widget=TimeInput())
    location = VisibleTextField(label=_("Mødested"), max_length=300, required=False)
    title = VisibleTextField(label=_("Titel"), max_length=200, required=False,
                             help_text=_("Fx “Ekstraordinært møde”."))

    def __init__(self, *args, committees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = committees
        self.fields["committee"].empty_label = None

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_time"), cleaned.get("end_time")
        if end and not start:
            self.add_error("start_time", _("Angiv et starttidspunkt, når der er et sluttidspunkt."))
        elif start and end and end <= start:
            self.add_error("end_time", _("Mødet skal slutte efter, det begynder."))
        return cleaned


class PlanYearForm(DesignSystemMixin, forms.Form):
    year = forms.IntegerField(label=_("År"), min_value=2000, max_value=2100)


class RichTextField(forms.CharField):
    """Formatted text; the editor (widgets.RichTextEditor) sends HTML, which the model
    sanitises when saving. Without JavaScript the textarea takes plain text too: text
    with no HTML in it and more than one line becomes paragraphs (a blank line between
    them) with line breaks; one line of plain text is kept as it is, so a save without
    edits changes nothing."""

    widget = RichTextEditor

    def to_python(self, value):
        return plain_text_as_paragraphs(super().to_python(value))


class ItemForm(VersionedForm):
    case_description = RichTextField(label=_("Sagsbeskrivelse"), required=False)
    recommendations_text = forms.CharField(
        label=_("Indstillinger (én pr. linje)"), required=False, widget=forms.Textarea(attrs={"rows": 4}))

    class Meta:
        model = AgendaItem
        fields = ["title", "kind", "case_description", "recommendation_lead", "presenter", "is_closed"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].widget.attrs["required"] = True
        self.fields["title"].error_messages["required"] = _("Punktet skal have en titel.")
        if self.instance.pk and not self.is_bound:
            self.initial["recommendations_text"] = "\n".join(self.instance.recommendations)
        self.fields["presenter"].queryset = Person.objects.order_by("name")
        self.fields["presenter"].empty_label = _("Ingen oplægsholder")

    def clean_title(self):
        title = visible_text(" ".join(self.cleaned_data["title"].split()))
        if not title:
            raise forms.ValidationError(_("Punktet skal have en titel."))
        return title

    def item_data(self):
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        data["recommendations"] = [line.strip() for line in self.cleaned_data["recommendations_text"].splitlines()
                                   if line.strip()]
        return data


class NewItemForm(DesignSystemMixin, forms.Form):
    title = VisibleTextField(label=_("Titel"), max_length=500,
                            error_messages={"required": _("Punktet skal have en titel.")})
    kind = forms.ChoiceField(label=_("Type"), choices=AgendaItem.Kind.choices,
                             initial=AgendaItem.Kind.DISCUSSION)
    as_sub_item = forms.BooleanField(label=_("Underpunkt til forrige punkt"), required=False)

    def clean_title(self):
        title = visible_text(" ".join(self.cleaned_data["title"].split()))
        if not title:
            raise forms.ValidationError(_("Punktet skal have en titel."))
        return title


class DecisionForm(DesignSystemMixin, forms.Form):
    # 0 while the item has no decision: a first decision is checked like any other edit.
    version = version_field(min_value=0)
    outcome = forms.ChoiceField(label=_("Udfald"), choices=Decision.Outcome.choices, required=False)
    text = RichTextField(label=_("Beslutning"), required=False)
    postponed_to = forms.ModelChoiceField(label=_("Udsat til møde"), queryset=Meeting.objects.none(),
                                          required=False)

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["postponed_to"].queryset = (Meeting.objects.filter(committee_id=meeting.committee_id,
                                                                       date__gt=meeting.date)
                                                .exclude(status=Meeting.Status.CANCELLED).order_by("date"))
        self.fields["postponed_to"].empty_label = _("Ikke udsat")
        self.fields["postponed_to"].label_from_instance = (
            lambda m: f"{m.display_title}, {danish_date(m.date)}")

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("outcome") and not (cleaned.get("text") or "").strip():
            raise forms.ValidationError(_("Angiv et udfald eller skriv beslutningen."))
        if cleaned.get("outcome") == Decision.Outcome.POSTPONED and not cleaned.get("postponed_to"):
            self.add_error("postponed_to", _("Vælg det møde, punktet udsættes til."))
        return cleaned


class FollowUpForm(DesignSystemMixin, forms.Form):
    what = VisibleTextField(label=_("Hvad"), widget=forms.Textarea(attrs={"rows": 2}),
                            error_messages={"required": _("Beskriv opfølgningen.")})
    responsible = VisibleTextField(label=_("Hvem"), max_length=300, required=False)
    due_date = forms.DateField(label=_("Senest"), required=False, widget=DateInput())


class AttendanceForm(DesignSystemMixin, forms.Form):
    person = forms.ModelChoiceField(label=_("Person"), queryset=Person.objects.order_by("name"),
                                    empty_label=_("Vælg en person"))
    capacity = forms.ChoiceField(label=_("Deltager som"), choices=Attendance.Capacity.choices)
    status = forms.ChoiceField(label=_("Fremmøde"), choices=Attendance.Status.choices)
    apology_reason = VisibleTextField(label=_("Årsag til afbud"), max_length=300, required=False)
    items = forms.ModelMultipleChoiceField(
        label=_("Under punkt"), queryset=AgendaItem.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("For en gæst: de punkter, gæsten deltog under. Referatet skriver “under punkt …”."))

    def __init__(self, *args, meeting=None, **kwargs):
        super().__init__(*args, **kwargs)
        if meeting is not None:
            self.fields["items"].queryset = meeting.items.order_by("number", "sub_number")
            self.fields["items"].label_from_instance = lambda item: f"{item.label}. {item.title}"


class AttachmentForm(DesignSystemMixin, forms.ModelForm):
    class Meta:
        model = Attachment
        fields = ["title", "file", "part", "is_closed"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].required = True


class SignOffForm(DesignSystemMixin, forms.Form):
    method = forms.ChoiceField(label=_("Godkendt hvordan"), choices=Meeting.SignOffMethod.choices,
                               widget=forms.RadioSelect)


class CancelForm(DesignSystemMixin, forms.Form):
    reason = VisibleTextField(label=_("Årsag til aflysning"), max_length=300,
                             error_messages={"required": _("Skriv en årsag til aflysningen.")})


# The forms that correct signed-off minutes are in correction_forms.py.
