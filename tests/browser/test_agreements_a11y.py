"""axe-core on the agreement pages, as the public reads them and as the secretariat edits them."""

import pytest
from django.core.management import call_command

from agreements.models import Agreement, HealthAgreement
from tests.browser.base import BrowserTestCase
from tests.factories import make_secretary

GUIDANCE = "Vejledning for samarbejdet mellem Almen Praksis og Rusmiddelafsnittet i Aalborg Kommune"


@pytest.mark.browser
class AgreementPagesAccessibilityTests(BrowserTestCase):
    @classmethod
    def setUpClassData(cls):
        call_command("seed_klu", verbosity=0)
        cls.guidance = Agreement.objects.get(title=GUIDANCE)
        cls.health = HealthAgreement.objects.get()
        cls.secretary = make_secretary(username="sekretariat")

    def pages(self):
        return [("the register", "/agreements/"), ("the filtered register", "/agreements/?status=active"),
                ("an agreement", self.guidance.get_absolute_url()),
                ("the health agreement", self.health.get_absolute_url()),
                ("the follow-ups", "/agreements/follow-ups/")]

    def test_the_public_pages_have_no_violations(self):
        for label, path in self.pages():
            with self.subTest(page=label):
                self.visit(path)
                self.assert_no_axe_violations(label)
        self.assertIn("7. december 2021", self.page.goto(self.url(self.guidance.get_absolute_url())) and
                      self.page.inner_text("main"))

    def test_the_secretariats_editing_pages_have_no_violations(self):
        self.log_in(self.secretary)
        for label, path in [*self.pages(), ("the new agreement form", "/agreements/new/"),
                            ("the edit form", f"/agreements/{self.guidance.pk}/edit/")]:
            with self.subTest(page=label):
                self.visit(path)
                self.assert_no_axe_violations(f"{label} (secretariat)")

    def test_a_refused_status_change_is_announced_and_reachable(self):
        self.log_in(self.secretary)
        self.visit(self.guidance.get_absolute_url())
        self.page.get_by_label("Ny status").select_option("ended")
        self.page.get_by_role("button", name="Ændr status").click()
        error = self.page.locator("#id_reason_error")
        self.assertEqual(error.inner_text().strip(), "Skriv en begrundelse for statusændringen.")
        self.assertEqual(self.page.get_by_label("Begrundelse").get_attribute("aria-describedby"), "id_reason_error")
        self.assert_no_axe_violations("the agreement page with a refused status change")
