"""Audit runs: the runner, the result report, the proposal of a measure."""
