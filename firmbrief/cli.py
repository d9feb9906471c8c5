"""The ``firmbrief`` command: the root Typer app and the one place errors become exit codes."""

from __future__ import annotations

import importlib
import os
import sys
import types
from collections.abc import Iterable
from typing import Annotated, Any, Final

import typer
from typer.core import TyperGroup

from firmbrief import __version__
from firmbrief.errors import (
    EXIT_BROKEN_PIPE,
    EXIT_INTERNAL,
    EXIT_INTERRUPTED,
    FirmbriefError,
)

__all__ = ["COMMANDS", "build_app", "main"]  # and `app`, built on first use



def _no_pydantic_plugins() -> None:
    """Third-party pydantic plugins would see every brief validated (client data): the command
    line loads none unless ``PYDANTIC_DISABLE_PLUGINS`` says otherwise. Pydantic imports its
    plugin loader all the same (and with it ``importlib.metadata``, 12 ms of start-up), only to
    be told to load nothing: the command line gives it a loader that loads nothing instead."""
    if os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__") != "__all__":
        return
    if "pydantic.plugin._loader" not in sys.modules:
        loader = types.ModuleType("pydantic.plugin._loader")
        loader.get_plugins = lambda: ()  # type: ignore[attr-defined]
        sys.modules["pydantic.plugin._loader"] = loader


_no_pydantic_plugins()


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


COMMANDS: Final = {
    "check": "firmbrief.briefs.cli",
    "schema": "firmbrief.briefs.cli",
    "questionnaire": "firmbrief.intake.cli",
    "intake": "firmbrief.intake.cli",
    "render": "firmbrief.contracts.cli",
    "verify": "firmbrief.contracts.cli",
    "invoice": "firmbrief.contracts.invoices.cli",
    "record": "firmbrief.contracts.record.cli",
    "status": "firmbrief.contracts.record.cli",
    "gate": "firmbrief.contracts.record.cli",
    "notice": "firmbrief.contracts.record.cli",
    "schedule": "firmbrief.contracts.record.cli",
}
"""Each command and the module that registers it, in the order ``--help`` lists them."""


def _version(value: bool) -> None:
    if value:
        typer.echo(f"firmbrief {__version__}")
        raise typer.Exit()


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


def build_app(modules: Iterable[str] | None = None) -> typer.Typer:
    """The root app with the commands of ``modules`` (default: every command)."""
    app = typer.Typer(
        cls=_Group,
        name="firmbrief",
        help="Firm client briefs, terms of work and payment gates for freelancers.",
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
        context_settings={"help_option_names": ["-h", "--help"]},
    )
    app.callback()(_root)
    for name in dict.fromkeys(COMMANDS.values() if modules is None else modules):
        importlib.import_module(name).register(app)
    return app


def __getattr__(name: str) -> Any:
    # ``firmbrief.cli.app``: every command, built on first use (``main`` builds only what the
    # command line asks for: Typer turns every registered command into a Click command first).
    if name == "app":
        globals()["app"] = built = build_app()
        return built
    raise AttributeError(name)


def main(argv: list[str] | None = None) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``); returns the exit code."""
    args = sys.argv[1:] if argv is None else list(argv)
    module = COMMANDS.get(args[0]) if args else None
    app = build_app([module] if module else None)
    try:
        app(args=args, prog_name="firmbrief")
    except SystemExit as done:
        code = done.code
        return code if isinstance(code, int) else (0 if code is None else 1)
    except BrokenPipeError:
        # The reader went away (`firmbrief ... | head`): stop quietly, as other tools do.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_BROKEN_PIPE
    return 0
