"""Left operands the evaluator understands: ODRL 2.2's own, and the project profile's for what ODRL lacks.

Each operand says where its value comes from. Facts about the requester come from :class:`~hdsgraph.policy.request.
Facts`, which the node establishes from the graph (verified self-descriptions, DPF list, permits issued); a request
can never supply them ("the graph wins"). The project's operands live in the ontology namespace and are listed in
:data:`PROJECT_LEFT_OPERANDS` so that the ontology can declare them (``a odrl:LeftOperand``).

Mapping of ODRL operands the seed policies use (a documented choice):

- ``odrl:spatial`` is the requester's jurisdiction (where it is established, from its verified self-description):
  under the GDPR and the EHDS it is the requester's place that decides whether data may go there; the action itself
  runs in a processing environment, which has its own operand.
- ``odrl:system`` (deprecated in ODRL 2.2 for ``odrl:systemDevice``) and ``odrl:systemDevice`` are the processing
  environment the request names (for example ``hds:SecureProcessingEnvironment``), as ``hds:processingEnvironment``.
- ``odrl:recipient`` is the requester: it receives the outcome of the action.
- ``odrl:industry`` is the requester's industries, as the node knows them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from hdsgraph.policy.values import Kind

__all__ = [
    "HDS",
    "LEFT_OPERANDS",
    "ODRL",
    "PROFILE",
    "PROJECT_LEFT_OPERANDS",
    "REQUESTER_FACTS",
    "LeftOperand",
]

ODRL: Final = "http://www.w3.org/ns/odrl/2/"
HDS: Final = "https://w3id.org/hdsgraph/ontology#"
# The IRI a policy names in odrl:profile to use the operands below; always known to the compiler.
PROFILE: Final = HDS + "odrlProfile"


@dataclass(frozen=True, slots=True)
class LeftOperand:
    """A left operand: its IRI, the kind of its values, whether it has several, and where the value comes from."""

    iri: str
    kind: Kind | None  # None: any kind; the right operand decides
    source: str  # "request.<field>", "facts.<field>" or "supplied" (request operands, overridden by facts.state)
    multi: bool = False
    description: str = ""


def _odrl(name: str, kind: Kind | None, source: str = "supplied", multi: bool = False, text: str = "") -> LeftOperand:
    return LeftOperand(ODRL + name, kind, source, multi, text)


def _hds(name: str, kind: Kind, source: str, multi: bool = False, text: str = "") -> LeftOperand:
    return LeftOperand(HDS + name, kind, source, multi, text)


PROJECT_LEFT_OPERANDS: Final = (
    _hds(
        "requesterOrganisationType",
        Kind.IRI,
        "facts.organisation_types",
        True,
        "The organisation types of the requester (hds:OrganisationType concepts), from its self-description.",
    ),
    _hds(
        "requesterJurisdiction",
        Kind.IRI,
        "facts.jurisdiction",
        False,
        "The jurisdiction in which the requester is established (an hds:Jurisdiction), from its self-description.",
    ),
    _hds(
        "processingEnvironment",
        Kind.IRI,
        "request.environment",
        False,
        "The processing environment in which the requested action runs (an hds:ProcessingEnvironment).",
    ),
    _hds(
        "dataForm",
        Kind.IRI,
        "request.data_form",
        False,
        "The form in which the data is requested (an hds:DataForm: anonymised, pseudonymised, statistics).",
    ),
    _hds(
        "dataPermit",
        Kind.IRI,
        "facts.permit",
        False,
        "The data permit the request relies on, when the graph holds it as issued by a health data access body "
        "to the requester (EHDS Art. 68).",
    ),
    _hds(
        "gaiaxCompliant",
        Kind.BOOLEAN,
        "facts.gaiax_compliant",
        False,
        "Whether the requester holds a valid Gaia-X compliance credential.",
    ),
    _hds(
        "dpfCertified",
        Kind.BOOLEAN,
        "facts.dpf_certified",
        False,
        "Whether the requester is on the EU-US Data Privacy Framework list (a US organisation covered by the "
        "adequacy decision of 10 July 2023).",
    ),
)

_ODRL_OPERANDS = (
    _odrl("purpose", Kind.IRI, "request.purpose"),
    _odrl("spatial", Kind.IRI, "facts.jurisdiction"),
    _odrl("recipient", Kind.IRI, "request.requester"),
    _odrl("dateTime", Kind.INSTANT, "request.at"),
    _odrl("industry", Kind.IRI, "facts.industries", True),
    _odrl("system", Kind.IRI, "request.environment"),
    _odrl("systemDevice", Kind.IRI, "request.environment"),
    _odrl("count", Kind.NUMBER),
    _odrl("elapsedTime", Kind.DURATION),
    _odrl("meteredTime", Kind.DURATION),
    _odrl("delayPeriod", Kind.DURATION),
    _odrl("timeInterval", Kind.DURATION),
    _odrl("payAmount", Kind.NUMBER),
    _odrl("percentage", Kind.NUMBER),
    _odrl("resolution", Kind.NUMBER),
    _odrl("absoluteSize", Kind.NUMBER),
    _odrl("relativeSize", Kind.NUMBER),
    _odrl("absolutePosition", None),
    _odrl("absoluteSpatialPosition", None),
    _odrl("absoluteTemporalPosition", None),
    _odrl("relativePosition", None),
    _odrl("relativeSpatialPosition", None),
    _odrl("relativeTemporalPosition", None),
    _odrl("spatialCoordinates", None),
    _odrl("deliveryChannel", None),
    _odrl("device", None),
    _odrl("event", None),
    _odrl("fileFormat", None),
    _odrl("language", None),
    _odrl("media", None),
    _odrl("product", None),
    _odrl("unitOfCount", None),
    _odrl("version", None),
    _odrl("virtualLocation", None),
)

LEFT_OPERANDS: Final = {operand.iri: operand for operand in (*_ODRL_OPERANDS, *PROJECT_LEFT_OPERANDS)}

# Operands whose value the node establishes, or that a request field carries: never taken from request operands.
REQUESTER_FACTS: Final = frozenset(iri for iri, operand in LEFT_OPERANDS.items() if operand.source != "supplied")
