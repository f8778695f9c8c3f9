"""MEDIA_STORAGE_URL and CACHE_URL: one line each, read by klu/service_urls.py.

A wrong line must stop the app at start with a sentence that says what is wrong and
never prints the secret it holds; a right one gives exactly the django-storages and
Django cache settings documented there. The last tests start the settings module in a
process of its own with the variables set, as an operator's server would.
"""

import os
import subprocess
import sys

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.test import SimpleTestCase

from klu.service_urls import cache_from_url, storage_from_url


class StorageUrlTests(SimpleTestCase):
    def test_empty_means_the_local_folder(self):
        self.assertEqual(storage_from_url(""), {"BACKEND": "django.core.files.storage.FileSystemStorage"})

    def test_a_full_url_gives_a_private_s3_storage(self):
        config = storage_from_url("s3://AKIAKLU:s3cr3t@store.kommune.dk:9000/klu-media/prod/files/?region=eu-north-1")
        self.assertEqual(config["BACKEND"], "storages.backends.s3.S3Storage")
        self.assertEqual(config["OPTIONS"], {
            "bucket_name": "klu-media",
            "location": "prod/files",
            "endpoint_url": "https://store.kommune.dk:9000",
            "access_key": "AKIAKLU",
            "secret_key": "s3cr3t",
            "region_name": "eu-north-1",
            "addressing_style": "path",
            "signature_version": "s3v4",
            "file_overwrite": False,
            "default_acl": None,
            "querystring_auth": True,
            "querystring_expire": 60,
            "client_config": config["OPTIONS"]["client_config"],
        })
        # Bounded waits, and the addressing and signature that the client config replaces.
        client_config = config["OPTIONS"]["client_config"]
        self.assertEqual((client_config.connect_timeout, client_config.read_timeout, client_config.retries),
                         (3, 20, {"max_attempts": 3, "mode": "standard"}))
        self.assertEqual((client_config.s3, client_config.signature_version), ({"addressing_style": "path"}, "s3v4"))

    def test_defaults_tls_off_ipv6_and_virtual_addressing(self):
        options = storage_from_url("s3://a:b@store/klu")["OPTIONS"]
        self.assertEqual((options["endpoint_url"], options["location"], options["region_name"]),
                         ("https://store", "", "us-east-1"))
        self.assertEqual(storage_from_url("s3://a:b@127.0.0.1:8333/klu?tls=0")["OPTIONS"]["endpoint_url"],
                         "http://127.0.0.1:8333")
        self.assertEqual(storage_from_url("s3://a:b@[::1]:8333/klu?tls=false")["OPTIONS"]["endpoint_url"],
                         "http://[::1]:8333")
        self.assertEqual(storage_from_url("s3://a:b@store/klu?tls=yes")["OPTIONS"]["endpoint_url"], "https://store")
        self.assertEqual(storage_from_url("s3://a:b@store/klu?addressing=virtual")["OPTIONS"]["addressing_style"],
                         "virtual")

    def test_keys_are_percent_decoded(self):
        options = storage_from_url("s3://klu%2Bmedia:p%40ss%2Fw%3Ard%25@store:9000/klu")["OPTIONS"]
        self.assertEqual(options["access_key"], "klu+media")
        self.assertEqual(options["secret_key"], "p@ss/w:rd%")

    def assert_refused(self, url, sentence, *, secret="hemmelig-noegle"):
        with self.assertRaises(ImproperlyConfigured) as refused:
            storage_from_url(url)
        message = str(refused.exception)
        self.assertIn(sentence, message)
        self.assertNotIn(secret, message)
        return message

    def test_other_schemes_are_refused_with_the_password_hidden(self):
        for url in ("https://ak:hemmelig-noegle@store:9000/klu", "minio://ak:hemmelig-noegle@store/klu",
                    "/var/lib/klu/media", "store:9000/klu"):
            with self.subTest(url):
                self.assert_refused(url, "MEDIA_STORAGE_URL must look like s3://ACCESS_KEY:SECRET_KEY@host:port/bucket")
        message = self.assert_refused("https://ak:hemmelig-noegle@store:9000/klu", "must look like")
        self.assertIn("https://ak:***@store:9000/klu", message)

    def test_the_password_stays_hidden_when_the_user_name_contains_it(self):
        # The access key often starts like the secret; hiding the first match showed the secret.
        message = self.assert_refused("https://bruger-hemmelig:hemmelig@store/klu", "must look like",
                                      secret=":hemmelig@")
        self.assertIn("bruger-hemmelig:***@store/klu", message)

    def test_tls_is_one_or_zero(self):
        self.assert_refused("s3://ak:hemmelig-noegle@store/klu?tls=maybe", "tls must be 1 or 0")

    def test_a_url_without_host_or_with_a_bad_port_is_refused(self):
        self.assert_refused("s3:///klu", "must look like")
        message = self.assert_refused("s3://ak:hemmelig-noegle@store:port/klu", "must look like")
        self.assertIn("ak:***@store:port", message)

    def test_a_url_without_a_bucket_is_refused(self):
        for url in ("s3://ak:hemmelig-noegle@store:9000", "s3://ak:hemmelig-noegle@store:9000/",
                    "s3://ak:hemmelig-noegle@store:9000/?tls=0"):
            with self.subTest(url):
                self.assert_refused(url, "MEDIA_STORAGE_URL names no bucket")

    def test_unknown_options_are_refused_by_name(self):
        message = self.assert_refused("s3://ak:hemmelig-noegle@store/klu?tls=0&acl=public-read&expire=3600",
                                      "MEDIA_STORAGE_URL has unknown options")
        self.assertIn("acl, expire", message)


class CacheUrlTests(SimpleTestCase):
    def test_empty_means_a_cache_in_each_process(self):
        self.assertEqual(cache_from_url("", max_entries=123), {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "klu",
            "OPTIONS": {"MAX_ENTRIES": 123}})

    def test_redis_urls_give_the_tolerant_redis_backend_with_short_timeouts(self):
        for url in ("redis://127.0.0.1:6379/0", "rediss://:p%40ss@cache.kommune.dk:6380/2",
                    "unix:///run/redis/redis.sock?db=1"):
            with self.subTest(url):
                self.assertEqual(cache_from_url(url, max_entries=1), {
                    "BACKEND": "klu.cache.TolerantRedisCache", "LOCATION": url, "KEY_PREFIX": "klu",
                    "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2}})

    def test_other_schemes_are_refused_with_the_password_hidden(self):
        for url in ("memcached://:hemmelig-noegle@cache:11211", "http://u:hemmelig-noegle@cache:6379/0", "cache:6379"):
            with self.subTest(url), self.assertRaises(ImproperlyConfigured) as refused:
                cache_from_url(url, max_entries=1)
            self.assertIn("CACHE_URL must be a redis://host:port/db address", str(refused.exception))
            self.assertNotIn("hemmelig-noegle", str(refused.exception))


def settings_in_a_process(**variables):
    """Start klu.settings in a fresh interpreter with `variables` set; (exit code, output)."""
    script = ("import json; from django.conf import settings as s; "
              "print(json.dumps([s.STORAGES['default']['BACKEND'], s.STORAGES['staticfiles']['BACKEND'], "
              "s.CACHES['default']['BACKEND'], s.SESSION_ENGINE]))")
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "klu.settings", **variables}
    result = subprocess.run([sys.executable, "-c", script], env=environment, capture_output=True, text=True,
                            cwd=settings.BASE_DIR, timeout=60)
    return result.returncode, result.stdout + result.stderr


class SettingsTests(SimpleTestCase):
    def test_without_urls_files_stay_local_and_sessions_in_the_database(self):
        code, output = settings_in_a_process(MEDIA_STORAGE_URL="", CACHE_URL="")
        self.assertEqual(code, 0, output)
        self.assertIn('["django.core.files.storage.FileSystemStorage", "django.contrib.staticfiles.storage.'
                      'StaticFilesStorage", "django.core.cache.backends.locmem.LocMemCache", '
                      '"django.contrib.sessions.backends.db"]', output)

    def test_with_urls_files_go_to_s3_the_cache_to_redis_and_sessions_stay_in_the_database(self):
        code, output = settings_in_a_process(MEDIA_STORAGE_URL="s3://ak:sk@127.0.0.1:8333/klu?tls=0",
                                             CACHE_URL="redis://127.0.0.1:6379/0")
        self.assertEqual(code, 0, output)
        self.assertIn('["storages.backends.s3.S3Storage", "django.contrib.staticfiles.storage.StaticFilesStorage", '
                      '"klu.cache.TolerantRedisCache", "django.contrib.sessions.backends.db"]', output)

    def test_a_wrong_url_stops_the_start_with_the_sentence_and_without_the_secret(self):
        code, output = settings_in_a_process(MEDIA_STORAGE_URL="s3://ak:hemmelig-noegle@store:9000/")
        self.assertNotEqual(code, 0)
        self.assertIn("ImproperlyConfigured: MEDIA_STORAGE_URL names no bucket", output)
        self.assertNotIn("hemmelig-noegle", output)
