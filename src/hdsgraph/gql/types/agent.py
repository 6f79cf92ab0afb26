"""``Agent``: an organisation that publishes, holds or governs data."""

from __future__ import annotations

import strawberry

from hdsgraph.core import model

__all__ = ["Agent"]


@strawberry.type(description="An organisation (foaf:Agent): publisher, custodian, health data access body.")
class Agent:
    id: strawberry.ID | None = strawberry.field(description="The agent's IRI; null for an agent without one.")
    _names: strawberry.Private[model.LangText]

    @strawberry.field(description="The name in `lang`, else English, else as written.")
    def name(self, lang: str | None = None) -> str | None:
        return self._names.get(lang)

    @classmethod
    def of(cls, agent: model.Agent) -> Agent:
        return cls(id=strawberry.ID(agent.id) if agent.id else None, _names=agent.names)
