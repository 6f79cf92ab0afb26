"""``Distribution``: one way to get at a dataset (a file, an API, a secure processing environment)."""

from __future__ import annotations

import strawberry

from hdsgraph.core import model
from hdsgraph.gql.types.concept import Concept
from hdsgraph.gql.types.scalars import Long

__all__ = ["Distribution"]


@strawberry.type(description="A dcat:Distribution of a dataset.")
class Distribution:
    id: strawberry.ID | None = strawberry.field(
        description="The distribution's IRI; null for a distribution described without one (a blank node)."
    )
    access_url: str | None = strawberry.field(name="accessURL", description="dcat:accessURL")
    download_url: str | None = strawberry.field(name="downloadURL", description="dcat:downloadURL")
    media_type: str | None = strawberry.field(description="dcat:mediaType, an IANA media type IRI.")
    format: Concept | None = strawberry.field(description="dct:format, an EU file-type concept.")
    license: Concept | None = strawberry.field(description="dct:license, an EU licence concept.")
    byte_size: Long | None = strawberry.field(description="dcat:byteSize in bytes.")
    _titles: strawberry.Private[model.LangText]

    @strawberry.field(description="dct:title in `lang`, else English.")
    def title(self, lang: str | None = None) -> str | None:
        return self._titles.get(lang)

    @classmethod
    def of(cls, d: model.Distribution) -> Distribution:
        return cls(
            id=strawberry.ID(d.id) if d.id else None,
            access_url=d.access_url,
            download_url=d.download_url,
            media_type=d.media_type,
            format=Concept.of(d.format) if d.format else None,
            license=Concept.of(d.licence) if d.licence else None,
            byte_size=Long(d.byte_size) if d.byte_size is not None else None,
            _titles=d.titles,
        )
