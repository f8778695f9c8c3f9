"""Browser tests: real headless Chromium (Debian's /usr/bin/chromium) driven by Playwright.

One browser per test class. The class builds its records once (`setUpClassData`)
and its tests only read them, so the database is flushed once, after the class,
instead of after every test (the live server needs a TransactionTestCase, whose
per-test flush would otherwise force a new seed for each test).
"""

import os

from django.contrib.staticfiles.testing import StaticLiveServerTestCase
from django.core.management import call_command
from django.test import Client, override_settings

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
    "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync",
]
PHONE = {"width": 375, "height": 740}
DESKTOP = {"width": 1280, "height": 900}


# The settings leave MEDIA_URL unset (attachments are only served through the
# permission-checked view), but the live server's media handler parses MEDIA_URL and
# fails on None. Nothing links here, so no attachment is reachable around the view.
@override_settings(MEDIA_URL="/__live-server-media-unused__/")
class BrowserTestCase(StaticLiveServerTestCase):
    viewport = DESKTOP

    @classmethod
    def setUpClass(cls):
        if not os.path.exists(CHROMIUM):
            raise AssertionError(
                f"The browser tests need Chromium at {CHROMIUM}. Install it: apt-get install chromium "
                "(make test does this when run as root).")
        # Playwright's sync API runs an event loop in this thread; Django would then
        # refuse the database calls the test itself makes.
        cls._previous_async_unsafe = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
        super().setUpClass()
        from playwright.sync_api import sync_playwright

        cls.playwright = sync_playwright().start()
        try:
            cls.browser = cls.playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            cls.setUpClassData()
        except BaseException:
            cls._stop_browser()
            cls._flush()
            super().tearDownClass()
            raise

    @classmethod
    def setUpClassData(cls):
        """Make the records the class reads. Runs once, before the first test."""

    @classmethod
    def tearDownClass(cls):
        cls._stop_browser()
        cls._flush()
        super().tearDownClass()
        if cls._previous_async_unsafe is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = cls._previous_async_unsafe

    @classmethod
    def _stop_browser(cls):
        if getattr(cls, "browser", None) is not None:
            cls.browser.close()
            cls.browser = None
        if getattr(cls, "playwright", None) is not None:
            cls.playwright.stop()
            cls.playwright = None

    @classmethod
    def _flush(cls):
        for database in cls._databases_names(include_mirrors=False):
            call_command("flush", verbosity=0, interactive=False, database=database)

    def _fixture_teardown(self):
        # The class's records stay until tearDownClass (see the module docstring).
        pass

    def setUp(self):
        super().setUp()
        self.context = self.browser.new_context(viewport=self.viewport, locale="da-DK")
        self.page = self.context.new_page()
        self.page.set_default_timeout(10_000)

    def tearDown(self):
        self.context.close()
        super().tearDown()

    # Helpers

    def url(self, path):
        return f"{self.live_server_url}{path}"

    def visit(self, path):
        response = self.page.goto(self.url(path))
        self.assertEqual(response.status, 200, path)
        return response

    def log_in(self, user):
        """Give the browser a logged-in session for `user`."""
        client = Client()
        client.force_login(user)
        cookie = client.cookies["sessionid"]
        self.context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": self.live_server_url}])

    def assert_no_axe_violations(self, label):
        from axe_playwright_python.sync_playwright import Axe

        results = Axe().run(self.page)
        violations = results.response["violations"]
        details = "\n".join(
            f"- {v['id']} ({v['impact']}): {v['help']}\n"
            + "\n".join(f"    {' '.join(node['target'])}: {node.get('failureSummary', '').splitlines()[-1:]}"
                        for node in v["nodes"][:5])
            for v in violations
        )
        self.assertEqual(violations, [], f"axe-core found violations on {label}:\n{details}")

    def focused(self):
        """What has the keyboard focus: tag, text, href and whether a focus outline is drawn."""
        return self.page.evaluate("""() => {
            const el = document.activeElement;
            const style = getComputedStyle(el);
            const box = el.getBoundingClientRect();
            return {
                tag: el.tagName.toLowerCase(), id: el.id, text: (el.innerText || '').trim(),
                href: el.getAttribute('href') || '',
                outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
                onScreen: box.width > 0 && box.height > 0 && box.bottom > 0 && box.right > 0
                          && box.top < innerHeight && box.left < innerWidth,
            };
        }""")

    def tab_until(self, predicate, limit=120):
        """Press Tab until the focused element satisfies `predicate`; return it."""
        for _ in range(limit):
            self.page.keyboard.press("Tab")
            focused = self.focused()
            if predicate(focused):
                return focused
        self.fail(f"Tab never reached the element wanted (last focus: {focused})")
