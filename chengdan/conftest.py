"""Fixtures shared by every test: fast password hashing and the persona organisation."""

import pytest

from chengdan.testing.org import Org, build_org


@pytest.fixture(autouse=True)
def _fast_passwords(settings: pytest.FixtureRequest) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # type: ignore[attr-defined]


@pytest.fixture(autouse=True)
def _private_media(settings: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> None:
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")  # type: ignore[attr-defined]


@pytest.fixture
def org(db: None) -> Org:
    """The persona organisation (see chengdan.testing.org)."""
    return build_org()
