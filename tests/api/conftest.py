"""API test fixtures: one private seeded graph and one running app per test module.

Copying the seeded graph takes a few seconds, so modules share theirs (``api_store``); tests that need
a pristine graph take their own copy. The app runs on the session's embedded FalkorDB through
``Context(settings, store=…, embedder=HashEmbedder())``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import TestClient
from pydantic import SecretStr

from taxo.api import create_app
from taxo.app.context import Context
from taxo.core.embeddings import HashEmbedder
from taxo.core.settings import Settings
from taxo.graph.backends.falkordb import FalkorDBStore
from taxo.graph.store import GraphStore
from tests.conftest import SeededCopy

TOKEN = "test-token-0123456789"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


def api_settings(**overrides: Any) -> Settings:
    """Settings for a test app: a token, generous limits (tests send many requests)."""
    values: dict[str, Any] = {
        "api_token": SecretStr(TOKEN),
        "api_rate_limit_per_minute": 100_000,
        "embedder": "hash",
        **overrides,
    }
    return Settings(**values)


class SharedContext(Context):
    """A context several test apps share: loading the taxonomy snapshot once per module, not per app.

    The test owns the store, so the apps' lifespans must not close it (``Context.close`` would also
    forget the store and reopen the default one on next use).
    """

    def close(self) -> None:
        pass


def shared_context(store: GraphStore) -> SharedContext:
    return SharedContext(api_settings(), store=store, embedder=HashEmbedder())


def make_app(target: GraphStore | Context, **overrides: Any) -> Litestar:
    """An app on a store or a shared context; ``overrides`` change the HTTP settings (token, limits, CORS)."""
    settings = api_settings(**overrides)
    if isinstance(target, Context):
        return create_app(lambda: target, settings=settings)
    return create_app(lambda: Context(settings, store=target, embedder=HashEmbedder()), settings=settings)


@contextmanager
def running(target: GraphStore | Context, **overrides: Any) -> Iterator[TestClient[Litestar]]:
    """A started app (lifespan run) and its test client."""
    with TestClient(make_app(target, **overrides)) as client:
        yield client


@pytest.fixture(scope="module")
def api_store(seeded_copy: SeededCopy) -> Iterator[FalkorDBStore]:
    """A private copy of the seeded graph shared by one test module."""
    with seeded_copy("api") as store:
        yield store


@pytest.fixture(scope="module")
def api_ctx(api_store: FalkorDBStore) -> SharedContext:
    """The module's context (store, hash embedder, rules, pipeline), warmed once."""
    return shared_context(api_store)


@pytest.fixture(scope="module")
def client(api_ctx: SharedContext) -> Iterator[TestClient[Litestar]]:
    """A running app on the module's graph, with a token configured."""
    with running(api_ctx) as c:
        yield c


@pytest.fixture
def fresh_store(seeded_copy: SeededCopy) -> Iterator[FalkorDBStore]:
    """A pristine copy for a test that must not see other tests' writes."""
    with seeded_copy("api") as store:
        yield store


Problem = Callable[[Any], dict[str, Any]]


def problem(response: Any, status: int) -> dict[str, Any]:
    """Assert ``response`` is an RFC 9457 problem with ``status``; return its body."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json"), response.headers
    body = response.json()
    assert (
        body["status"] == status and body["title"] and body["detail"] and body["type"].startswith("urn:taxo:problem:")
    )
    return body
