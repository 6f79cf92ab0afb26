"""The errors of the credentials package: a credential that cannot be trusted, a request without valid identity."""

from __future__ import annotations

from hdsgraph.core.errors import HdsgraphError

__all__ = ["CredentialError", "UnauthenticatedError"]


class CredentialError(HdsgraphError):
    """A key, signature, credential or presentation cannot be trusted.

    Details name the ``credential`` (its index and id when known) and the ``reason``, so a publisher can tell which
    of several credentials failed and why.
    """

    code = "CREDENTIAL_INVALID"


class UnauthenticatedError(HdsgraphError):
    """A request's bearer token is missing, malformed, expired, or not signed by a trusted key."""

    code = "UNAUTHENTICATED"
