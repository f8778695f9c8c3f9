"""Forms of the secretariat's workspace. Labels and errors in Danish; a refused form
keeps what was typed (Django re-renders bound forms)."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .. import services
from ..attachments import attachment_closed_until_refused, closed_until_values, item_closed_until_refused
from ..formatting import danish_date
from ..models import COPENHAGEN, AgendaItem, Attachment, Attendance, Committee, Decision, Meeting, Person
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


class MeetingTimesMixin:
    """A meeting's start and end, checked as the database constraint will: an end needs a
    start and comes after it (the details form and the single-meeting form)."""

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_time"), cleaned.get("end_time")
        if end and not start:
            self.add_error("start_time", _("Angiv et starttidspunkt, når der er et sluttidspunkt."))
        elif start and end and end <= start:
            self.add_error("end_time", _("Mødet skal slutte efter, det begynder."))
        return cleaned


class MeetingForm(MeetingTimesMixin, VersionedForm):
    class Meta:
        model = Meeting
        fields = ["title", "date", "start_time", "end_time", "location", "minute_taker", "case_number",
                  "document_number"]
        widgets = {"date": DateInput(), "start_time": TimeInput(), "end_time": TimeInput()}
        # "Mødested" also reads right inside a sentence ("En anden havde imens ændret mødested").
        labels = {"location": _("Mødested")}
        # The field template marks optional fields "(valgfri)"; the hint need not say it again.
        help_texts = {"title": _("Fx “1. møde 2024”. Ellers vises udvalgets navn.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["minute_taker"].empty_label = _("Ingen referent valgt")
        self.theirs = {}  # field name → the value someone else saved, after a clash

    def show_theirs(self, stored, names):
        """After a clash: beside each field in `names`, the value `stored` (the meeting as saved
        by someone else) holds, as a reader writes it; the input is described by it."""
        from ..templatetags.klu import da_date, da_time

        for name in names:
            value = getattr(stored, name)
            if value in (None, ""):
                text = _("intet angivet")
            elif name == "date":
                text = da_date(value)
            elif name in ("start_time", "end_time"):
                text = da_time(value)
            else:
                text = str(value.name if isinstance(value, Person) else value)
            self.theirs[name] = text
            bound = self[name]
            described = [f"{bound.auto_id}_helptext"] if bound.help_text else []
            if bound.errors:
                described.append(f"{bound.auto_id}_error")
            described.append(f"{bound.auto_id}_theirs")
            self.fields[name].widget.attrs["aria-describedby"] = " ".join(described)

    def fields_with_theirs(self):
        """[(bound field, someone else's value or "")] for the visible fields, in order."""
        return [(field, self.theirs.get(field.name, "")) for field in self.visible_fields()]


class NewMeetingForm(MeetingTimesMixin, DesignSystemMixin, forms.Form):
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


class PlanYearForm(DesignSystemMixin, forms.Form):
    year = forms.IntegerField(label=_("År"), min_value=2000, max_value=2100)


def closed_until_clean(form, cleaned, *, stored, message):
    """Keep a "closed until" date or event only on a closed record (meetings.attachments.closed_until_values)."""
    if "closed_until" not in cleaned or "closed_until_event" not in cleaned:
        return  # an invalid date already has its error
    try:
        cleaned["closed_until"], cleaned["closed_until_event"] = closed_until_values(
            is_closed=cleaned.get("is_closed"), closed_until=cleaned["closed_until"],
            closed_until_event=cleaned["closed_until_event"], stored=stored, message=message)
    except ValidationError as refused:
        form.add_error("closed_until", refused)


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
        fields = ["title", "kind", "case_description", "recommendation_lead", "presenter", "is_closed",
                  "closed_until", "closed_until_event", "attachments_note"]
        widgets = {"closed_until": DateInput()}
        labels = {"attachments_note": _("Når punktet ikke har bilag, skriv")}
        help_texts = {"closed_until": _("Kun for et lukket punkt. Når datoen er nået, viser mødets arbejdsrum "
                                        "punktet under “Kan nu åbnes”.")}
        error_messages = {"closed_until": {"invalid": _("Skriv en gyldig dato.")}}

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

    def clean(self):
        cleaned = super().clean()
        closed_until_clean(self, cleaned, stored=self.instance if self.instance.pk else None,
                           message=item_closed_until_refused())
        return cleaned

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


# The routes as the confirmation page offers them, completing "Godkendt af …".
SIGN_OFF_CHOICES = [
    (Meeting.SignOffMethod.CHAIR, _("Formanden")),
    (Meeting.SignOffMethod.CIRCULATION, _("Medlemmerne ved skriftlig høring")),
    (Meeting.SignOffMethod.COMMITTEE, _("Udvalget på næste møde")),
]


class SignOffForm(DesignSystemMixin, forms.Form):
    """How and when the minutes were approved. A POST without a date (the API's) means today;
    the confirmation page always sends one, so an emptied date is refused, never guessed."""

    method = forms.ChoiceField(label=_("Godkendt af"), choices=SIGN_OFF_CHOICES, widget=forms.RadioSelect,
                               error_messages={"required": _("Vælg hvordan referatet er godkendt."),
                                               "invalid_choice": _("Vælg hvordan referatet er godkendt.")})
    approved_on = forms.DateField(label=_("Godkendt den"), widget=DateInput(),
                                  help_text=_("Den dag referatet blev godkendt: tidligst mødets dato, "
                                              "senest i dag."),
                                  error_messages={"required": _("Angiv datoen, referatet blev godkendt."),
                                                  "invalid": _("Skriv en gyldig dato.")})

    def __init__(self, *args, meeting=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        if self.is_bound and self.add_prefix("approved_on") not in self.data:
            self.fields["approved_on"].required = False  # a POST that names no date: today
        if meeting is not None:
            today = timezone.localdate(timezone=COPENHAGEN)
            self.fields["approved_on"].initial = today
            self.fields["approved_on"].widget.attrs.update(
                {"min": meeting.date.isoformat(), "max": today.isoformat()})

    def clean_approved_on(self):
        approved_on = self.cleaned_data.get("approved_on")
        if approved_on is not None and self.meeting is not None:
            problems = services.approval_date_problems(self.meeting, approved_on)
            if problems:
                raise forms.ValidationError(problems)
        return approved_on


class CancelForm(DesignSystemMixin, forms.Form):
    reason = VisibleTextField(label=_("Årsag til aflysning"), max_length=300,
                             error_messages={"required": _("Skriv en årsag til aflysningen.")})


# The forms that correct signed-off minutes are in correction_forms.py.


class AttachmentEditForm(DesignSystemMixin, forms.Form):
    """Rename an attachment, move it to another item or part, mark it closed (until …) or open."""

    version = version_field(min_value=1)
    title = VisibleTextField(label=_("Titel"), max_length=300,
                             error_messages={"required": _("Bilaget skal have en titel.")})
    item = forms.ModelChoiceField(
        label=_("Hører til punkt"), queryset=AgendaItem.objects.none(), required=False,
        error_messages={"invalid_choice": _("Punktet, bilaget skulle høre til, findes ikke på denne dagsorden.")})
    part = forms.ChoiceField(label=_("Vedlagt"), choices=Attachment.Part.choices,
                             error_messages={"required": _("Vælg om bilaget hører til dagsordenen eller referatet."),
                                             "invalid_choice": _("Vælg om bilaget hører til dagsordenen eller "
                                                                 "referatet.")})
    is_closed = forms.BooleanField(label=_("Lukket bilag"), required=False,
                                   help_text=_("Et lukket bilag vises kun for medlemmer og sekretariatet."))
    closed_until = forms.DateField(label=_("Lukket indtil dato"), required=False, widget=DateInput(),
                                   help_text=_("Kun for et lukket bilag. Når datoen er nået, viser mødets "
                                               "arbejdsrum bilaget under “Kan nu åbnes”."),
                                   error_messages={"invalid": _("Skriv en gyldig dato.")})
    closed_until_event = VisibleTextField(
        label=_("Lukket indtil hændelse"), max_length=300, required=False,
        help_text=_("Fx “Strategisk Sundhedsforum har behandlet retningspapiret”."))

    def __init__(self, *args, meeting, attachment, **kwargs):
        super().__init__(*args, **kwargs)
        self.attachment = attachment
        self.fields["item"].queryset = meeting.items.order_by("number", "sub_number")
        self.fields["item"].empty_label = _("Hele mødet")
        self.fields["item"].label_from_instance = lambda item: f"{item.label}. {item.title}"

    def clean(self):
        cleaned = super().clean()
        closed_until_clean(self, cleaned, stored=self.attachment, message=attachment_closed_until_refused())
        return cleaned

    def attachment_data(self):
        return {name: self.cleaned_data[name] for name in
                ("title", "item", "part", "is_closed", "closed_until", "closed_until_event")}


class AttachmentReplaceForm(DesignSystemMixin, forms.Form):
    """A new file for an attachment; checked by content like every upload (meetings.uploads)."""

    version = version_field(min_value=1)
    file = forms.FileField(label=_("Ny fil"), error_messages={
        "required": _("Vælg den fil, der skal erstatte den nuværende."),
        "empty": _("Filen er tom."),
        "invalid": _("Vælg den fil, der skal erstatte den nuværende.")})
