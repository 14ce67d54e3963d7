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
    │   └── StepOrderError       a pipeline step asked of a run not at the step before it
    ├── InputRejected        input that cannot be processed (e.g. not a job description)
    │   └── EditRejected         a curator's edit is invalid (names the field)
    ├── PipelineError        a run failed unexpectedly (recorded as failed unless read-only)
    └── InvalidAnswer        an LLM answer cannot be used (also a ValueError; triggers one repair)

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


class StepOrderError(Conflict):
    """A step was asked for on a run that is not at the step before it."""


class EditRejected(InputRejected):
    """A curator's edit is invalid; ``field`` names it (the API lists it as a bad field)."""

    def __init__(self, field: str, message: str):
        self.field = field
        super().__init__(f"{field}: {message}")


class PipelineError(TaxoError):
    """A run failed; it is recorded with ``status: failed`` (unless read-only)."""

    def __init__(self, run_id: str, message: str):
        self.run_id = run_id
        super().__init__(f"run {run_id} failed: {message}")


class InvalidAnswer(TaxoError, ValueError):
    """An LLM answer that cannot be used (the task's check says why); triggers the repair attempt."""

    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__("; ".join(errors))
