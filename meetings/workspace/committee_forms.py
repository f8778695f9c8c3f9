"""The form for a committee's settings (rules of procedure and letterhead)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..committees import VOCABULARY_FIELDS, parse_windows, windows_text
from ..models import Committee
from .forms import DesignSystemMixin, TimeInput, VisibleTextField

WEEKDAYS = [
    ("", _("Ingen fast ugedag")),
    ("0", _("mandag")), ("1", _("tirsdag")), ("2", _("onsdag")), ("3", _("torsdag")),
    ("4", _("fredag")), ("5", _("lørdag")), ("6", _("søndag")),
]


class CommitteeSettingsForm(DesignSystemMixin, forms.ModelForm):
    meeting_windows_text = forms.CharField(
        label=_("Mødevinduer"), required=False, max_length=300,
        help_text=_("Et vindue pr. komma, som måned eller måneder, fx “feb-mar, jun, sep-okt, nov-dec”. "
                    "Årsplanen opretter ét møde i hvert vindue."))
    default_weekday = forms.TypedChoiceField(label=_("Fast ugedag"), choices=WEEKDAYS, required=False,
                                             coerce=int, empty_value=None)
    # The settings as the form was opened (committees.fingerprint): a stale save is refused.
    fingerprint = forms.CharField(widget=forms.HiddenInput, max_length=64, error_messages={
        "required": _("Formularen mangler den udgave, du tog udgangspunkt i. Genindlæs siden og prøv igen.")})

    class Meta:
        model = Committee
        fields = ["name", "short_name", "administration", "secretariat", "address", "default_location",
                  "default_weekday", "default_start_time", "default_end_time", "rules_of_procedure",
                  *VOCABULARY_FIELDS]
        labels = {
            "name": _("Navn"), "short_name": _("Forkortelse"), "administration": _("Forvaltning"),
            "secretariat": _("Sekretariat"), "address": _("Adresse"), "default_location": _("Fast mødested"),
            "default_start_time": _("Fast starttidspunkt"), "default_end_time": _("Fast sluttidspunkt"),
            "rules_of_procedure": _("Forretningsorden"),
            "item_prefix": _("Ord foran punktets nummer"),
            "label_case_description": _("Overskrift over sagens tekst"),
            "label_recommendation": _("Overskrift over indstillingen"),
            "label_decision": _("Overskrift over beslutningen"),
            "label_attachments": _("Overskrift over bilagene"),
        }
        help_texts = {"address": _("Én linje pr. adresselinje."),
                      "rules_of_procedure": _("Vises på udvalgets side. Almindelig tekst; tomme linjer skiller "
                                              "afsnit."),
                      "item_prefix": _("Tomt: punkterne hedder “3.”. Skriv fx “Punkt”, så hedder de “Punkt 3:”."),
                      "label_case_description": _("Fx “Sagsbeskrivelse” eller “Sagsfremstilling”. "
                                                  "Tomt: “Sagsbeskrivelse”."),
                      "label_recommendation": _("Tomt: “Indstilling”."),
                      "label_decision": _("Tomt: “Beslutning”."),
                      "label_attachments": _("Fx “Vedlagt” eller “Bilag”. Tomt: “Vedlagt”.")}
        widgets = {"default_start_time": TimeInput(), "default_end_time": TimeInput(),
                   "address": forms.Textarea(attrs={"rows": 3}),
                   "rules_of_procedure": forms.Textarea(attrs={"rows": 6})}
        field_classes = {"name": VisibleTextField, **{name: VisibleTextField for name in VOCABULARY_FIELDS}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["meeting_windows_text"] = windows_text(self.instance.meeting_windows)
        self.fields["name"].error_messages["required"] = _("Udvalget skal have et navn.")
        # An emptied heading goes back to the usual word rather than leaving a part of
        # every item unnamed (a form posted without these fields keeps working too).
        for name in VOCABULARY_FIELDS[1:]:
            self.fields[name].required = False

    def document_fields(self):
        """The rules of procedure and letterhead; the page shows the vocabulary apart."""
        return [field for field in self.visible_fields() if field.name not in VOCABULARY_FIELDS]

    def vocabulary_fields(self):
        """The committee's own words in its agendas and minutes."""
        return [self[name] for name in VOCABULARY_FIELDS]

    def clean_meeting_windows_text(self):
        text = self.cleaned_data["meeting_windows_text"]
        try:
            self.cleaned_data["meeting_windows"] = parse_windows(text)
        except ValueError as error:
            raise forms.ValidationError(
                _("Forstår ikke “%(part)s”. Skriv måneder som tal (1-12) eller navne, fx “feb-mar, jun”.")
                % {"part": str(error)[:60]}) from None
        return text

    def clean(self):
        cleaned = super().clean()
        for name in VOCABULARY_FIELDS[1:]:
            if name in cleaned and not cleaned[name]:
                cleaned[name] = Committee._meta.get_field(name).default
        start, end = cleaned.get("default_start_time"), cleaned.get("default_end_time")
        if start and end and end <= start:
            self.add_error("default_end_time", _("Møderne skal slutte efter, de begynder."))
        return cleaned

    def settings_data(self):
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        data["meeting_windows"] = self.cleaned_data.get("meeting_windows", [])
        return data
