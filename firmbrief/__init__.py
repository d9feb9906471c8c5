"""firmbrief: firm client briefs, terms of work and payment gates for freelancers.

The command-line tool is ``firmbrief``; the library lives in the subpackages
``firmbrief.briefs`` (schema, dates, loading, readiness), ``firmbrief.contracts`` (documents and
the project record) and ``firmbrief.intake`` (questionnaires and interviews).
"""

__all__ = ["__version__"]

__version__ = "0.1.0"
