"""Exceptions that carry a user-facing message. The CLI maps them to exit codes (cli.md)."""

from __future__ import annotations

from dataclasses import dataclass, field

from avi_valvonta.i18n import Text


class ValvontaError(Exception):
    """Base class for errors the user can act on (exit 2). The message is shown as is (after masking)."""

    exit_code = 2


class UsageError(ValvontaError):
    """Bad arguments, unknown municipality, a refused operation."""


class RefusedError(ValvontaError):
    """The law or the data does not allow the requested operation (e.g. a suspension without a prior order)."""


@dataclass(frozen=True)
class Problem:
    """One problem in an input file: where it is and what is wrong.

    ``severity`` is ``error`` (the audit refuses to run) or ``warning`` (reported, the audit runs).
    """

    file: str
    message: str
    line: int | None = None
    column: str | None = None
    severity: str = "error"
    text: Text | None = None  # the message in Finnish and Swedish, for warnings that reach a report

    def location(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
        if self.column:
            where += f" [{self.column}]"
        return where

    def __str__(self) -> str:
        return f"{self.location()}: {self.message}"

    def bilingual(self) -> Text:
        where = self.location()
        if self.text is None:
            return Text(f"{where}: {self.message}", f"{where}: {self.message}")
        return Text(f"{where}: {self.text.fi}", f"{where}: {self.text.sv}")


@dataclass
class InvalidInput(ValvontaError):
    """Input failed validation: every problem found in one pass."""

    problems: list[Problem] = field(default_factory=list)
    summary: str = "invalid input"
    omitted: int = 0

    def __post_init__(self) -> None:
        super().__init__(self.summary)

    def __str__(self) -> str:
        lines = [f"{self.summary}: {len(self.problems) + self.omitted} problem(s)"]
        lines += [f"  {p}" for p in self.problems]
        if self.omitted:
            lines.append(f"  … and {self.omitted} more of the same kinds")
        return "\n".join(lines)
