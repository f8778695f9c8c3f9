"""The admin answers bad input with a form error or a 404, never an error page: keys that are
no numbers or too large for the database, overlong text, history versions that do not exist."""

from django.contrib import admin
from django.test import TestCase
from django.urls import reverse

from meetings.models import Meeting, Person
from tests.factories import (
    make_agreement,
    make_attendance,
    make_decision,
    make_follow_up,
    make_item,
    make_meeting,
    make_organisation,
    make_secretary,
)

BAD_VALUES = {
    "text": "Æ" * 5000,
    "huge number": "9" * 30,
    "impossible date": "2024-13-45",
    "broken JSON": "{ikke json",
}


class AdminBadInputTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.secretary = make_secretary(is_superuser=True)
        meeting = make_meeting(status=Meeting.Status.AGENDA_PUBLISHED)
        decision = make_decision(make_item(meeting))
        make_follow_up(decision)
        make_attendance(meeting)
        make_agreement()

    def setUp(self):
        self.client.force_login(self.secretary)

    def admin_urls(self):
        for model in admin.site._registry:
            opts = model._meta
            yield model, reverse(f"admin:{opts.app_label}_{opts.model_name}_add")

    def test_every_add_form_refuses_bad_values_in_every_field_with_a_form(self):
        for model, url in self.admin_urls():
            page = self.client.get(url)
            if page.status_code != 200:  # no adding here (stored PDFs)
                continue
            for kind, value in BAD_VALUES.items():
                data = {name: value for name in page.context["adminform"].form.fields}
                for inline in page.context["inline_admin_formsets"]:
                    management = inline.formset.management_form
                    data.update({management.add_prefix(n): management[n].value() for n in management.fields})
                    data[f"{inline.formset.prefix}-TOTAL_FORMS"] = "1"
                    data.update({f"{inline.formset.prefix}-0-{name}": value for name in inline.formset.empty_form.fields})
                with self.subTest(model=model.__name__, value=kind):
                    count = model.objects.count()
                    response = self.client.post(url, data)
                    self.assertEqual(response.status_code, 200)
                    self.assertTrue(response.context["adminform"].form.errors)
                    self.assertEqual(model.objects.count(), count)

    def test_a_refused_form_names_the_bad_key_and_keeps_what_was_typed(self):
        for organisation in ("abc", "9" * 30):
            with self.subTest(organisation=organisation):
                response = self.client.post(reverse("admin:meetings_person_add"),
                                            {"name": "Ærlig Ørsted", "organisation": organisation})
                form = response.context["adminform"].form
                self.assertIn("organisation", form.errors)
                self.assertEqual(form["name"].value(), "Ærlig Ørsted")
                self.assertFalse(Person.objects.filter(name="Ærlig Ørsted").exists())
        response = self.client.post(reverse("admin:agreements_agreement_add"),
                                    {"title": "Aftale", "kind": "agreement", "parties": ["9" * 30]})
        self.assertIn("parties", response.context["adminform"].form.errors)

    def test_history_pages_of_keys_that_do_not_exist_are_not_found(self):
        organisation = make_organisation()
        for key in ("abc", "9" * 30):
            with self.subTest(key=key):
                self.assertEqual(self.client.get(
                    reverse("admin:meetings_organisation_history", args=[key])).status_code, 404)
                self.assertEqual(self.client.get(reverse("admin:meetings_organisation_simple_history",
                                                         args=[organisation.pk, key])).status_code, 404)
                self.assertEqual(self.client.get(
                    reverse("admin:agreements_agreement_history", args=[key])).status_code, 404)
