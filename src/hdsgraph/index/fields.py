"""The fields datasets are filtered and faceted on: which property each reads and which vocabulary it accepts."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from hdsgraph.core.vocab import DCAT, DCT, EU_AUTHORITY, GEODCATAP, HEALTH_AUTHORITY, HEALTHDCATAP

__all__ = ["FACET_FIELDS", "Field", "FieldSpec"]


@dataclass(frozen=True)
class FieldSpec:
    name: str  # the DatasetFilter field that selects on it
    predicate: str  # the dataset property it reads
    scheme: str | None  # the concept scheme its values come from; None for agents and keywords
    literal: bool = False  # keywords: values are normalised text, not IRIs


class Field(Enum):
    """A filterable property. Values are IRIs, except for keywords (compared without case or accents)."""

    THEME = FieldSpec("themes", str(DCAT.theme), f"{EU_AUTHORITY}data-theme")
    HEALTH_CATEGORY = FieldSpec(
        "healthCategories", str(HEALTHDCATAP.healthCategory), f"{HEALTH_AUTHORITY}healthcategories"
    )
    HEALTH_THEME = FieldSpec("healthThemes", str(HEALTHDCATAP.healthTheme), f"{HEALTH_AUTHORITY}health-theme")
    PUBLISHER = FieldSpec("publishers", str(DCT.publisher), None)
    CUSTODIAN = FieldSpec("custodians", str(GEODCATAP.custodian), None)
    COUNTRY = FieldSpec("countries", str(DCT.spatial), f"{EU_AUTHORITY}country")
    ACCESS_RIGHTS = FieldSpec("accessRights", str(DCT.accessRights), f"{EU_AUTHORITY}access-right")
    CODING_SYSTEM = FieldSpec("codingSystems", str(HEALTHDCATAP.hasCodingSystem), f"{HEALTH_AUTHORITY}coding-system")
    STANDARD = FieldSpec("standards", str(DCT.conformsTo), f"{HEALTH_AUTHORITY}standard")
    KEYWORD = FieldSpec("keywords", str(DCAT.keyword), None, literal=True)

    @property
    def spec(self) -> FieldSpec:
        return self.value

    @classmethod
    def by_predicate(cls) -> dict[str, Field]:
        return {f.spec.predicate: f for f in cls}


# The fields the connection counts buckets for (the contract's FacetField).
FACET_FIELDS = (
    Field.THEME,
    Field.HEALTH_CATEGORY,
    Field.PUBLISHER,
    Field.COUNTRY,
    Field.ACCESS_RIGHTS,
    Field.CODING_SYSTEM,
)
