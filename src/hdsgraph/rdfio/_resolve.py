"""Replace every ``@context`` URL in a JSON-LD document by the bundled document's ``@context`` value.

Oxigraph then sees only inline contexts and never needs a document loader: input cannot make the service fetch.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urljoin

from hdsgraph.rdfio._contexts import ContextSet, context_key

__all__ = ["MAX_CONTEXT_DEPTH", "ContextProblem", "Path", "Resolved", "resolve_contexts"]

Path = tuple[str | int, ...]

# Contexts that name contexts that name contexts …: real ones go two levels deep (DSP's context imports its ODRL
# profile). The limit turns a cycle or a runaway chain into an error instead of a hang.
MAX_CONTEXT_DEPTH = 8


class ContextProblem(Exception):
    """A context reference that cannot be resolved; ``at`` is where the document names it."""

    def __init__(self, message: str, at: Path) -> None:
        super().__init__(message)
        self.message = message
        self.at = at


class Resolved:
    """A document whose contexts are all inline, and what in it did not come from the document itself."""

    def __init__(self, data: Any, foreign: dict[Path, Path], reindexed: set[Path]) -> None:
        self.data = data
        # Where a bundled context now stands → where the document named it (the URL, or the @import).
        self.foreign = foreign
        # Context arrays into which a bundled array was spliced: their indices no longer match the document's.
        self.reindexed = reindexed


def resolve_contexts(data: Any, contexts: ContextSet, *, base_iri: str | None) -> Resolved:
    """``data`` (parsed JSON) with every context reference replaced; raises ``ContextProblem``."""
    resolver = _Resolver(contexts, base_iri)
    resolved = resolver.node(data, ())
    places = [
        path
        for path, named in resolver.foreign.items()
        # Where a spliced array shifted the entries, the recorded places no longer point at what was put there.
        if path == named and not any(path[:i] in resolver.reindexed for i in range(len(path)))
    ]
    _prune(resolved, places, _names(data))
    return Resolved(resolved, resolver.foreign, resolver.reindexed)


def _prune(resolved: Any, places: list[Path], wanted: set[str]) -> None:
    """Drop the term definitions of bundled contexts that nothing in the document can reach.

    Oxigraph processes every definition of a context, and the generated Gaia-X contexts hold hundreds (12 ms for
    one credential, most of a publish's budget); a document uses a handful. A definition matters only when its
    term is written somewhere: as a key, as a string value (a type, a value of a ``@vocab``-typed property), as
    the prefix of a compact IRI, or inside a definition that matters. Contexts with protected terms are kept
    whole, because redefining or clearing a protected term must still fail.
    """
    contexts = [(path, value) for path in places if isinstance(value := _at(resolved, path), dict)]
    prunable = [(path, value) for path, value in contexts if not _protects(value)]
    for value in (value for _, value in contexts):
        for key, entry in value.items():
            if key.startswith("@"):
                wanted |= _names(entry)
    done: set[str] = set()
    while True:
        reached = {name for _, value in prunable for name in value.keys() & wanted} - done
        if not reached:
            break
        done |= reached
        for _, value in prunable:
            for name in reached & value.keys():
                wanted |= _names(value[name])
    for path, value in prunable:
        parent = _at(resolved, path[:-1])
        parent[path[-1]] = {key: entry for key, entry in value.items() if key.startswith("@") or key in wanted}


def _protects(context: dict[str, Any]) -> bool:
    return "@protected" in context or any(
        isinstance(entry, dict) and "@protected" in entry for entry in context.values()
    )


def _names(value: Any) -> set[str]:
    """Every string in ``value`` (keys too) that could name a term, with the prefix of each compact IRI."""
    names: set[str] = set()
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, str):
            names.add(item)
            prefix, colon, _ = item.partition(":")
            if colon:
                names.add(prefix)
    return names


def _at(data: Any, path: Path) -> Any:
    for step in path:
        data = data[step]
    return data


class _Resolver:
    def __init__(self, contexts: ContextSet, base_iri: str | None) -> None:
        self.contexts = contexts
        self.base = base_iri
        self.foreign: dict[Path, Path] = {}
        self.reindexed: set[Path] = set()

    def node(self, value: Any, path: Path) -> Any:
        if isinstance(value, list):
            return [self.node(item, (*path, i)) for i, item in enumerate(value)]
        if not isinstance(value, dict):
            return value
        out = {}
        for key, item in value.items():
            if key == "@context":
                out[key] = self.context(item, (*path, key), base=self.base, chain=(), at=(*path, key))
            elif key == "@value":
                out[key] = item  # a literal's value is data (a JSON literal may look like anything)
            else:
                out[key] = self.node(item, (*path, key))
        return out

    def context(self, value: Any, path: Path | None, *, base: str | None, chain: tuple[str, ...], at: Path) -> Any:
        """A context value. ``path`` is its place in the document, ``None`` inside a bundled context."""
        if isinstance(value, str):
            resolved = self.reference(value, base=base, chain=chain, at=at)
            if path is not None:
                self.foreign[path] = path
            return resolved
        if isinstance(value, list):
            out: list[Any] = []
            for i, item in enumerate(value):
                item_path = None if path is None else (*path, i)
                resolved = self.context(item, item_path, base=base, chain=chain, at=item_path or at)
                if isinstance(item, str) and isinstance(resolved, list):
                    # A context array holds no arrays: a referenced array's entries take the reference's place.
                    out.extend(resolved)
                    if path is not None:
                        self.reindexed.add(path)
                else:
                    out.append(resolved)
            return out
        if isinstance(value, dict):
            return self.local(value, path, base=base, chain=chain, at=at)
        return value  # null resets the context; anything else Oxigraph reports as it stands

    def local(
        self, value: dict[str, Any], path: Path | None, *, base: str | None, chain: tuple[str, ...], at: Path
    ) -> Any:
        out: dict[str, Any] = {}
        imported = value.get("@import")
        for key, item in value.items():
            if key == "@import" and isinstance(imported, str):
                continue
            if isinstance(item, dict) and "@context" in item:
                # A scoped context (on a property or a type) may itself be or name a context.
                item_path = None if path is None else (*path, key, "@context")
                item = {
                    **item,
                    "@context": self.context(item["@context"], item_path, base=base, chain=chain, at=item_path or at),
                }
            out[key] = item
        if not isinstance(imported, str):
            return out
        import_at = at if path is None else (*path, "@import")
        merged = self.imported(imported, base=base, chain=chain, at=import_at)
        if path is not None:
            for key in merged.keys() - out.keys():
                self.foreign[(*path, key)] = import_at
        # The importing context's own entries win over the imported ones (JSON-LD 1.1, context processing 5.6.7).
        return {**merged, **out}

    def imported(self, url: str, *, base: str | None, chain: tuple[str, ...], at: Path) -> dict[str, Any]:
        absolute, document = self.lookup(url, base=base, chain=chain, at=at)
        value = document["@context"]
        if not isinstance(value, dict) or "@import" in value:
            raise ContextProblem(
                f"the JSON-LD context {url} is imported with @import, which needs a single context object without an "
                "@import of its own",
                at,
            )
        resolved: dict[str, Any] = self.local(value, None, base=absolute, chain=(*chain, absolute), at=at)
        return resolved

    def reference(self, url: str, *, base: str | None, chain: tuple[str, ...], at: Path) -> Any:
        absolute, document = self.lookup(url, base=base, chain=chain, at=at)
        # References inside a context resolve against that context's own URL, as a document loader would.
        return self.context(document["@context"], None, base=absolute, chain=(*chain, absolute), at=at)

    def lookup(self, url: str, *, base: str | None, chain: tuple[str, ...], at: Path) -> tuple[str, Any]:
        absolute = urljoin(base, url) if base else url
        key = context_key(absolute)
        if key in chain:
            loop = " → ".join((*chain, key))
            raise ContextProblem(f"the JSON-LD contexts refer to each other in a cycle ({loop})", at)
        if len(chain) >= MAX_CONTEXT_DEPTH:
            raise ContextProblem(
                f"the JSON-LD context {url} is reached through {len(chain)} contexts that name each other "
                f"({' → '.join(chain)}); at most {MAX_CONTEXT_DEPTH} levels are followed",
                at,
            )
        document = self.contexts.document(key)
        if document is None:
            raise ContextProblem(self.unknown(url, chain), at)
        if not isinstance(document, dict) or "@context" not in document:
            raise ContextProblem(f"the bundled document for the JSON-LD context {url} has no @context entry", at)
        return key, document

    def unknown(self, url: str, chain: tuple[str, ...]) -> str:
        urls = self.contexts.urls
        accepted = (
            "accepted are " + ", ".join(urls)
            if len(urls) <= 4
            else f"accepted are the {len(urls)} context URLs listed in {self.contexts.documented_in}"
        )
        named_by = f" (named by the bundled context {chain[-1]})" if chain else ""
        return (
            f"the JSON-LD context {url}{named_by} is not one of the bundled contexts, and contexts are never "
            f"fetched; {accepted}, or put the context inline in the document"
        )
