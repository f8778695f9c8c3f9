"""The forms that correct one part of signed-off minutes (meetings/corrections.py).

Each starts from the part as stored, asks why, and carries the minutes version the
corrector read, so a correction made after someone else's is refused (409).
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..corrections import Part
from ..models import Attendance, Decision
from .forms import DesignSystemMixin, RichTextField, VisibleTextField, version_field


class CorrectionForm(DesignSystemMixin, forms.Form):
    """The reason and version every correction carries; subclasses add the part's fields."""

    reason = VisibleTextField(
        label=_("Begrundelse for rettelsen"), widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Vises på referatet for alle, der kan læse det. Skriv ikke indholdet af lukkede punkter."),
        error_messages={"required": _("En rettelse skal have en begrundelse.")})
    version = version_field(min_value=1)

    def __init__(self, *args, meeting, **kwargs):
        self.meeting = meeting
        super().__init__(*args, **kwargs)
        # The part's own fields first, then why.
        self.order_fields([name for name in self.fields if name not in {"reason", "version"}] + ["reason"])

    def values(self):
        """The part's new values, as meetings.corrections.correct_part takes them."""
        return {name: value for name, value in self.cleaned_data.items() if name not in {"reason", "version"}}


class CaseDescriptionCorrectionForm(CorrectionForm):
    case_description = RichTextField(label=_("Sagsbeskrivelse"), required=False)


class RecommendationCorrectionForm(CorrectionForm):
    recommendation_lead = VisibleTextField(label=_("Indstilling, indledning"), max_length=300, required=False,
                                           help_text=_("Fx “Det indstilles, at udvalget:”."))
    recommendations = forms.CharField(label=_("Indstillinger (én pr. linje)"), required=False,
                                      widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, **kwargs):
        initial = kwargs.get("initial") or {}
        if isinstance(initial.get("recommendations"), list):
            kwargs["initial"] = {**initial, "recommendations": "\n".join(initial["recommendations"])}
        super().__init__(*args, **kwargs)

    def clean_recommendations(self):
        return [line.strip() for line in self.cleaned_data["recommendations"].splitlines() if line.strip()]


class DecisionCorrectionForm(CorrectionForm):
    outcome = forms.ChoiceField(label=_("Udfald"), choices=Decision.Outcome.choices, required=False)
    text = RichTextField(label=_("Beslutningstekst"), required=False)

    def values(self):
        values = super().values()
        # A post without the outcome (the decision-text form of earlier versions) keeps it.
        if self.add_prefix("outcome") not in self.data:
            values.pop("outcome", None)
        return values


class NoteCorrectionForm(CorrectionForm):
    text = RichTextField(label=_("Note efter mødet"), error_messages={"required": _("Noten skal have en tekst.")})


class AttendanceCorrectionForm(CorrectionForm):
    status = forms.ChoiceField(label=_("Fremmøde"), choices=Attendance.Status.choices)
    capacity = forms.ChoiceField(label=_("Deltager som"), choices=Attendance.Capacity.choices)
    items = forms.ModelMultipleChoiceField(label=_("Deltog under punkt"), required=False,
                                           queryset=None, widget=forms.CheckboxSelectMultiple,
                                           help_text=_("Kun for gæster, der deltog under bestemte punkter."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["items"].queryset = self.meeting.items.order_by("number", "sub_number")
        self.fields["items"].label_from_instance = lambda item: f"{item.label}. {item.title}"


class ApologyCorrectionForm(CorrectionForm):
    apology_reason = VisibleTextField(label=_("Årsag til afbud"), max_length=300, required=False,
                                      help_text=_("Personen registreres med afbud."))


FORMS = {
    Part.CASE_DESCRIPTION: CaseDescriptionCorrectionForm,
    Part.RECOMMENDATION: RecommendationCorrectionForm,
    Part.DECISION: DecisionCorrectionForm,
    Part.NOTE: NoteCorrectionForm,
    Part.ATTENDANCE: AttendanceCorrectionForm,
    Part.APOLOGY: ApologyCorrectionForm,
}
