"""``taxo serve``: the REST API (placeholder until the API lands)."""

from __future__ import annotations

import click

COMMANDS: list[click.Command] = []
