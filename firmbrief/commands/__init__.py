"""The command line: every ``firmbrief`` command, apart from the domain it calls.

``app`` is the root (errors become exit codes there); each other module registers a few
commands that parse their arguments, call one domain function, print and pick the exit code.
The domain packages (``briefs``, ``intake``, ``contracts``) never import this package.
"""
