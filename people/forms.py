"""Forms of the register of people. Labels and errors in Danish; a refused form keeps
what was typed. Every form that edits a record carries the version it started from
(0 for a record not created yet), so a save from an older version can be refused."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from meetings.models import Committee, Membership, Organisation, Person
from meetings.workspace.forms import DateInput, DesignSystemMixin, VisibleTextField, version_field


class TelInput(forms.TextInput):
    input_type = "tel"


class SearchInput(forms.TextInput):
    input_type = "search"


def _one_line(value):
    return " ".join((value or "").split())


class RegisterForm(DesignSystemMixin, forms.ModelForm):
    """An edit of a register record: the version it started from and why (for the history)."""

    version = version_field(min_value=0)
    reason = VisibleTextField(label=_("Begrundelse (vises i historikken)"), max_length=300, required=False)


class OrganisationForm(RegisterForm):
    class Meta:
        model = Organisation
        fields = ["name", "sector"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].label = _("Navn")
        self.fields["sector"].label = _("Sektor")
        self.fields["name"].error_messages["required"] = _("Organisationen skal have et navn.")

    def clean_name(self):
        name = _one_line(self.cleaned_data["name"])
        if not name:
            raise forms.ValidationError(_("Organisationen skal have et navn."))
        if Organisation.objects.filter(name__iexact=name).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("Der findes allerede en organisation med det navn."))
        return name

    def validate_unique(self):
        # clean_name has said it in Danish; the service catches a clash that slips past.
        pass


class PersonForm(RegisterForm):
    class Meta:
        model = Person
        fields = ["name", "title", "workplace", "organisation", "email", "phone"]
        widgets = {"phone": TelInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        labels = {"name": _("Navn"), "title": _("Titel"), "workplace": _("Arbejdssted"),
                  "organisation": _("Organisation"), "email": _("E-mail"), "phone": _("Telefon")}
        for name, label in labels.items():
            self.fields[name].label = label
        self.fields["name"].error_messages["required"] = _("Personen skal have et navn.")
        self.fields["email"].error_messages["invalid"] = _("Skriv en gyldig e-mailadresse, fx navn@example.dk.")
        self.fields["organisation"].queryset = Organisation.objects.order_by("name")
        self.fields["organisation"].error_messages["invalid_choice"] = _("Vælg en organisation fra listen.")
        self.fields["email"].widget.attrs["autocomplete"] = "off"

    def clean_name(self):
        name = _one_line(self.cleaned_data["name"])
        if not name:
            raise forms.ValidationError(_("Personen skal have et navn."))
        if Person.objects.filter(name__iexact=name).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("Der findes allerede en person med det navn. Tilføj fx et "
                                          "mellemnavn eller en arbejdsplads, så de kan skelnes."))
        return name

    def clean_title(self):
        return _one_line(self.cleaned_data["title"])

    def clean_workplace(self):
        return _one_line(self.cleaned_data["workplace"])

    def clean_phone(self):
        phone = _one_line(self.cleaned_data["phone"])
        if phone and not all(ch.isdigit() or ch in " +-()" for ch in phone):
            raise forms.ValidationError(_("Et telefonnummer må kun indeholde cifre, mellemrum og + - ( )."))
        return phone

    def validate_unique(self):
        # clean_name has said it in Danish; the service catches a clash that slips past.
        pass


class MembershipForm(RegisterForm):
    class Meta:
        model = Membership
        fields = ["committee", "organisation", "side", "role", "role_label", "start", "end"]
        widgets = {"start": DateInput(), "end": DateInput()}

    def __init__(self, *args, committees=None, **kwargs):
        super().__init__(*args, **kwargs)
        labels = {"committee": _("Udvalg"), "organisation": _("Repræsenterer"),
                  "side": pgettext_lazy("membership side", "Side"),
                  "role": _("Rolle"), "role_label": _("Rollebetegnelse i referatet"), "start": _("Fra"),
                  "end": _("Til og med")}
        for name, label in labels.items():
            self.fields[name].label = label
        self.fields["role_label"].help_text = _("Fx “Formand for udvalget”. Tom: rollens navn bruges.")
        # Only the committees whose seats this user keeps (people.register_views.committees_for).
        self.fields["committee"].queryset = committees if committees is not None else Committee.objects.order_by("name")
        self.fields["organisation"].queryset = Organisation.objects.order_by("name")
        for name in ("committee", "organisation"):
            self.fields[name].error_messages["invalid_choice"] = _("Vælg fra listen.")
        self.fields["committee"].error_messages["required"] = _("Vælg et udvalg.")
        self.fields["organisation"].error_messages["required"] = _("Vælg den organisation, personen repræsenterer.")
        self.fields["side"].error_messages["required"] = _("Vælg en side.")
        for name in ("start", "end"):
            self.fields[name].error_messages["invalid"] = _("Skriv en gyldig dato.")
        if self.instance.pk:
            # A seat stays on its committee; a new committee is a new membership.
            self.fields["committee"].disabled = True

    def clean_role_label(self):
        return _one_line(self.cleaned_data["role_label"])

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", _("Et medlemskab kan ikke slutte, før det begynder."))
        return cleaned

    def _post_clean(self):
        # The model's own check would repeat clean()'s error in English wording; the
        # service and the database constraint guard the period as well.
        self.instance = forms.models.construct_instance(self, self.instance, self._meta.fields, self._meta.exclude)


class MembershipEndForm(DesignSystemMixin, forms.Form):
    version = version_field(min_value=1)
    end = forms.DateField(label=_("Sidste dag i medlemskabet"), widget=DateInput(),
                          error_messages={"required": _("Angiv den sidste dag i medlemskabet."),
                                          "invalid": _("Skriv en gyldig dato.")})
    reason = VisibleTextField(label=_("Begrundelse (vises i historikken)"), max_length=300, required=False)

    def __init__(self, *args, membership, **kwargs):
        super().__init__(*args, **kwargs)
        self.membership = membership

    def clean_end(self):
        end = self.cleaned_data["end"]
        if self.membership.start and end < self.membership.start:
            raise forms.ValidationError(_("Et medlemskab kan ikke slutte, før det begynder."))
        return end


class ForgetContactDetailsForm(DesignSystemMixin, forms.Form):
    version = version_field(min_value=1)
    reason = VisibleTextField(label=_("Begrundelse (vises i historikken)"), max_length=300, required=False)


class PersonSearchForm(forms.Form):
    """The person list's search and filter; bad values are ignored, never an error page."""

    q = forms.CharField(label=_("Søg efter navn"), required=False, max_length=200, widget=SearchInput())
    show = forms.ChoiceField(label=_("Vis"), required=False, choices=[
        ("", _("Alle")), ("members", _("Med aktuelt medlemskab")), ("guests", _("Gæster (uden medlemskab)")),
        ("former", _("Tidligere medlemmer")),
    ])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.attrs.update({"class": "form-input"})
        self.fields["show"].widget.attrs.update({"class": "form-select"})
