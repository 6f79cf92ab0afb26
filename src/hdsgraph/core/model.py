"""Plain model types that services return and the GraphQL layer renders. No RDF library types leak out of here."""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["Agent", "Concept", "Dataset", "DatasetPage", "Distribution", "LangText"]


@dataclass(frozen=True)
class LangText:
    """Text in several languages; ``""`` is the key of text without a language tag."""

    values: dict[str, str] = field(default_factory=dict)

    def get(self, lang: str | None = None) -> str | None:
        """The text in ``lang`` (or its broader tag), else English, else untagged, else any language.

        Keys are lower-case language tags, as BCP 47 compares them without case.

        >>> LangText({"fr": "Santé", "en": "Health"}).get("FR-ch")
        'Santé'
        """
        wanted = []
        if lang:
            parts = lang.strip().lower().split("-")
            wanted = ["-".join(parts[:n]) for n in range(len(parts), 0, -1)]
        for key in (*wanted, "en", ""):
            if key in self.values:
                return self.values[key]
        return next(iter(self.values.values()), None)


@dataclass(frozen=True)
class Concept:
    """A controlled-vocabulary concept: its IRI and its labels."""

    id: str
    labels: LangText = field(default_factory=LangText)
    scheme: str | None = None


@dataclass(frozen=True)
class Agent:
    id: str | None  # None for an agent written as a blank node
    names: LangText = field(default_factory=LangText)


@dataclass(frozen=True)
class Distribution:
    id: str | None  # None for a distribution written as a blank node
    titles: LangText = field(default_factory=LangText)
    access_url: str | None = None
    download_url: str | None = None
    media_type: str | None = None
    format: Concept | None = None
    licence: Concept | None = None
    byte_size: int | None = None


@dataclass(frozen=True)
class Dataset:
    id: str
    titles: LangText
    descriptions: LangText
    publisher: Agent | None = None
    themes: tuple[Concept, ...] = ()
    health_categories: tuple[Concept, ...] = ()
    distributions: tuple[Distribution, ...] = ()


@dataclass(frozen=True)
class DatasetPage:
    """One page of datasets in a stable order, and whether more follow."""

    items: tuple[Dataset, ...]
    total_count: int
    has_next_page: bool
    has_previous_page: bool
    cursors: tuple[str, ...]
