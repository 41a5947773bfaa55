"""Letter templates (Jinja2), shipped as package data: ``fi/``, ``sv/`` and ``shared/``."""
