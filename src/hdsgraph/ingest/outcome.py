"""What a publish answers: the version it stored, or every reason it stored nothing."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from hdsgraph.core.errors import HdsgraphError, ParseError
from hdsgraph.validation import ValidationReport
from hdsgraph.validation.report import Severity, ValidationResult

__all__ = ["Problem", "PublishRejected", "Published", "problems_from_report"]


@dataclass(frozen=True)
class Problem:
    """One reason a document was refused (or, with severity WARNING/INFO, one thing to improve).

    ``code`` is stable for clients; ``focus_node``, ``path`` and ``value`` say where, when the check knows.
    """

    code: str
    message: str
    focus_node: str | None = None
    path: str | None = None
    value: str | None = None
    severity: str = "VIOLATION"

    @classmethod
    def from_error(cls, error: HdsgraphError) -> Problem:
        if isinstance(error, ParseError):
            return cls(error.code, error.message, path=error.position.json_path)
        details = error.details
        credential = details.get("credential")
        if isinstance(credential, dict):
            # Which credential of a presentation failed: its id, else its position.
            credential = credential.get("id") or f"credential {credential.get('index')}"
        return cls(
            error.code,
            error.message,
            focus_node=_text(details.get("focus_node") or credential),
            # Why, in one word or two (expired, bad signature, unknown issuer …), for clients that sort failures.
            value=_text(details.get("value") or details.get("reason")),
        )


def _plain(node: str | None) -> str | None:
    """An IRI as clients pass it back (``dataset(id:)``, ``withdraw(id:)``): without Turtle's angle brackets."""
    if node is not None and node.startswith("<") and node.endswith(">"):
        return node[1:-1]
    return node


def _text(value: object) -> str | None:
    return None if value is None else str(value)


def problems_from_report(report: ValidationReport) -> list[Problem]:
    """Each SHACL result as a problem: violations block a publish, warnings and infos are advice."""
    return [_problem(result) for result in report.results]


def _problem(result: ValidationResult) -> Problem:
    # The shape's own message says what is wrong; the rule in plain words says what would be accepted.
    message = result.message
    if result.explanation and result.explanation not in message:
        message = f"{message} (rule: {result.explanation})"
    return Problem(
        "VALIDATION_FAILED" if result.severity is Severity.VIOLATION else "VALIDATION_ADVICE",
        message,
        focus_node=_plain(result.focus_node),
        path=result.path,
        value=result.value,
        severity=result.severity.name,
    )


@dataclass(frozen=True)
class Published:
    """A stored version: ``id`` is the resource, ``graph`` the named graph that holds it."""

    id: str
    version: int
    graph: str
    state: str = "active"
    warnings: tuple[Problem, ...] = field(default=())
    triples: int = 0


class PublishRejected(HdsgraphError):
    """Nothing was stored; ``problems`` holds every reason found by the check that stopped the publish."""

    code = "REJECTED"

    def __init__(self, source: str, problems: Iterable[Problem]) -> None:
        self.problems: Sequence[Problem] = tuple(problems)
        first = self.problems[0].message if self.problems else "refused"
        more = len(self.problems) - 1
        suffix = f" (and {more} more problem{'s' if more != 1 else ''})" if more > 0 else ""
        super().__init__(f"{source}: {first}{suffix}; nothing was stored", source=source)

    @property
    def codes(self) -> list[str]:
        return [p.code for p in self.problems]
