"""The base every controller shares: the token guard (routes declare their policy in ``opt``)."""

from __future__ import annotations

from litestar import Controller

from taxo.api.auth import token_guard


class GuardedController(Controller):
    """A controller whose routes pass the bearer-token guard."""

    guards = [token_guard]
