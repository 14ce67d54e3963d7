"""Bearer-token guard: every write needs ``TAXO_API_TOKEN``; reads only if configured.

Each route declares its policy in ``opt={"auth": ...}``:

* ``write``                   always needs the token (approvals, rejections, rule reloads).
* ``write_unless_read_only``  pipeline calls: the token is needed unless the JSON body says
                              ``"read_only": true`` (nothing is persisted then).
* ``read``                    needs the token only when ``TAXO_API_REQUIRE_TOKEN_FOR_READS`` is true.
* ``public``                  never (``/health``, ``/ready``; the OpenAPI schema is not guarded).

With no ``TAXO_API_TOKEN`` configured, every request that needs a token is refused with **401** and a
detail saying the server has no token configured: writes are disabled rather than open. (401 rather
than 503: the server is healthy, the request is what cannot be authorised.) Tokens are compared in
constant time.
"""

from __future__ import annotations

import hmac
from typing import Any

from litestar.connection import ASGIConnection
from litestar.exceptions import HTTPException, NotAuthorizedException
from litestar.handlers.base import BaseRouteHandler

from taxo.core.settings import Settings

WRITE = {"auth": "write"}
WRITE_UNLESS_READ_ONLY = {"auth": "write_unless_read_only"}
READ = {"auth": "read"}
PUBLIC = {"auth": "public"}

#: OpenAPI security requirements: bearer needed / bearer optional.
BEARER: list[dict[str, list[str]]] = [{"bearer": []}]
OPTIONAL_BEARER: list[dict[str, list[str]]] = [{}, {"bearer": []}]
CHALLENGE = {"WWW-Authenticate": 'Bearer realm="taxo"'}


def check_token(header: str | None, settings: Settings) -> None:
    """Raise 401 unless ``header`` is ``Bearer <TAXO_API_TOKEN>``."""
    expected = settings.api_token.get_secret_value() if settings.api_token is not None else ""
    if not expected:
        raise NotAuthorizedException(
            "this server has no API token configured (set TAXO_API_TOKEN): requests that need a token are refused",
            headers=CHALLENGE,
        )
    scheme, _, given = (header or "").strip().partition(" ")
    if scheme.lower() != "bearer" or not given.strip():
        raise NotAuthorizedException("missing bearer token: send 'Authorization: Bearer <token>'", headers=CHALLENGE)
    if not hmac.compare_digest(given.strip().encode("utf-8"), expected.encode("utf-8")):
        raise NotAuthorizedException("invalid bearer token", headers=CHALLENGE)


async def _read_only_body(connection: ASGIConnection[Any, Any, Any, Any]) -> bool:
    """True if the request's JSON body has ``"read_only": true`` (a malformed body is not read-only)."""
    json = getattr(connection, "json", None)
    if json is None:
        return False
    try:
        data = await json()
    except HTTPException:  # e.g. 413: the body is too large
        raise
    except Exception:  # noqa: BLE001 - the handler reports a malformed body; here it only needs the token
        return False
    return isinstance(data, dict) and data.get("read_only") is True


async def token_guard(connection: ASGIConnection[Any, Any, Any, Any], handler: BaseRouteHandler) -> None:
    """Enforce the route's ``opt["auth"]`` policy (see the module docstring)."""
    policy = handler.opt.get("auth", "read")
    if policy == "public":
        return
    settings: Settings = connection.app.state.settings
    if policy == "read" and not settings.api_require_token_for_reads:
        return
    if (
        policy == "write_unless_read_only"
        and not settings.api_require_token_for_reads
        and await _read_only_body(connection)
    ):
        return
    check_token(connection.headers.get("authorization"), settings)
