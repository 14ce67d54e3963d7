"""The ``taxo`` command line. Errors print one line and exit non-zero; no tracebacks for known failures."""

from __future__ import annotations

import sys

import click

from taxo import __version__
from taxo.core.errors import RuleConfigError, TaxoError


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="taxo")
def cli() -> None:
    """taxo: resolve job descriptions against a curated taxonomy graph."""


def _register() -> None:
    from taxo.cli import curator_cmds, eval_cmd, run_cmds, serve, store_cmds

    for module in (store_cmds, run_cmds, eval_cmd, serve, curator_cmds):
        for command in module.COMMANDS:
            cli.add_command(command)


def main(argv: list[str] | None = None) -> None:
    """Console-script entry point."""
    _register()
    try:
        cli.main(args=argv, prog_name="taxo", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("taxo: aborted", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except RuleConfigError as exc:  # one ``file:rule: reason`` line per problem
        for line in exc.problems:
            click.echo(line, err=True)
        sys.exit(2)
    except TaxoError as exc:
        click.echo(f"taxo: error: {' '.join(str(exc).split()) or type(exc).__name__}", err=True)
        sys.exit(2)
    except KeyboardInterrupt:
        sys.exit(130)
