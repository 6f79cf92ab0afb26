"""Dates of credentials: xsd:dateTime text and JWT NumericDate, always compared as aware UTC datetimes."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from hdsgraph.credentials.errors import CredentialError

__all__ = ["aware", "check_window", "from_numeric_date", "parse_datetime"]


def aware(moment: datetime) -> datetime:
    """``moment`` with a time zone; a naive one is read as UTC (as xsd:dateTime without offset is here)."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def parse_datetime(value: Any, *, field: str) -> datetime:
    """The xsd:dateTime ``value`` of ``field``, e.g. ``2024-01-01T00:00:00Z``.

    >>> parse_datetime("2023-09-14T15:07:49.303Z", field="issuanceDate").isoformat()
    '2023-09-14T15:07:49.303000+00:00'
    """
    if isinstance(value, dict) and "@value" in value:
        value = value["@value"]
    if not isinstance(value, str):
        raise CredentialError(
            f"{field} is {value!r}; expected an xsd:dateTime string such as 2024-01-01T00:00:00Z",
            reason="malformed date",
        )
    try:
        return aware(datetime.fromisoformat(value))
    except ValueError as e:
        raise CredentialError(
            f"{field} {value!r} is not an xsd:dateTime; expected a date and time such as 2024-01-01T00:00:00Z",
            reason="malformed date",
        ) from e


def from_numeric_date(value: Any, *, claim: str) -> datetime:
    """A JWT NumericDate claim (seconds since the epoch) as a UTC datetime."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise CredentialError(
            f"the JWT claim {claim} is {value!r}; expected seconds since 1970 (a number)", reason="malformed date"
        )
    try:
        return datetime.fromtimestamp(value, tz=UTC)
    except (OverflowError, OSError, ValueError) as e:
        raise CredentialError(f"the JWT claim {claim} is {value!r}, out of range", reason="malformed date") from e


def check_window(
    start: datetime | None, end: datetime | None, *, at: datetime, what: str, names: tuple[str, str]
) -> None:
    """Refuse when ``at`` is before ``start`` or after ``end``, naming ``what`` and both dates."""
    at = aware(at)
    if start is not None and at < start:
        raise CredentialError(
            f"{what} is not valid yet: its {names[0]} is {start.isoformat()}, and it was checked at {at.isoformat()}",
            reason="not yet valid",
            valid_from=start.isoformat(),
        )
    if end is not None and at > end:
        raise CredentialError(
            f"{what} has expired: its {names[1]} is {end.isoformat()}, and it was checked at {at.isoformat()}",
            reason="expired",
            valid_until=end.isoformat(),
        )


def credential_window(document: dict[str, Any]) -> tuple[datetime | None, datetime | None, tuple[str, str]]:
    """When a credential is valid and the members that say so: VC 2.0 validFrom/validUntil, else VC 1.1's
    issuanceDate/expirationDate."""
    names = (
        ("validFrom", "validUntil")
        if "validFrom" in document or "validUntil" in document
        else (
            "issuanceDate",
            "expirationDate",
        )
    )
    start, end = (parse_datetime(document[name], field=name) if name in document else None for name in names)
    return start, end, names
