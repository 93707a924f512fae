"""Errors that name the file (and line) they are about, collected per run."""

from __future__ import annotations

from dataclasses import dataclass, field


class NewsgenError(Exception):
    """An error a user can act on: says which file and line, and what is wrong."""

    def __init__(self, message: str, file: str | None = None, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.file = file
        self.line = line

    def __str__(self) -> str:
        return format_location(self.file, self.line, self.message)

    def __reduce__(self):
        # Keep file and line when the error crosses a process boundary (parallel rendering).
        return (type(self), (self.message, self.file, self.line))


class ConfigError(NewsgenError):
    """The site configuration is invalid; carries every problem found at once."""

    def __init__(self, problems: list[str], file: str | None = None):
        super().__init__("; ".join(problems), file)
        self.problems = problems

    def __reduce__(self):
        return (type(self), (self.problems, self.file))

    def __str__(self) -> str:
        where = f"{self.file}: " if self.file else ""
        return "\n".join(f"{where}{p}" for p in self.problems)


def format_location(file: str | None, line: int | None, message: str) -> str:
    if file and line:
        return f"{file}:{line}: {message}"
    if file:
        return f"{file}: {message}"
    return message


@dataclass
class Report:
    """Warnings and errors gathered over a run so one bad file does not hide the others."""

    errors: list[NewsgenError] = field(default_factory=list)
    warnings: list[NewsgenError] = field(default_factory=list)

    def error(self, message: str, file: str | None = None, line: int | None = None) -> None:
        self.errors.append(NewsgenError(message, file, line))

    def warn(self, message: str, file: str | None = None, line: int | None = None) -> None:
        self.warnings.append(NewsgenError(message, file, line))

    @property
    def ok(self) -> bool:
        return not self.errors
