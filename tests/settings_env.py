"""Loaded by pytest (`-p tests.settings_env`, see pyproject.toml) before Django reads its settings.

Tests need a secret key and their own media folder; production must set both
explicitly, so the settings module itself refuses to start without a key.
"""

import os

os.environ.setdefault("SECRET_KEY", "tests-only-secret-key-not-for-production")
os.environ.setdefault("MEDIA_ROOT", "/tmp/klu-test-media")
os.environ.setdefault("STATIC_MANIFEST", "0")
os.environ.setdefault("FAST_PASSWORD_HASHER", "1")
os.environ.setdefault("AXES_ENABLED", "0")
# The test client and the browser tests' live server speak plain HTTP; with DEBUG off
# the settings would otherwise redirect every request to HTTPS.
os.environ.setdefault("INSECURE_HTTP", "1")
