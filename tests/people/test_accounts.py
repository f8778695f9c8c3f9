"""Accounts belong to people: invitations, log-in by e-mail, "Glemt adgangskode", deactivation."""

import datetime
import re
from io import StringIO
from unittest import mock

from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.test import Client, TestCase, override_settings
from django.urls import reverse
from django.utils import timezone

from mail.models import OutgoingMail
from mail.outbox import resend
from meetings.models import Membership, Person
from people import accounts
from tests.factories import make_committee, make_member, make_organisation, make_person, make_secretary, make_user
from tests.smtp_server import run_mail_worker, smtp_server

PASSWORD = "a-long-test-password"  # tests/factories.make_user's
NEW_PASSWORD = "Kaffe-og-kage-2025"
TODAY = datetime.date.today()
LINK = re.compile(r"http://testserver(/invitation/[^/\s]+/[^/\s]+/)")


def make_membership(person, **kw):
    kw.setdefault("committee", make_committee())
    kw.setdefault("organisation", make_organisation())
    kw.setdefault("side", Membership.Side.GENERAL_PRACTICE)
    return Membership.objects.create(person=person, **kw)


def make_person_with_account(email="anne@example.org", *, end=None, username="anne"):
    """A KLU member with an account and a password, whose membership runs until `end`."""
    user = make_user(username, email="")
    person = make_person(name=f"Anne {username}", email=email, user=user)
    make_membership(person, end=end)
    return person


@override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend", SITE_URL="http://testserver")
class InvitationTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.klu = make_committee(name="KLU")
        cls.secretary = make_secretary(cls.klu)
        cls.person = make_person(name="Birthe Berg", email="Birthe.Berg@example.org")
        make_membership(cls.person, committee=cls.klu, start=TODAY - datetime.timedelta(days=10))

    def setUp(self):
        self.client.force_login(self.secretary)

    def invite(self, person=None):
        response = self.client.post(reverse("people:invite", args=[(person or self.person).pk]))
        run_mail_worker()  # the outbox's worker sends what the invitation queued
        return response

    def link_in_mail(self, message):
        return LINK.search(message.body).group(1)

    def test_it_sends_exactly_one_mail_with_a_link_to_the_person(self):
        response = self.invite()
        self.assertRedirects(response, reverse("people:account", args=[self.person.pk]))
        self.assertEqual(len(mail.outbox), 1)
        message = mail.outbox[0]
        self.assertEqual(message.to, ["Birthe.Berg@example.org"])
        self.assertIn("Invitation til KLU Møder", message.subject)
        self.assertRegex(message.body, LINK)
        html = message.alternatives[0][0]
        self.assertIn(self.link_in_mail(message), html)

    def test_it_links_a_new_account_without_a_usable_password_and_records_who_and_why(self):
        self.invite()
        self.person.refresh_from_db()
        account = self.person.user
        self.assertIsNotNone(account)
        self.assertFalse(account.has_usable_password())
        self.assertEqual(account.email, "Birthe.Berg@example.org")
        last = self.person.history.latest()
        self.assertEqual(last.history_user, self.secretary)
        self.assertIn("Inviteret", last.history_change_reason)

    def test_the_link_sets_a_password_logs_the_person_in_and_works_once(self):
        self.invite()
        path = self.link_in_mail(mail.outbox[0])
        visitor = Client()
        form_page = visitor.get(path, follow=True)
        self.assertContains(form_page, "Opret din adgangskode")
        response = visitor.post(form_page.redirect_chain[-1][0],
                                {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}, follow=True)
        self.assertContains(response, "Du er logget ind")
        self.assertTrue(response.context["user"].is_authenticated)
        self.person.refresh_from_db()
        self.assertTrue(self.person.user.check_password(NEW_PASSWORD))

        again = Client().get(path, follow=True)
        self.assertContains(again, "Linket virker ikke længere", status_code=400)
        self.assertContains(again, "Bed sekretariatet om en ny invitation", status_code=400)

    def test_a_weak_password_is_a_danish_form_error(self):
        self.invite()
        visitor = Client()
        form_page = visitor.get(self.link_in_mail(mail.outbox[0]), follow=True)
        response = visitor.post(form_page.redirect_chain[-1][0], {"new_password1": "1234", "new_password2": "1234"})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Denne adgangskode er for kort")
        self.person.refresh_from_db()
        self.assertFalse(self.person.user.has_usable_password())

    def test_an_expired_link_is_refused(self):
        self.invite()
        path = self.link_in_mail(mail.outbox[0])
        later = accounts.invitation_token_generator._now() + datetime.timedelta(days=7, minutes=1)
        with mock.patch.object(accounts.InvitationTokenGenerator, "_now", return_value=later):
            response = Client().get(path, follow=True)
        self.assertContains(response, "Linket virker ikke længere", status_code=400)

    def test_a_link_six_days_old_still_works(self):
        self.invite()
        path = self.link_in_mail(mail.outbox[0])
        later = accounts.invitation_token_generator._now() + datetime.timedelta(days=6)
        with mock.patch.object(accounts.InvitationTokenGenerator, "_now", return_value=later):
            response = Client().get(path, follow=True)
        self.assertContains(response, "Opret din adgangskode")

    def test_inviting_again_spends_the_first_link(self):
        self.invite()
        self.invite()
        first, second = (self.link_in_mail(message) for message in mail.outbox)
        self.assertContains(Client().get(first, follow=True), "Linket virker ikke længere", status_code=400)
        self.assertContains(Client().get(second, follow=True), "Opret din adgangskode")
        self.assertEqual(get_user_model().objects.filter(person=self.person).count(), 1)

    def test_a_password_reset_token_is_not_an_invitation(self):
        from django.contrib.auth.tokens import default_token_generator
        from django.utils.encoding import force_bytes
        from django.utils.http import urlsafe_base64_encode

        self.invite()
        self.person.refresh_from_db()
        uid = urlsafe_base64_encode(force_bytes(self.person.user.pk))
        token = default_token_generator.make_token(self.person.user)
        response = Client().get(reverse("people:invitation", args=[uid, token]), follow=True)
        self.assertContains(response, "Linket virker ikke længere", status_code=400)

    def test_a_person_without_an_address_is_refused_in_danish(self):
        person = make_person(name="Uden Adresse")
        make_membership(person, committee=self.klu)
        response = self.invite(person)
        self.assertContains(response, "Personen har ingen e-mailadresse", status_code=400)
        self.assertEqual(mail.outbox, [])

    def test_an_address_another_person_has_is_refused(self):
        other = make_person(name="Dobbelt", email="birthe.berg@EXAMPLE.org")
        make_membership(other, committee=self.klu)
        response = self.invite(other)
        self.assertContains(response, "har allerede e-mailadressen", status_code=400)
        self.assertIsNone(Person.objects.get(pk=other.pk).user)

    def test_a_guest_without_a_membership_is_refused(self):
        guest = make_person(name="Gæst", email="gaest@example.org")
        response = self.invite(guest)
        self.assertContains(response, "intet nuværende eller kommende medlemskab", status_code=400)

    def test_a_mail_server_that_is_down_loses_no_invitation(self):
        from mail.models import OutgoingMail

        with smtp_server() as server, server.settings():
            server.stop()
            response = self.invite()
            self.assertEqual(response.status_code, 302)
            queued = OutgoingMail.objects.get(kind="invitation", person=self.person)
            self.assertEqual((queued.status, queued.attempts), (OutgoingMail.Status.QUEUED, 1))
            self.assertIn("ConnectionRefused", queued.last_error)
            server.start()
            resend(queued, self.secretary)  # "Send igen", rather than waiting for the next retry
            run_mail_worker()
            self.assertEqual([m["To"] for m in server.messages], [self.person.email])
        queued.refresh_from_db()
        self.assertEqual(queued.status, OutgoingMail.Status.SENT)

    def test_a_klu_secretary_cannot_manage_the_account_of_someone_only_in_chefforum(self):
        chefforum_person = make_person(name="Chef", email="chef@example.org")
        make_membership(chefforum_person, committee=make_committee(name="Chefforum"))
        for name in ("invite", "deactivate", "account"):
            with self.subTest(name=name):
                response = self.client.post(reverse(f"people:{name}", args=[chefforum_person.pk]), {"reason": "x"})
                self.assertEqual(response.status_code, 403)
        self.assertEqual(mail.outbox, [])
        self.assertIsNone(Person.objects.get(pk=chefforum_person.pk).user)

    def test_an_administrator_invites_anyone(self):
        chefforum_person = make_person(name="Chef", email="chef@example.org")
        make_membership(chefforum_person, committee=make_committee(name="Chefforum"))
        client = Client()
        client.force_login(make_secretary(username="admin"))
        client.post(reverse("people:invite", args=[chefforum_person.pk]))
        run_mail_worker()
        self.assertEqual(mail.outbox[0].to, ["chef@example.org"])

    def test_a_member_and_an_outsider_get_403_and_anonymous_is_sent_to_log_in(self):
        for user in (make_member(self.klu), make_user("outsider")):
            with self.subTest(user=user.username):
                client = Client()
                client.force_login(user)
                self.assertEqual(client.post(reverse("people:invite", args=[self.person.pk])).status_code, 403)
        response = Client().post(reverse("people:invite", args=[self.person.pk]))
        self.assertRedirects(response, reverse("login") + f"?next=/workspace/people/{self.person.pk}/invite/",
                             fetch_redirect_response=False)
        self.assertEqual(mail.outbox, [])

    def test_the_account_page_offers_an_invitation_then_a_new_one(self):
        page = reverse("people:account", args=[self.person.pk])
        self.assertContains(self.client.get(page), "Invitér til at oprette en konto")
        self.invite()
        response = self.client.get(page)
        self.assertContains(response, "Invitationen er sendt til Birthe.Berg@example.org")
        self.assertContains(response, "Send ny invitation")

    def test_a_get_of_the_invite_address_does_nothing(self):
        self.assertEqual(self.client.get(reverse("people:invite", args=[self.person.pk])).status_code, 405)


class LoginTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.person = make_person_with_account("Anne.Andersen@Example.org")

    def log_in(self, name, password=PASSWORD):
        return Client().post(reverse("login"), {"username": name, "password": password})

    def test_it_logs_in_by_e_mail_address_in_any_case(self):
        for name in ("Anne.Andersen@Example.org", "anne.andersen@example.org", "ANNE.ANDERSEN@EXAMPLE.ORG"):
            with self.subTest(name=name):
                self.assertEqual(self.log_in(name).status_code, 302)

    def test_it_logs_in_by_username(self):
        self.assertEqual(self.log_in("anne").status_code, 302)

    def test_a_wrong_password_is_refused_by_address(self):
        self.assertContains(self.log_in("anne.andersen@example.org", "forkert-kode"), "adgangskode er forkert")

    def test_the_field_is_labelled_for_addresses_and_takes_254_characters(self):
        response = self.client.get(reverse("login"))
        self.assertContains(response, "E-mail eller brugernavn")
        self.assertContains(response, 'maxlength="254"')
        self.assertContains(response, reverse("people:password-reset"))

    def test_a_person_whose_membership_ended_cannot_log_in(self):
        make_person_with_account("former@example.org", end=TODAY - datetime.timedelta(days=1), username="former")
        self.assertContains(self.log_in("former@example.org"), "adgangskode er forkert")
        self.assertContains(self.log_in("former"), "adgangskode er forkert")

    def test_a_membership_ending_today_still_lets_the_person_in(self):
        make_person_with_account("today@example.org", end=TODAY, username="today")
        self.assertEqual(self.log_in("today@example.org").status_code, 302)

    def test_an_account_of_nobody_logs_in_only_in_demo_mode(self):
        make_user("rolle")
        self.assertContains(self.log_in("rolle"), "adgangskode er forkert")
        with self.settings(DEMO=True):
            self.assertEqual(self.log_in("rolle").status_code, 302)

    def test_an_administrator_without_a_membership_logs_in(self):
        make_user("admin", groups=["Administratorer"])
        make_user("root", is_superuser=True)
        self.assertEqual(self.log_in("admin").status_code, 302)
        self.assertEqual(self.log_in("root").status_code, 302)

    def test_an_ambiguous_address_logs_nobody_in(self):
        make_user("twin", email="anne.andersen@example.org", is_superuser=True)
        self.assertContains(self.log_in("anne.andersen@example.org"), "adgangskode er forkert")

    def test_an_open_session_survives_the_membership_rule_until_the_account_is_deactivated(self):
        # The rule is a log-in rule; deactivation is what ends a session at once.
        client = Client()
        client.force_login(self.person.user)
        Membership.objects.filter(person=self.person).update(end=TODAY - datetime.timedelta(days=1))
        self.assertTrue(client.get("/").context["user"].is_authenticated)
        accounts.account_deactivate(person=self.person, user=None, reason="Test")
        self.assertFalse(client.get("/").context["user"].is_authenticated)


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=3, TRUSTED_PROXY_COUNT=0)
class LoginByAddressThrottlingTests(TestCase):
    def test_failures_by_address_lock_the_client_address(self):
        make_person_with_account("anne@example.org")
        client = Client(REMOTE_ADDR="203.0.113.66")
        for _attempt in range(3):
            client.post(reverse("login"), {"username": "anne@example.org", "password": "forkert-kode"})
        response = client.post(reverse("login"), {"username": "ANNE@example.org", "password": PASSWORD})
        self.assertContains(response, "For mange mislykkede forsøg", status_code=429)
        self.assertEqual(set(AccessAttempt.objects.values_list("ip_address", flat=True)), {"203.0.113.66"})

    def test_an_address_of_254_characters_is_tried_and_counted(self):
        name = "a" * 64 + "@" + ("b" * 63 + ".") * 2 + "c" * 61
        self.assertEqual(len(name), 254)
        response = self.client.post(reverse("login"), {"username": name, "password": "forkert-kode"})
        self.assertContains(response, "adgangskode er forkert")
        self.assertEqual(AccessAttempt.objects.get().username, name)


@override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend", SITE_URL="https://klu.example.dk")
class PasswordResetTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.person = make_person_with_account("anne@example.org")
        # The account's own copy of the address is old; the register's is the one that counts.
        get_user_model().objects.filter(pk=cls.person.user.pk).update(email="old@example.org")

    def ask(self, email):
        response = self.client.post(reverse("people:password-reset"), {"email": email}, follow=True)
        run_mail_worker()  # the outbox's worker sends what the request queued
        return response

    def test_a_known_address_gets_a_one_time_link_built_from_site_url(self):
        response = self.ask("ANNE@example.org")
        self.assertContains(response, "Tjek din e-mail")
        self.assertEqual(len(mail.outbox), 1)
        message = mail.outbox[0]
        self.assertEqual(message.to, ["anne@example.org"])
        path = re.search(r"https://klu\.example\.dk(/login/glemt/\S+/\S+/)", message.body).group(1)

        visitor = Client()
        form_page = visitor.get(path, follow=True)
        self.assertContains(form_page, "Vælg en ny adgangskode")
        done = visitor.post(form_page.redirect_chain[-1][0],
                            {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}, follow=True)
        self.assertContains(done, "Adgangskoden er gemt")
        self.assertEqual(Client().post(reverse("login"), {"username": "anne@example.org",
                                                          "password": NEW_PASSWORD}).status_code, 302)
        self.assertContains(Client().get(path, follow=True), "Linket virker ikke længere", status_code=400)

    def test_an_unknown_address_gets_the_same_page_and_no_mail(self):
        known = self.ask("anne@example.org")
        unknown = self.ask("nobody@example.org")
        self.assertEqual(len(mail.outbox), 1)
        self.assertEqual(known.redirect_chain, unknown.redirect_chain)
        self.assertEqual(known.content, unknown.content)

    def test_the_old_address_on_the_account_gets_nothing(self):
        self.ask("old@example.org")
        self.assertEqual(mail.outbox, [])

    def test_a_former_member_gets_no_mail(self):
        Membership.objects.filter(person=self.person).update(end=TODAY - datetime.timedelta(days=1))
        self.assertContains(self.ask("anne@example.org"), "Tjek din e-mail")
        self.assertEqual(mail.outbox, [])


@override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend", PASSWORD_RESET_MAILS_PER_HOUR=3,
                   PASSWORD_RESET_REQUESTS_PER_HOUR=5, TRUSTED_PROXY_COUNT=0)
class PasswordResetFloodTests(TestCase):
    """"Glemt adgangskode" cannot fill a member's inbox, nor be asked without end from one place."""

    @classmethod
    def setUpTestData(cls):
        cls.person = make_person_with_account("anne@example.org")

    def ask(self, email, *, remote_addr="203.0.113.66"):
        response = Client(REMOTE_ADDR=remote_addr).post(reverse("people:password-reset"), {"email": email})
        run_mail_worker()
        return response

    def test_an_address_gets_at_most_three_links_an_hour_and_the_page_never_tells(self):
        answers = [self.ask("anne@example.org", remote_addr=f"198.51.100.{number}") for number in range(5)]
        self.assertEqual(len(mail.outbox), 3)
        self.assertEqual({(answer.status_code, answer["Location"]) for answer in answers},
                         {(302, reverse("people:password-reset-done"))})
        # An hour later the allowance is back.
        OutgoingMail.objects.update(queued_at=timezone.now() - datetime.timedelta(hours=1, minutes=1))
        self.ask("anne@example.org", remote_addr="198.51.100.99")
        self.assertEqual(len(mail.outbox), 4)

    def test_one_client_address_is_refused_after_its_hourly_requests_and_keeps_what_was_typed(self):
        for number in range(5):
            self.assertEqual(self.ask(f"ukendt{number}@example.org").status_code, 302)
        refused = self.ask("anne@example.org")
        self.assertContains(refused, "Der er bedt om for mange links fra denne forbindelse", status_code=429)
        self.assertContains(refused, 'value="anne@example.org"', status_code=429)
        self.assertEqual(mail.outbox, [])
        # Another place is not affected.
        self.assertEqual(self.ask("anne@example.org", remote_addr="198.51.100.7").status_code, 302)
        self.assertEqual(len(mail.outbox), 1)


class DeactivationTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.person = make_person_with_account("anne@example.org")
        cls.secretary = make_secretary(cls.person.memberships.get().committee)

    def post(self, name, user, reason="Har forladt udvalget"):
        client = Client()
        if user:
            client.force_login(user)
        return client.post(reverse(f"people:{name}", args=[self.person.pk]), {"reason": reason})

    def test_the_secretariat_deactivates_an_account_with_a_reason(self):
        response = self.post("deactivate", self.secretary)
        self.assertRedirects(response, reverse("people:account", args=[self.person.pk]))
        self.person.refresh_from_db()
        self.assertFalse(self.person.user.is_active)
        last = self.person.history.latest()
        self.assertEqual(last.history_user, self.secretary)
        self.assertIn("Har forladt udvalget", last.history_change_reason)
        login = Client().post(reverse("login"), {"username": "anne@example.org", "password": PASSWORD})
        self.assertContains(login, "adgangskode er forkert")

    def test_it_returns_to_the_page_it_came_from_but_never_elsewhere(self):
        client = Client()
        client.force_login(self.secretary)
        url = reverse("people:deactivate", args=[self.person.pk])
        response = client.post(url, {"reason": "Fratrådt", "next": "/workspace/"})
        self.assertRedirects(response, "/workspace/", fetch_redirect_response=False)
        response = client.post(reverse("people:reactivate", args=[self.person.pk]),
                               {"reason": "Fejl", "next": "https://evil.example/"})
        self.assertRedirects(response, reverse("people:account", args=[self.person.pk]))

    def test_a_missing_reason_is_a_danish_form_error(self):
        response = self.post("deactivate", self.secretary, reason="\u200b ")
        self.assertContains(response, "Skriv en begrundelse.", status_code=400)
        self.assertTrue(get_user_model().objects.get(pk=self.person.user.pk).is_active)

    def test_the_secretariat_reactivates_the_account(self):
        self.post("deactivate", self.secretary)
        self.post("reactivate", self.secretary, reason="Genindtrådt")
        self.person.refresh_from_db()
        self.assertTrue(self.person.user.is_active)

    def test_deactivating_twice_is_refused_in_danish(self):
        self.post("deactivate", self.secretary)
        self.assertContains(self.post("deactivate", self.secretary), "allerede deaktiveret", status_code=400)

    def test_a_member_and_an_outsider_get_403(self):
        for user in (make_member(self.person.memberships.get().committee), make_user("outsider")):
            with self.subTest(user=user.username):
                self.assertEqual(self.post("deactivate", user).status_code, 403)
        self.assertTrue(get_user_model().objects.get(pk=self.person.user.pk).is_active)

    def test_the_account_page_shows_the_actions(self):
        client = Client()
        client.force_login(self.secretary)
        response = client.get(reverse("people:account", args=[self.person.pk]))
        self.assertContains(response, "Deaktivér konto")
        self.assertContains(response, "logger ind med anne@example.org")
        # The person has a password: a new invitation would throw it away.
        self.assertNotContains(response, "Send ny invitation")
        self.assertNotContains(response, "Invitér")


class DeactivateFormerMembersCommandTests(TestCase):
    def run_command(self):
        out = StringIO()
        call_command("deactivate_former_members", stdout=out)
        return out.getvalue()

    def test_it_deactivates_former_members_only_and_is_idempotent(self):
        former = make_person_with_account("former@example.org", end=TODAY - datetime.timedelta(days=1),
                                          username="former")
        current = make_person_with_account("current@example.org", username="current")
        coming = make_person_with_account("coming@example.org", username="coming")
        Membership.objects.filter(person=coming).update(start=TODAY + datetime.timedelta(days=30))
        admin = make_person_with_account("admin@example.org", end=TODAY - datetime.timedelta(days=1),
                                         username="admin")
        admin.user.is_superuser = True
        admin.user.save()

        output = self.run_command()
        self.assertIn("Deaktiveret: Anne former", output)
        self.assertIn("1 konto(er) deaktiveret.", output)
        active = dict(get_user_model().objects.values_list("username", "is_active"))
        self.assertEqual(active, {"former": False, "current": True, "coming": True, "admin": True})
        self.assertIn("medlemskab er udløbet", former.history.latest().history_change_reason)
        self.assertIsNone(former.history.latest().history_user)
        self.assertIn("0 konto(er) deaktiveret.", self.run_command())
        self.assertTrue(current.user.is_active)

    def test_a_person_who_still_sits_in_another_committee_keeps_the_account(self):
        person = make_person_with_account("two@example.org", end=TODAY - datetime.timedelta(days=1), username="two")
        make_membership(person)
        self.run_command()
        self.assertTrue(get_user_model().objects.get(username="two").is_active)
