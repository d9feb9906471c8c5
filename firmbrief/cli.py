"""The ``firmbrief`` command: the root Typer app and the one place errors become exit codes."""

from __future__ import annotations

import os
import sys
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from firmbrief import __version__
from firmbrief.errors import (
    EXIT_BROKEN_PIPE,
    EXIT_INTERNAL,
    EXIT_INTERRUPTED,
    FirmbriefError,
)

__all__ = ["app", "main"]

# Third-party pydantic plugins would see every brief validated (client data) and cost 20 ms of
# start-up to discover: the command line does not load them unless asked to.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")


class _Group(TyperGroup):
    """Turns firmbrief's errors into one line on stderr and their exit code: no traceback."""

    def invoke(self, ctx: Any) -> Any:  # typer.Context; its base class is private to Typer
        try:
            return super().invoke(ctx)
        except (typer.Exit, typer.Abort, typer.TyperException, BrokenPipeError):
            raise
        except FirmbriefError as error:
            typer.echo(f"error: {error}", err=True)
            raise typer.Exit(error.exit_code) from None
        except KeyboardInterrupt:
            typer.echo("interrupted: nothing was half-written", err=True)
            raise typer.Exit(EXIT_INTERRUPTED) from None
        except Exception as error:
            if os.environ.get("FIRMBRIEF_DEBUG"):
                raise
            typer.echo(
                f"internal error: {type(error).__name__}. This is a bug in firmbrief; "
                "run again with FIRMBRIEF_DEBUG=1 to see where.",
                err=True,
            )
            raise typer.Exit(EXIT_INTERNAL) from None


app = typer.Typer(
    cls=_Group,
    name="firmbrief",
    help="Firm client briefs, terms of work and payment gates for freelancers.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"firmbrief {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = False,
) -> None:
    """Firm client briefs, terms of work and payment gates for freelancers.

    Start with `firmbrief check BRIEF`: it says whether a project is ready to start.
    """
    from firmbrief.cache import install

    install()  # FIRMBRIEF_CACHE=off: remember nothing on disk


def _register() -> None:
    from firmbrief.briefs import cli as briefs_cli
    from firmbrief.contracts import cli as contracts_cli
    from firmbrief.contracts.record import cli as record_cli
    from firmbrief.intake import cli as intake_cli

    for module in (briefs_cli, intake_cli, contracts_cli, record_cli):
        module.register(app)


_register()


def main(argv: list[str] | None = None) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``); returns the exit code."""
    try:
        app(args=argv, prog_name="firmbrief")
    except SystemExit as done:
        code = done.code
        return code if isinstance(code, int) else (0 if code is None else 1)
    except BrokenPipeError:
        # The reader went away (`firmbrief ... | head`): stop quietly, as other tools do.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_BROKEN_PIPE
    return 0
