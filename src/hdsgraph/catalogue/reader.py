"""Datasets read from the graph, a page at a time, with a fixed number of queries per page (no N+1)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from rdflib.term import Literal, URIRef

from hdsgraph.catalogue.cursor import decode_cursor, encode_cursor
from hdsgraph.core.errors import BadInputError
from hdsgraph.core.model import Agent, Concept, Dataset, DatasetPage, Distribution, LangText
from hdsgraph.core.vocab import DCAT, DCT, FOAF, HEALTHDCATAP, SKOS
from hdsgraph.store.base import GraphStore

__all__ = ["MAX_PAGE_SIZE", "CatalogueReader"]

MAX_PAGE_SIZE = 100

_PREFIXES = f"""PREFIX dcat: <{DCAT}> PREFIX dct: <{DCT}> PREFIX foaf: <{FOAF}>
PREFIX skos: <{SKOS}> PREFIX healthdcatap: <{HEALTHDCATAP}>
"""

# Ordered by IRI so that pages are stable; the cursor is the last IRI of the page before.
_PAGE = (
    _PREFIXES
    + """
SELECT DISTINCT ?d WHERE { GRAPH ?g { ?d a dcat:Dataset } FILTER(isIRI(?d) && STR(?d) > STR(?after)) }
ORDER BY STR(?d) LIMIT %d
"""
)
_COUNT = _PREFIXES + "SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { GRAPH ?g { ?d a dcat:Dataset } FILTER(isIRI(?d)) }"
_EXISTS = _PREFIXES + "ASK WHERE { GRAPH ?g { ?d a dcat:Dataset } }"


def _properties_query(predicates: Sequence[URIRef]) -> str:
    # The predicates are the reader's own constants. A FILTER, not a second VALUES block: Oxigraph would start
    # from the predicate and scan every label in the vocabularies (measured 3.6 ms against 0.4 ms for 4 concepts).
    listed = ", ".join(f"<{p}>" for p in predicates)
    return f"SELECT ?s ?p ?o WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(?p IN ({listed})) }}"


_DATASET_PROPERTIES: list[URIRef] = [
    DCT.title,
    DCT.description,
    DCT.publisher,
    DCAT.theme,
    HEALTHDCATAP.healthCategory,
    DCAT.distribution,
]
_DISTRIBUTION_PROPERTIES: list[URIRef] = [
    DCT.title,
    DCAT.accessURL,
    DCAT.downloadURL,
    DCAT.mediaType,
    DCT.format,
    DCT.license,
    DCAT.byteSize,
]
_LABELS: list[URIRef] = [SKOS.prefLabel, FOAF.name, SKOS.inScheme]
_DATASET_QUERY = _properties_query(_DATASET_PROPERTIES)
_DISTRIBUTION_QUERY = _properties_query(_DISTRIBUTION_PROPERTIES)
_LABEL_QUERY = _properties_query(_LABELS)


class CatalogueReader:
    def __init__(self, store: GraphStore) -> None:
        self._store = store

    def dataset(self, iri: str) -> Dataset | None:
        try:
            subject = URIRef(iri)
            if not self._store.ask(_EXISTS, {"d": subject}):
                return None
        except BadInputError:
            return None  # not an IRI at all: no dataset has it
        found = self._datasets([iri])
        return found[0] if found else None

    def datasets(self, first: int = 20, after: str | None = None) -> DatasetPage:
        if not 0 <= first <= MAX_PAGE_SIZE:
            raise BadInputError(f"first={first} is out of range; give 0 to {MAX_PAGE_SIZE}", value=first)
        start = decode_cursor(after) if after is not None else ""
        rows = self._store.select(_PAGE % (first + 1), {"after": Literal(start)})
        iris = [str(r["d"]) for r in rows]
        has_next = len(iris) > first
        iris = iris[:first]
        total = int(self._store.select(_COUNT)[0]["n"])
        return DatasetPage(
            items=tuple(self._datasets(iris)),
            total_count=total,
            has_next_page=has_next,
            has_previous_page=after is not None,
            cursors=tuple(encode_cursor(i) for i in iris),
        )

    # -- batched reads: one query per kind of thing, whatever the page size ---------------------------------

    def _datasets(self, iris: Sequence[str]) -> list[Dataset]:
        if not iris:
            return []
        props = self._properties(iris, _DATASET_QUERY)
        distribution_iris = {o for p in props.values() for o in p.get(DCAT.distribution, ())}
        distributions = self._distributions(sorted(distribution_iris))
        referenced = {
            o
            for p in props.values()
            for key in (DCT.publisher, DCAT.theme, HEALTHDCATAP.healthCategory)
            for o in p.get(key, ())
        }
        referenced |= {c.id for d in distributions.values() for c in (d.format, d.licence) if c is not None}
        labels = self._labels(sorted(referenced))
        result = []
        for iri in iris:
            p = props.get(iri, {})
            publisher = next(iter(p.get(DCT.publisher, ())), None)
            result.append(
                Dataset(
                    id=iri,
                    titles=_lang_text(p.get(DCT.title, ())),
                    descriptions=_lang_text(p.get(DCT.description, ())),
                    publisher=Agent(publisher, labels.get(publisher, (LangText(), None))[0]) if publisher else None,
                    themes=_concepts(p.get(DCAT.theme, ()), labels),
                    health_categories=_concepts(p.get(HEALTHDCATAP.healthCategory, ()), labels),
                    distributions=tuple(
                        distributions[d] for d in sorted(p.get(DCAT.distribution, ())) if d in distributions
                    ),
                )
            )
        return result

    def _distributions(self, iris: Sequence[str]) -> dict[str, Distribution]:
        if not iris:
            return {}
        props = self._properties(iris, _DISTRIBUTION_QUERY)
        refs = sorted({o for p in props.values() for k in (DCT.format, DCT.license) for o in p.get(k, ())})
        labels = self._labels(refs)
        out = {}
        for iri in iris:
            p = props.get(iri, {})
            size = _first(p.get(DCAT.byteSize, ()))
            fmt = _first(p.get(DCT.format, ()))
            licence = _first(p.get(DCT.license, ()))
            out[iri] = Distribution(
                id=iri,
                titles=_lang_text(p.get(DCT.title, ())),
                access_url=_first(p.get(DCAT.accessURL, ())),
                download_url=_first(p.get(DCAT.downloadURL, ())),
                media_type=_first(p.get(DCAT.mediaType, ())),
                format=_concept(fmt, labels) if fmt else None,
                licence=_concept(licence, labels) if licence else None,
                byte_size=int(size) if size and size.isdigit() else None,
            )
        return out

    def _properties(self, subjects: Sequence[str], query: str) -> dict[str, dict[URIRef, list[Any]]]:
        rows = self._store.select(query, {"s": [URIRef(s) for s in subjects]})
        out: dict[str, dict[URIRef, list[Any]]] = defaultdict(lambda: defaultdict(list))
        for row in rows:
            value = row["o"]
            # Keep literals whole (language tags matter); IRIs as strings.
            out[str(row["s"])][row["p"]].append(value if isinstance(value, Literal) else str(value))  # type: ignore[index]
        return out

    def _labels(self, iris: Sequence[str]) -> dict[str, tuple[LangText, str | None]]:
        props = self._properties(iris, _LABEL_QUERY) if iris else {}
        return {
            iri: (
                _lang_text([*p.get(SKOS.prefLabel, ()), *p.get(FOAF.name, ())]),
                _first(p.get(SKOS.inScheme, ())),
            )
            for iri, p in props.items()
        }


def _lang_text(literals: Iterable[object]) -> LangText:
    values: dict[str, str] = {}
    for lit in sorted((v for v in literals if isinstance(v, Literal)), key=str):
        values.setdefault((lit.language or "").lower(), str(lit))
    return LangText(values)


def _first(values: Iterable[object]) -> str | None:
    return min((str(v) for v in values), default=None)


def _concept(iri: str, labels: dict[str, tuple[LangText, str | None]]) -> Concept:
    text, scheme = labels.get(iri, (LangText(), None))
    return Concept(iri, text, scheme)


def _concepts(iris: Iterable[str], labels: dict[str, tuple[LangText, str | None]]) -> tuple[Concept, ...]:
    return tuple(_concept(i, labels) for i in sorted(set(iris)))
