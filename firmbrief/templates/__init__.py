"""Jinja2 templates, stylesheets, fonts and scripts shipped with firmbrief (package data)."""
