"""Risk-based inspection planning (riskiperusteinen valvontasuunnitelma): ``valvonta plan``.

- :mod:`~avi_valvonta.planning.indicators` — indicator values with source and date; which one wins;
- :mod:`~avi_valvonta.planning.records` — from the tool's own runs, complaints and decisions;
- :mod:`~avi_valvonta.planning.hooks` — from the plugins (``risk_indicators``);
- :mod:`~avi_valvonta.planning.importers` — from a CSV file (generic shape, or Statistics Finland's);
- :mod:`~avi_valvonta.planning.population` — who is supervised in the plan year, per municipality or area;
- :mod:`~avi_valvonta.planning.weights` — the TOML weights (defaults in ``data/weights.toml``);
- :mod:`~avi_valvonta.planning.score` — likelihood × impact, explained component by component;
- :mod:`~avi_valvonta.planning.plan` — follow-ups, risk and a random share within the capacity, by quarter;
- :mod:`~avi_valvonta.planning.service` — gather → build; :mod:`~avi_valvonta.planning.writers` — the formats.
"""
