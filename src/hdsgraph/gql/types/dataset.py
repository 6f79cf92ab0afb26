"""``Dataset``: a DCAT-AP 3 / HealthDCAT-AP dataset description, every property of the profile."""

from __future__ import annotations

import asyncio
from typing import Any

import strawberry
from strawberry.types import Info

from hdsgraph.catalogue.quality import assess
from hdsgraph.core import model
from hdsgraph.core.vocab import DCAT, DCT, DPV, DQV, FOAF, GEODCATAP, HEALTHDCATAP, RDFS
from hdsgraph.gql.context import node_of
from hdsgraph.gql.loaders import loaders_of, request_lang
from hdsgraph.gql.types._described import Published
from hdsgraph.gql.types._resource import integer, resource_of, resources
from hdsgraph.gql.types.agent import Agent, ContactPoint, agents
from hdsgraph.gql.types.concept import Concept, concept, concepts
from hdsgraph.gql.types.distribution import Distribution
from hdsgraph.gql.types.federation import CatalogueNode
from hdsgraph.gql.types.period import PeriodOfTime
from hdsgraph.gql.types.policy import PolicyType
from hdsgraph.gql.types.publishing import RdfFormat
from hdsgraph.gql.types.quality import Quality
from hdsgraph.gql.types.scalars import Long
from hdsgraph.node.federated_search import NodeRef

__all__ = ["Dataset"]

H = HEALTHDCATAP


_DISTRIBUTION = str(DCAT.distribution)


def _plain(r: model.Resource) -> dict[str, list[str]]:
    """A resource as the quality rules read it: property -> lexical forms and IRIs."""
    return {
        p: [v.value if isinstance(v, model.Literal) else (v.iri or "_:blank") for v in values]
        for p, values in r.properties.items()
    }


def _ids(r: model.Resource, predicate: object) -> list[strawberry.ID]:
    return [strawberry.ID(i) for i in r.iris(str(predicate))]


@strawberry.type(description="A dataset described with DCAT-AP 3 and HealthDCAT-AP (release 8).")
class Dataset(Published):
    id: strawberry.ID = strawberry.field(description="The dataset's IRI.")
    _r: strawberry.Private[model.Resource]
    # The node it came from, for a peer's dataset in a federated answer; None: this node.
    _from: strawberry.Private[NodeRef | None] = None

    @strawberry.field(description="The node this description comes from: this node, or the peer that sent it.")
    def node(self, info: Info[Any, Any]) -> CatalogueNode:
        return CatalogueNode.of(self._from or node_of(info).ref)

    @strawberry.field(
        description="The dataset's DCAT-AP description, as this node serves it at its IRI, with its quality "
        "measurements (DQV) unless `quality` is false. Null for a peer's dataset: its own node serves it."
    )
    async def rdf(
        self, info: Info[Any, Any], format: RdfFormat = RdfFormat.N_TRIPLES, quality: bool = True
    ) -> str | None:
        if self._from is not None:
            return None
        node = node_of(info)
        iri = str(self.id)
        data = await asyncio.to_thread(lambda: node.publication.describe(iri, quality=quality).serialize(format.core()))
        return data.decode("utf-8")

    # -- text -------------------------------------------------------------------------------------------------
    @strawberry.field(description='dcat:keyword in `lang` (English when there are none in it); all with `lang: "*"`.')
    def keywords(self, info: Info[Any, Any], lang: str | None = None) -> list[str]:
        wanted = (request_lang(info, lang) or "en").lower()
        literals = self._r.literals(str(DCAT.keyword))
        if wanted == "*":
            return sorted({x.value for x in literals})
        for tag in (wanted, wanted.split("-")[0], "en", ""):
            found = sorted({x.value for x in literals if (x.language or "") == tag})
            if found:
                return found
        return sorted({x.value for x in literals})

    @strawberry.field(description="dct:identifier")
    def identifiers(self) -> list[str]:
        return sorted({x.value for x in self._r.literals(str(DCT.identifier))})

    @strawberry.field(description="owl:versionInfo / dcat:version")
    def version(self) -> str | None:
        return self._r.first(str(DCAT.version)) or self._r.first("http://www.w3.org/2002/07/owl#versionInfo")

    # -- classification ---------------------------------------------------------------------------------------
    @strawberry.field(description="dcat:theme, EU data-theme concepts.")
    def themes(self, info: Info[Any, Any]) -> list[Concept]:
        return concepts(info, self._r.iris(str(DCAT.theme)))

    @strawberry.field(description="healthdcatap:healthCategory, the EHDS Art. 51 categories of health data.")
    def health_categories(self, info: Info[Any, Any]) -> list[Concept]:
        return concepts(info, self._r.iris(str(H.healthCategory)))

    @strawberry.field(description="healthdcatap:healthTheme")
    def health_themes(self, info: Info[Any, Any]) -> list[Concept]:
        return concepts(info, self._r.iris(str(H.healthTheme)))

    @strawberry.field(description="dct:type, an EU dataset-type concept.")
    def type(self, info: Info[Any, Any]) -> Concept | None:
        return concept(info, self._r.iris(str(DCT.type)))

    @strawberry.field(description="dct:accessRights: PUBLIC, RESTRICTED or NON_PUBLIC (the HealthDCAT-AP profile).")
    def access_rights(self, info: Info[Any, Any]) -> Concept | None:
        return concept(info, self._r.iris(str(DCT.accessRights)))

    @strawberry.field(description="dct:conformsTo: standards (FHIR, OMOP-CDM, DICOM …).")
    def conforms_to(self, info: Info[Any, Any]) -> list[Concept]:
        return concepts(info, self._r.iris(str(DCT.conformsTo)))

    @strawberry.field(description="healthdcatap:hasCodingSystem: coding systems (ICD-10, SNOMED CT, LOINC …).")
    def coding_systems(self, info: Info[Any, Any]) -> list[Concept]:
        return concepts(info, self._r.iris(str(H.hasCodingSystem)))

    @strawberry.field(description="healthdcatap:hasCodeValues")
    def code_values(self) -> list[str]:
        return sorted({x.value for x in self._r.literals(str(H.hasCodeValues))})

    @strawberry.field(description="dct:spatial: countries and places covered.")
    def spatial(self, info: Info[Any, Any]) -> list[Concept]:
        return concepts(info, self._r.iris(str(DCT.spatial)))

    @strawberry.field(description="dct:accrualPeriodicity, an EU frequency concept.")
    def accrual_periodicity(self, info: Info[Any, Any]) -> Concept | None:
        return concept(info, self._r.iris(str(DCT.accrualPeriodicity)))

    # -- agents -----------------------------------------------------------------------------------------------
    @strawberry.field(description="dct:publisher")
    async def publisher(self, info: Info[Any, Any]) -> Agent | None:
        found = await agents(info, self._r.refs(str(DCT.publisher))[:1])
        return found[0] if found else None

    @strawberry.field(description="geodcatap:custodian: the health data holder.")
    async def custodians(self, info: Info[Any, Any]) -> list[Agent]:
        return await agents(info, self._r.refs(str(GEODCATAP.custodian)))

    @strawberry.field(description="healthdcatap:hdab: the health data access body that grants access.")
    async def hdab(self, info: Info[Any, Any]) -> Agent | None:
        found = await agents(info, self._r.refs(str(H.hdab))[:1])
        return found[0] if found else None

    @strawberry.field(description="healthdcatap:hdabCoordinator")
    async def hdab_coordinators(self, info: Info[Any, Any]) -> list[Agent]:
        return await agents(info, self._r.refs(str(H.hdabCoordinator)))

    @strawberry.field(description="dcat:contactPoint")
    async def contact_points(self, info: Info[Any, Any]) -> list[ContactPoint]:
        return [ContactPoint.of(r) for r in await resources(info, self._r.refs(str(DCAT.contactPoint)))]

    # -- access -----------------------------------------------------------------------------------------------
    @strawberry.field(description="dcat:distribution")
    async def distributions(self, info: Info[Any, Any]) -> list[Distribution]:
        return [Distribution.of(r) for r in await resources(info, self._r.refs(str(DCAT.distribution)))]

    @strawberry.field(description="healthdcatap:analytics: distributions of aggregate outputs.")
    async def analytics(self, info: Info[Any, Any]) -> list[Distribution]:
        return [Distribution.of(r) for r in await resources(info, self._r.refs(str(H.analytics)))]

    @strawberry.field(
        description="The usage policies governing it (odrl:hasPolicy, and policies naming it as a target), as this "
        "node compiled them."
    )
    async def policies(self, info: Info[Any, Any]) -> list[PolicyType]:
        found = await loaders_of(info).policies.load(str(self.id))
        return [PolicyType.of(p) for p in found]

    @strawberry.field(description="dcat:landingPage")
    def landing_pages(self) -> list[str]:
        return self._r.iris(str(DCAT.landingPage))

    @strawberry.field(description="foaf:page: documentation.")
    def pages(self) -> list[str]:
        return self._r.iris(str(FOAF.page))

    # -- population -------------------------------------------------------------------------------------------
    @strawberry.field(description="healthdcatap:minTypicalAge")
    def min_typical_age(self) -> int | None:
        return integer(self._r, str(H.minTypicalAge))

    @strawberry.field(description="healthdcatap:maxTypicalAge")
    def max_typical_age(self) -> int | None:
        return integer(self._r, str(H.maxTypicalAge))

    @strawberry.field(description="healthdcatap:numberOfRecords")
    def number_of_records(self) -> Long | None:
        value = integer(self._r, str(H.numberOfRecords))
        return Long(value) if value is not None else None

    @strawberry.field(description="healthdcatap:numberOfUniqueIndividuals")
    def number_of_unique_individuals(self) -> Long | None:
        value = integer(self._r, str(H.numberOfUniqueIndividuals))
        return Long(value) if value is not None else None

    @strawberry.field(description="healthdcatap:populationCoverage in `lang`, else English.")
    def population_coverage(self, info: Info[Any, Any], lang: str | None = None) -> str | None:
        return self._r.text(str(H.populationCoverage)).get(request_lang(info, lang))

    @strawberry.field(description="healthdcatap:hasStructuredData")
    def has_structured_data(self) -> bool | None:
        value = self._r.first(str(H.hasStructuredData))
        return None if value is None else value.strip().lower() in ("true", "1")

    @strawberry.field(description="healthdcatap:hasVariables: IRIs of the csvw:TableGroup data dictionaries.")
    def variables(self) -> list[strawberry.ID]:
        return _ids(self._r, H.hasVariables)

    # -- time and provenance ----------------------------------------------------------------------------------
    @strawberry.field(description="dct:temporal: the periods the data covers.")
    async def temporal(self, info: Info[Any, Any]) -> list[PeriodOfTime]:
        return [PeriodOfTime.of(r) for r in await resources(info, self._r.refs(str(DCT.temporal)))]

    @strawberry.field(description="healthdcatap:retentionPeriod")
    async def retention_period(self, info: Info[Any, Any]) -> PeriodOfTime | None:
        found = await resource_of(info, self._r.refs(str(H.retentionPeriod)))
        return PeriodOfTime.of(found) if found else None

    @strawberry.field(description="dct:provenance: the provenance statement in `lang`, else English.")
    async def provenance(self, info: Info[Any, Any], lang: str | None = None) -> str | None:
        found = await resource_of(info, self._r.refs(str(DCT.provenance)))
        return found.text(str(RDFS.label)).get(request_lang(info, lang)) if found else None

    @strawberry.field(description="dct:relation: IRIs of related resources.")
    def relations(self) -> list[strawberry.ID]:
        return _ids(self._r, DCT.relation)

    # -- rules of use -----------------------------------------------------------------------------------------
    @strawberry.field(description="dpv:hasPurpose")
    def purposes(self, info: Info[Any, Any]) -> list[Concept]:
        return concepts(info, self._r.iris(str(DPV.hasPurpose)))

    @strawberry.field(description="dpv:hasLegalBasis")
    def legal_bases(self, info: Info[Any, Any]) -> list[Concept]:
        return concepts(info, self._r.iris(str(DPV.hasLegalBasis)))

    @strawberry.field(description="dpv:hasPersonalData: the categories of personal data it holds.")
    def personal_data(self, info: Info[Any, Any]) -> list[Concept]:
        return concepts(info, self._r.iris(str(DPV.hasPersonalData)))

    @strawberry.field(description="dqv:hasQualityAnnotation: IRIs of quality annotations and certificates.")
    def quality_annotations(self) -> list[strawberry.ID]:
        return _ids(self._r, DQV.hasQualityAnnotation)

    @strawberry.field(description="Metadata quality on the data.europa.eu MQA dimensions, with what is missing.")
    async def quality(self, info: Info[Any, Any]) -> Quality:
        # Scored from the description as read (its distributions through the request's loader): the score always
        # matches what the client sees, and costs nothing unless asked for.
        distributions = await resources(info, self._r.refs(_DISTRIBUTION))
        # Only stored documents are read here, and only documents that passed the DCAT-AP shapes are stored.
        return Quality.of(assess(_plain(self._r), [_plain(d) for d in distributions], dcat_ap_compliant=True))

    @classmethod
    def of(cls, r: model.Resource, source: NodeRef | None = None) -> Dataset:
        return cls(id=strawberry.ID(r.id or ""), _r=r, _from=source)
