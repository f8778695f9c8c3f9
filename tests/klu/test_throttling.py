"""Failed log-ins are counted per client address, the address behind a trusted proxy comes
from X-Forwarded-For, and nobody can lock a named member out from elsewhere."""

from axes.models import AccessAttempt
from django.test import Client, RequestFactory, SimpleTestCase, TestCase, override_settings
from django.urls import reverse

from klu.middleware import client_ip_address
from tests.factories import make_committee, make_member, make_secretary

PASSWORD = "a-long-test-password"  # tests/factories.make_user's
ATTACKER = "203.0.113.66"
MEMBER = "198.51.100.7"
PROXY = "10.0.0.2"


def log_in(username, password, *, remote_addr, forwarded_for=None):
    client = Client(REMOTE_ADDR=remote_addr)
    headers = {"X-Forwarded-For": forwarded_for} if forwarded_for else {}
    return client.post(reverse("login"), {"username": username, "password": password}, headers=headers)


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=3, TRUSTED_PROXY_COUNT=0)
class LoginThrottlingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.member = make_member(make_committee(), username="medlem")

    def test_many_names_tried_from_one_address_lock_that_address(self):
        for name in ("anna", "bo"):
            self.assertContains(log_in(name, "forkert-kode", remote_addr=ATTACKER), "adgangskode er forkert")
        log_in("carl", "forkert-kode", remote_addr=ATTACKER)  # the third failure locks
        response = log_in("medlem", PASSWORD, remote_addr=ATTACKER)
        self.assertContains(response, "For mange mislykkede forsøg", status_code=429)

    def test_a_forged_x_forwarded_for_is_ignored_when_no_proxy_is_trusted(self):
        for number, name in enumerate(("anna", "bo", "carl")):
            log_in(name, "forkert-kode", remote_addr=ATTACKER, forwarded_for=f"192.0.2.{number + 1}")
        response = log_in("medlem", PASSWORD, remote_addr=ATTACKER, forwarded_for="192.0.2.99")
        self.assertEqual(response.status_code, 429)
        self.assertEqual(set(AccessAttempt.objects.values_list("ip_address", flat=True)), {ATTACKER})

    @override_settings(TRUSTED_PROXY_COUNT=1)
    def test_behind_a_trusted_proxy_each_client_is_counted_by_its_forwarded_address(self):
        for _attempt in range(3):
            log_in("medlem", "forkert-kode", remote_addr=PROXY, forwarded_for=ATTACKER)
        self.assertEqual(log_in("medlem", PASSWORD, remote_addr=PROXY, forwarded_for=ATTACKER).status_code, 429)
        # Everyone comes through the same proxy; the member is not the attacker.
        response = log_in("medlem", PASSWORD, remote_addr=PROXY, forwarded_for=MEMBER)
        self.assertEqual(response.status_code, 302)
        self.assertEqual(set(AccessAttempt.objects.values_list("ip_address", flat=True)), {ATTACKER})

    @override_settings(TRUSTED_PROXY_COUNT=1)
    def test_behind_a_trusted_proxy_the_client_cannot_choose_its_address(self):
        # The proxy appends the real address; what the client sent stays on the left.
        for number in range(3):
            log_in(f"navn{number}", "forkert-kode", remote_addr=PROXY, forwarded_for=f"192.0.2.{number}, {ATTACKER}")
        response = log_in("medlem", PASSWORD, remote_addr=PROXY, forwarded_for=f"192.0.2.99, {ATTACKER}")
        self.assertEqual(response.status_code, 429)

    def test_a_member_attacked_from_elsewhere_can_still_log_in(self):
        for _attempt in range(5):
            log_in("medlem", "forkert-kode", remote_addr=ATTACKER)
        response = log_in("medlem", PASSWORD, remote_addr=MEMBER)
        self.assertEqual(response.status_code, 302)

    def test_logging_in_does_not_wipe_the_failures_against_other_names_from_that_address(self):
        make_member(make_committee(), username="insider")
        log_in("anna", "forkert-kode", remote_addr=ATTACKER)
        log_in("bo", "forkert-kode", remote_addr=ATTACKER)
        self.assertEqual(log_in("insider", PASSWORD, remote_addr=ATTACKER).status_code, 302)
        log_in("carl", "forkert-kode", remote_addr=ATTACKER)
        self.assertEqual(log_in("medlem", PASSWORD, remote_addr=ATTACKER).status_code, 429)


@override_settings(AXES_ENABLED=True)
class LoginLengthTests(TestCase):
    def test_an_over_long_name_is_a_form_error_and_nothing_is_recorded(self):
        name = "n" * 300
        for url in (reverse("login"), reverse("admin:login")):
            with self.subTest(url=url):
                response = self.client.post(url, {"username": name, "password": "forkert-kode"})
                self.assertContains(response, "Brugernavnet kan højst have 254 tegn.")
                self.assertContains(response, f'value="{name}"')
        self.assertFalse(AccessAttempt.objects.exists())

    def test_an_over_long_password_is_a_form_error(self):
        response = self.client.post(reverse("login"), {"username": "medlem", "password": "p" * 5000})
        self.assertContains(response, "Adgangskoden kan højst have 4096 tegn.")
        self.assertFalse(AccessAttempt.objects.exists())

    def test_a_name_of_exactly_150_characters_is_tried_and_counted(self):
        response = self.client.post(reverse("login"), {"username": "n" * 150, "password": "forkert-kode"})
        self.assertContains(response, "Brugernavn eller adgangskode er forkert.")
        self.assertEqual(AccessAttempt.objects.get().username, "n" * 150)

    def test_the_secretariat_still_logs_in_to_the_admin(self):
        make_secretary(username="sekretariat")
        response = self.client.post(reverse("admin:login"), {"username": "sekretariat", "password": PASSWORD})
        self.assertEqual(response.status_code, 302)


class ClientAddressTests(SimpleTestCase):
    def address(self, *, forwarded_for=None, remote_addr=PROXY):
        headers = {"HTTP_X_FORWARDED_FOR": forwarded_for} if forwarded_for is not None else {}
        return client_ip_address(RequestFactory().post("/login/", REMOTE_ADDR=remote_addr, **headers))

    @override_settings(TRUSTED_PROXY_COUNT=0)
    def test_without_a_trusted_proxy_it_is_the_connecting_address(self):
        self.assertEqual(self.address(forwarded_for=ATTACKER), PROXY)

    @override_settings(TRUSTED_PROXY_COUNT=1)
    def test_one_trusted_proxy_names_the_client_last(self):
        self.assertEqual(self.address(forwarded_for=f"192.0.2.1, {ATTACKER}"), ATTACKER)

    @override_settings(TRUSTED_PROXY_COUNT=2)
    def test_two_trusted_proxies_name_the_client_second_to_last(self):
        self.assertEqual(self.address(forwarded_for=f"192.0.2.1, {ATTACKER}, 10.0.0.9"), ATTACKER)

    @override_settings(TRUSTED_PROXY_COUNT=1)
    def test_a_missing_or_broken_header_falls_back_to_the_connecting_address(self):
        for header in (None, "", " , ", "not-an-address", "203.0.113.66:4711", "'; DROP TABLE"):
            with self.subTest(header=header):
                self.assertEqual(self.address(forwarded_for=header), PROXY)

    @override_settings(TRUSTED_PROXY_COUNT=2)
    def test_fewer_entries_than_trusted_proxies_fall_back_to_the_connecting_address(self):
        self.assertEqual(self.address(forwarded_for=ATTACKER), PROXY)

    @override_settings(TRUSTED_PROXY_COUNT=1)
    def test_addresses_are_stored_in_one_spelling(self):
        self.assertEqual(self.address(forwarded_for="::ffff:203.0.113.66"), ATTACKER)
        self.assertEqual(self.address(forwarded_for="2001:DB8::0001"), "2001:db8::1")

    @override_settings(TRUSTED_PROXY_COUNT=0)
    def test_no_usable_address_at_all_is_none(self):
        self.assertIsNone(self.address(remote_addr=""))
