"""Changes to agendas and minutes leave a history row naming who made them."""

from django.test import TestCase
from django.urls import reverse

from meetings.models import AgendaItem
from tests.factories import make_item, make_meeting, make_secretary


class AgendaItemHistoryTests(TestCase):
    def setUp(self):
        self.secretary = make_secretary(is_superuser=True)
        self.item = make_item(make_meeting(), title="Godkendelse af dagsordenen")

    def test_a_change_through_the_admin_writes_a_history_row_naming_the_user(self):
        self.client.force_login(self.secretary)
        url = reverse("admin:meetings_agendaitem_change", args=[self.item.pk])
        form = self.client.get(url).context["adminform"].form
        data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
        data.update({"title": "Godkendelse af dagsorden og referat", "is_closed": ""})
        # The inline formsets on the page (decision, attachments) are empty.
        for prefix in ("decision", "attachments"):
            data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
        response = self.client.post(url, data)
        self.assertEqual(response.status_code, 302, getattr(response, "context", None)
                         and response.context["adminform"].form.errors)

        self.item.refresh_from_db()
        self.assertEqual(self.item.title, "Godkendelse af dagsorden og referat")
        latest = self.item.history.latest()
        self.assertEqual(latest.history_type, "~")
        self.assertEqual(latest.history_user, self.secretary)
        self.assertEqual(latest.title, "Godkendelse af dagsorden og referat")
        self.assertEqual(latest.prev_record.title, "Godkendelse af dagsordenen")

    def test_a_change_in_code_records_the_user_and_reason_given(self):
        self.item._history_user = self.secretary
        self.item._change_reason = "Stavefejl rettet"
        self.item.title = "Godkendelse af dagsorden"
        self.item.save()
        latest = AgendaItem.history.filter(id=self.item.pk).latest()
        self.assertEqual((latest.history_user, latest.history_change_reason),
                         (self.secretary, "Stavefejl rettet"))

    def test_the_admin_shows_the_history_page(self):
        self.client.force_login(self.secretary)
        self.item._history_user = self.secretary
        self.item.title = "Ny titel"
        self.item.save()
        response = self.client.get(reverse("admin:meetings_agendaitem_history", args=[self.item.pk]))
        self.assertContains(response, self.secretary.username)
