import pytest


def pytest_report_header(config):
    from django.conf import settings

    return f"database: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}"


@pytest.fixture(autouse=True)
def _fresh_page_cache():
    """Every test starts with an empty page cache: a rolled-back test must not leave pages behind."""
    from meetings import pagecache

    pagecache.reset()
    yield


@pytest.fixture(scope="session", autouse=True)
def _stop_shared_servers():
    """Stops the Redis and SeaweedFS servers tests started on first use (tests/services_fixtures.py)."""
    yield
    from tests import services_fixtures

    services_fixtures.stop_all()
