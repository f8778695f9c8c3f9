"""Forms for agreements and follow-ups; Danish labels, design-system classes."""

from django import forms
from django.utils.translation import gettext_lazy as _

from meetings.models import AgendaItem, Decision, FollowUpAction, Meeting
from meetings.workspace.forms import DateInput, DesignSystemMixin, version_field

from .models import Agreement, Party, Theme


class RegisterFilterForm(DesignSystemMixin, forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("Alle"))] + list(Agreement.Status.choices))
    party = forms.ModelChoiceField(label=_("Part"), required=False, queryset=Party.objects.order_by("name"),
                                   empty_label=_("Alle"))
    theme = forms.ModelChoiceField(label=_("Pejlemærke"), required=False, queryset=Theme.objects.order_by("position"),
                                   empty_label=_("Alle"))


class AgreementForm(DesignSystemMixin, forms.ModelForm):
    # The version the editor started from; 0 for a new agreement.
    version = version_field(min_value=0)

    class Meta:
        model = Agreement
        fields = ["title", "kind", "status", "summary", "parties", "committee", "approved_on", "entered_on",
                  "review_date", "review_label", "is_public", "themes", "goals"]
        widgets = {"approved_on": DateInput(), "entered_on": DateInput(), "review_date": DateInput(),
                   "parties": forms.CheckboxSelectMultiple, "themes": forms.CheckboxSelectMultiple,
                   "goals": forms.CheckboxSelectMultiple, "summary": forms.Textarea(attrs={"rows": 4})}


class StatusChangeForm(DesignSystemMixin, forms.Form):
    status = forms.ChoiceField(label=_("Ny status"), choices=Agreement.Status.choices)
    reason = forms.CharField(label=_("Begrundelse"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000,
                             error_messages={"required": _("Skriv en begrundelse for statusændringen.")})


class LinkItemForm(DesignSystemMixin, forms.Form):
    item = forms.ModelChoiceField(label=_("Dagsordenspunkt"), queryset=AgendaItem.objects.none())

    def __init__(self, *args, agreement, **kwargs):
        super().__init__(*args, **kwargs)
        meetings = Meeting.objects.order_by("-date")
        if agreement.committee_id:
            meetings = meetings.filter(committee_id=agreement.committee_id)
        # The items of the forty latest meetings keep the list usable (and valid to check against).
        items = (AgendaItem.objects.filter(meeting__in=meetings.values("pk")[:40]).exclude(agreements=agreement)
                 .select_related("meeting__committee").order_by("-meeting__date", "number", "sub_number"))
        self.fields["item"].queryset = items
        self.fields["item"].label_from_instance = lambda item: (
            f"{item.meeting.committee.short_name or item.meeting.committee.name} "
            f"{item.meeting.date:%d.%m.%Y}, {item.label}. {item.title[:90]}")


class CloseFollowUpForm(DesignSystemMixin, forms.Form):
    status = forms.ChoiceField(label=_("Afslut som"), choices=[
        (FollowUpAction.Status.DONE, FollowUpAction.Status.DONE.label),
        (FollowUpAction.Status.DROPPED, FollowUpAction.Status.DROPPED.label)])
    settled_by = forms.ModelChoiceField(label=_("Afgjort ved beslutning"), required=False,
                                        queryset=Decision.objects.none(), empty_label=_("Ingen senere beslutning"))

    def __init__(self, *args, action, **kwargs):
        super().__init__(*args, **kwargs)
        meeting = action.decision.item.meeting
        self.fields["settled_by"].queryset = (
            Decision.objects.filter(item__meeting__committee_id=meeting.committee_id,
                                    item__meeting__date__gt=meeting.date)
            .select_related("item__meeting").order_by("-item__meeting__date", "item__number"))
        self.fields["settled_by"].label_from_instance = lambda d: (
            f"{d.item.meeting.date:%d.%m.%Y}, {d.item.label}. {d.item.title[:80]}")
