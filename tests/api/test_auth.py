"""The bearer-token check: constant-time comparison, clear 401 details, no token configured = refused."""

from __future__ import annotations

import pytest
from litestar.exceptions import NotAuthorizedException
from pydantic import SecretStr

from taxo.api.auth import check_token
from taxo.core.settings import Settings


def _settings(token: str | None) -> Settings:
    return Settings(api_token=SecretStr(token) if token is not None else None)


def test_valid_token_passes() -> None:
    check_token("Bearer s3cret", _settings("s3cret"))
    check_token("bearer   s3cret ", _settings("s3cret"))


@pytest.mark.parametrize(
    ("header", "detail"),
    [
        (None, "missing bearer token"),
        ("", "missing bearer token"),
        ("Basic dXNlcjpwYXNz", "missing bearer token"),
        ("Bearer", "missing bearer token"),
        ("Bearer wrong", "invalid bearer token"),
        ("Bearer s3cret-and-more", "invalid bearer token"),
        ("Bearer ünïcode", "invalid bearer token"),
    ],
)
def test_bad_tokens_are_401(header: str | None, detail: str) -> None:
    with pytest.raises(NotAuthorizedException) as err:
        check_token(header, _settings("s3cret"))
    assert detail in str(err.value.detail)
    assert err.value.headers and "Bearer" in err.value.headers["WWW-Authenticate"]


@pytest.mark.parametrize("token", [None, ""])
def test_no_configured_token_refuses_everything(token: str | None) -> None:
    with pytest.raises(NotAuthorizedException) as err:
        check_token("Bearer anything", _settings(token))
    assert "no API token configured" in str(err.value.detail)
