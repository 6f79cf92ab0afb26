"""Keys, signatures, DIDs and verifiable credentials: what the node checks before it stores a self-description.

Everything here works offline. did:key resolves from the DID itself; did:web issuers and X.509 trust anchors come
from the operator's trust directory (``TrustRegistry``); no URL named by input is ever fetched.
"""

from hdsgraph.credentials.credential_graph import VerifiedCredential
from hdsgraph.credentials.did import did_key_for, resolve_did_key
from hdsgraph.credentials.errors import CredentialError, UnauthenticatedError
from hdsgraph.credentials.jose import sign_vc_jwt, verify_vc_jwt
from hdsgraph.credentials.jws import decode_compact, sign_compact, sign_detached, verify_compact, verify_detached
from hdsgraph.credentials.keys import KeyPair, PublicKey, read_jwk_file, write_jwk_file
from hdsgraph.credentials.presentation import VerifiedPresentation, make_presentation, verify_presentation
from hdsgraph.credentials.proofs import sign_jws2020, verify_jws2020
from hdsgraph.credentials.registry import TrustRegistry
from hdsgraph.credentials.tokens import TokenVerifier, issue_token, load_jwks

__all__ = [
    "CredentialError",
    "KeyPair",
    "PublicKey",
    "TokenVerifier",
    "TrustRegistry",
    "UnauthenticatedError",
    "VerifiedCredential",
    "VerifiedPresentation",
    "decode_compact",
    "did_key_for",
    "issue_token",
    "load_jwks",
    "make_presentation",
    "read_jwk_file",
    "resolve_did_key",
    "sign_compact",
    "sign_detached",
    "sign_jws2020",
    "sign_vc_jwt",
    "verify_compact",
    "verify_detached",
    "verify_jws2020",
    "verify_presentation",
    "verify_vc_jwt",
    "write_jwk_file",
]
