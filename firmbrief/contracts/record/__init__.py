"""The record of a running project: events, the append-only log, the replayed state, gates,
notices, the calendar and the commands that use them."""
