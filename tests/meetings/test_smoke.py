from django.test import TestCase
from django.urls import reverse


class HomePageTests(TestCase):
    def test_it_answers_in_danish(self):
        response = self.client.get(reverse("meetings:home"))
        self.assertContains(response, '<html lang="da">')
