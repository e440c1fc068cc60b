"""Suite-wide test settings. Personas live in tests/conftest.py."""

import pytest


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Argon2 is what production uses (tests/test_auth.py checks it); hashing a dozen personas
    # per test with it would only make the suite slow.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
