"""One exception root for taxo.

    TaxoError
    ├── ConfigError          bad setting or store URL
    ├── StoreError           the graph store failed
    │   ├── StoreUnavailable     cannot reach or open the store
    │   └── SchemaMismatch       indexes disagree with the embedder (e.g. vector dimension)
    ├── SeedError            a seed file is invalid or references something missing
    ├── RuleConfigError      a rule file is invalid (names file and rule)
    ├── NotFound             an id or slug does not exist
    ├── Conflict             the request contradicts the current state
    └── InputRejected        input that cannot be processed (e.g. not a job description)

Library code raises these; only the CLI and API turn them into exit codes or HTTP responses.
"""

from __future__ import annotations


class TaxoError(Exception):
    """Root of every error taxo raises on purpose."""


class ConfigError(TaxoError):
    """A setting or store URL is invalid."""


class StoreError(TaxoError):
    """The graph store failed to do what was asked."""


class StoreUnavailable(StoreError):
    """The store cannot be reached or opened."""


class SchemaMismatch(StoreError):
    """The store's schema disagrees with what this process needs."""


class SeedError(TaxoError):
    """A seed file is invalid; the message names the file, the entry and the problem."""


class RuleConfigError(TaxoError):
    """A rule file is invalid; ``problems`` holds ``file:rule: reason`` lines."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


class NotFound(TaxoError):
    """The requested id or slug does not exist."""


class Conflict(TaxoError):
    """The request contradicts the current state."""


class InputRejected(TaxoError):
    """The input cannot be processed; the message says why."""
