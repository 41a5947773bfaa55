"""Jinja2 templates shipped with the package: letters (``fi/``, ``sv/``, ``shared/``) and report pages (``report/``).

A regular package (not a namespace one) so that ``importlib.resources`` and Jinja2's loaders find it in an editable
install too: the folder lives outside ``src/`` and is mapped to ``avi_valvonta.templates`` in pyproject.
"""
