"""The ``firmbrief`` command: the root Typer app and the one place errors become exit codes."""

from __future__ import annotations

import importlib
import inspect
import os
import signal
import sys
import types
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Annotated, Any, Final

import typer

# Typer's own copy of Click: its errors are the ones a command line of Typer's raises.
from typer._click.exceptions import BadParameter, MissingParameter, NoArgsIsHelpError, UsageError
from typer.core import TyperArgument, TyperGroup, TyperOption

from firmbrief import __version__
from firmbrief.errors import (
    EXIT_BROKEN_PIPE,
    EXIT_HANGUP,
    EXIT_INTERNAL,
    EXIT_INTERRUPTED,
    EXIT_NOT_READY,
    EXIT_OK,
    EXIT_TERMINATED,
    EXIT_UNUSABLE,
    FirmbriefError,
)

__all__ = ["BUDGETS", "COMMANDS", "Stopped", "build_app", "main"]  # and `app`, built on first use


class Stopped(KeyboardInterrupt):
    """SIGTERM or SIGHUP, raised where the program is, like Ctrl-C: whatever was being written
    is cleaned up on the way out (a temporary file removed, the old file left as it was)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _stop(signum: int, frame: Any) -> None:
    raise Stopped(signum)


@contextmanager
def _stopping_cleanly() -> Iterator[None]:
    """SIGTERM and SIGHUP interrupt like Ctrl-C for as long as the block runs (a SIGHUP that
    was ignored, as under ``nohup``, stays ignored)."""
    previous: dict[int, Any] = {}
    for name in ("SIGTERM", "SIGHUP"):
        number = getattr(signal, name, None)
        if number is None or signal.getsignal(number) is signal.SIG_IGN:
            continue
        try:
            previous[number] = signal.signal(number, _stop)
        except ValueError:  # not the main thread: leave signals alone
            break
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


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


# --- help that reads well at 80 columns ---------------------------------------------------


def _reflowed(text: str | None) -> str | None:
    """A docstring's paragraphs each on one line: the help wraps them to the terminal's width
    (kept as written, a docstring's line breaks leave ragged lines at 80 columns)."""
    if not text:
        return text
    paragraphs = inspect.cleandoc(text).split("\n\n")
    return "\n\n".join(" ".join(line.strip() for line in p.splitlines()) for p in paragraphs)


def _option_type(self: TyperOption, ctx: Any) -> str | None:
    """An option's value as a word: its metavar (DIR, DATE), its choices (a4|letter); nothing
    for a flag (Typer would print ``<bool>``)."""
    if self.is_flag or self.count:
        return None
    if self.metavar is not None:
        return self.metavar
    shown = self.display_type(ctx)
    if shown and shown.startswith("<int"):
        return "N"
    if shown == "<str>":
        return "TEXT"
    return shown.removeprefix("<").removesuffix(">") if shown else None


def _argument_type(self: TyperArgument, ctx: Any) -> str | None:
    return None  # the argument's name says it (BRIEF, FILE), not ``<list[Path]>``


def _usage_name(self: TyperArgument) -> str:
    """``BRIEF...`` or ``[FILE]`` on the usage line, not ``{BRIEF...}...``."""
    name = self.display_name_raw
    if self.nargs != 1 and not name.endswith("..."):
        name += "..."
    return name if self.required else f"[{name}]"


TyperOption.display_type_rich = _option_type  # type: ignore[method-assign]
TyperArgument.display_type_rich = _argument_type  # type: ignore[method-assign,assignment]
TyperArgument._usage_display_name = _usage_name  # type: ignore[method-assign]


def _reflow_help(app: typer.Typer) -> None:
    """Every command's help (and each sub-app's) reflowed by :func:`_reflowed`."""
    for info in app.registered_commands:
        info.help = _reflowed(info.help or (info.callback.__doc__ if info.callback else None))
    for group in app.registered_groups:
        if group.typer_instance is not None:
            _reflow_help(group.typer_instance)
            found = group.typer_instance.info.help
            group.typer_instance.info.help = _reflowed(found if isinstance(found, str) else None)
    if app.registered_callback is not None:
        callback = app.registered_callback
        callback.help = _reflowed(
            callback.help or (callback.callback.__doc__ if callback.callback else None)
        )


def _usage_line(error: UsageError) -> str:
    """A wrong option or argument in one line, the option named: ``--format: 'xml' is not one
    of 'text', 'json'`` (not Click's boxed usage panel)."""
    if isinstance(error, BadParameter) and not isinstance(error, MissingParameter):
        message = error.message.removeprefix("Value error, ").rstrip(".")
        param = error.param
        if param is None:
            hint = error.param_hint
            return f"{hint}: {message}" if isinstance(hint, str) else message
        opts = [o for o in param.opts if o.startswith("--")] or list(param.opts)
        name = max(opts, key=len) if param.param_type_name == "option" and opts else None
        return f"{name or param.metavar or (param.name or '').upper()}: {message}"
    message = error.format_message().rstrip(".")
    message = message[:1].lower() + message[1:]
    where = error.ctx.command_path if error.ctx is not None else "firmbrief"
    return f"{message} (see `{where} -h`)"


class _Group(TyperGroup):
    """Turns firmbrief's errors into one line on stderr and their exit code: no traceback."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)
        except NoArgsIsHelpError:
            raise
        except UsageError as wrong:  # an option of firmbrief itself: ``firmbrief --bogus``
            typer.echo(f"error: {_usage_line(wrong)}", err=True)
            raise typer.Exit(EXIT_UNUSABLE) from None

    def invoke(self, ctx: Any) -> Any:  # typer.Context; its base class is private to Typer
        try:
            return super().invoke(ctx)
        except NoArgsIsHelpError:
            raise
        except UsageError as wrong:
            typer.echo(f"error: {_usage_line(wrong)}", err=True)
            raise typer.Exit(EXIT_UNUSABLE) from None
        except (typer.Exit, typer.Abort, typer.TyperException, BrokenPipeError):
            raise
        except FirmbriefError as error:
            typer.echo(f"error: {error}", err=True)
            raise typer.Exit(error.exit_code) from None
        except KeyboardInterrupt as stop:
            if isinstance(stop, Stopped):
                name = signal.Signals(stop.signum).name
                typer.echo(f"stopped by {name}: nothing was half-written", err=True)
                code = EXIT_TERMINATED if name == "SIGTERM" else EXIT_HANGUP
                raise typer.Exit(code) from None
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
    "check": "firmbrief.commands.brief",
    "schema": "firmbrief.commands.brief",
    "questionnaire": "firmbrief.commands.intake",
    "intake": "firmbrief.commands.intake",
    "render": "firmbrief.commands.documents",
    "verify": "firmbrief.commands.documents",
    "invoice": "firmbrief.commands.invoice",
    "record": "firmbrief.commands.record",
    "status": "firmbrief.commands.record",
    "gate": "firmbrief.commands.record",
    "notice": "firmbrief.commands.record",
    "schedule": "firmbrief.commands.record",
    "law": "firmbrief.commands.law",
}
"""Each command and the module that registers it, in the order ``--help`` lists them."""

BUDGETS: Final[dict[str, float | None]] = {
    "check": 60,
    "schema": 60,
    "questionnaire": 120,
    "intake import": 120,
    "intake interview": None,  # waits on a person; each answer file it reads is bounded
    "render": None,  # each brief has its own limit (contracts.render.RENDER_SECONDS)
    "verify": 120,
    "invoice": 180,  # one invoice, its --wait for the register included; --due: per brief
    "record": 60,
    "status": 60,
    "gate": 60,
    "notice": 60,
    "schedule": 60,
    "law": 60,
}
"""Seconds each command may take at most (``None``: limited otherwise). Real briefs take a
fraction of a second to a few seconds; only a hostile input gets near these. A command that
passes its budget stops with exit 2 and one line (``FIRMBRIEF_TIME_SCALE`` scales them)."""


def _budget(args: list[str]) -> tuple[str, float | None]:
    """The command named in ``args`` and its time budget."""
    words = [a for a in args if not a.startswith("-")]
    command = " ".join(words[:2]) if words[:1] == ["intake"] else " ".join(words[:1])
    if command == "invoice" and "--due" in args:  # many briefs: each has its own limit
        return command, None
    return command, BUDGETS.get(command)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"firmbrief {__version__}")
        raise typer.Exit()


def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", "-V", callback=_version, is_eager=True, help="Print the version."
        ),
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
        add_completion=True,
        pretty_exceptions_enable=False,
        context_settings={"help_option_names": ["-h", "--help"]},
    )
    app.callback()(_root)
    for name in dict.fromkeys(COMMANDS.values() if modules is None else modules):
        importlib.import_module(name).register(app)
    _reflow_help(app)
    return app


def __getattr__(name: str) -> Any:
    # ``firmbrief.commands.app.app``: every command, built on first use (``main`` builds only
    # what the command line asks for: Typer turns every registered command into a Click command
    # first).
    if name == "app":
        globals()["app"] = built = build_app()
        return built
    raise AttributeError(name)


def main(argv: list[str] | None = None) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``); returns the exit code."""
    args = sys.argv[1:] if argv is None else list(argv)
    module = COMMANDS.get(args[0]) if args else None
    command, budget = _budget(args)
    try:
        with _stopping_cleanly(), _within(command, budget, args):
            app = build_app([module] if module else None)
            app(args=args, prog_name="firmbrief")
    except FirmbriefError as error:  # a budget that passed outside a command's own code
        typer.echo(f"error: {error}", err=True)
        return error.exit_code
    except KeyboardInterrupt:
        typer.echo("interrupted: nothing was half-written", err=True)
        return EXIT_INTERRUPTED
    except SystemExit as done:
        code = done.code
        return code if isinstance(code, int) else (EXIT_OK if code is None else EXIT_NOT_READY)
    except BrokenPipeError:
        # The reader went away (`firmbrief ... | head`): stop quietly, as other tools do.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_BROKEN_PIPE
    return EXIT_OK


@contextmanager
def _within(command: str, budget: float | None, args: list[str]) -> Iterator[None]:
    if budget is None:
        yield
        return
    from firmbrief.briefs.files import printable
    from firmbrief.deadline import seconds_said, time_limit

    at = 2 if command.startswith("intake ") else 1
    target = [a for a in args[at : at + 1] if not a.startswith("-")]
    message = (
        f"{command} took longer than {seconds_said(budget)} s and was stopped: no real input takes "
        "this long (FIRMBRIEF_TIME_SCALE=2 allows twice as long)"
    )
    with time_limit(budget, message, file=printable(target[0]) if target else None):
        yield
