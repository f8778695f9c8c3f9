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
