"""Words for full-text search: the same normalisation for what is indexed and for what is searched.

Text is compared without case and without accents, so ``Präzisionsonkologie`` is found by ``prazisionsonkologie``
and ``Santé`` by ``sante``. Search text is only ever split into words: quotes, operators and query syntax of any
language (SPARQL, FTS5, Lucene) are characters like any other and never reach a query engine.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable

__all__ = ["FIELD_WEIGHTS", "MAX_QUERY_WORDS", "normalise", "term_weights", "words"]

_WORD = re.compile(r"\w+")
# The Unicode blocks of combining marks: diacritics, their supplements and extensions, and half marks.
_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
# A title word says more about a dataset than a keyword, and a keyword more than a word of its description.
FIELD_WEIGHTS = {"title": 3.0, "keyword": 2.0, "description": 1.0}
# A word's weight grows with how often it occurs, but saturates (as in BM25, with k1 = 1.2).
_K1 = 1.2
MAX_QUERY_WORDS = 32


def normalise(text: str) -> str:
    """Lower-case, accents removed.

    >>> normalise("Präzisionsonkologie Santé")
    'prazisionsonkologie sante'
    """
    if text.isascii():
        return text.lower()
    # Decompose, drop the combining marks (accents), recompose what remains (Hangul syllables, for one).
    stripped = _COMBINING.sub("", unicodedata.normalize("NFKD", text))
    return unicodedata.normalize("NFC", stripped).casefold()


def words(text: str) -> list[str]:
    """The words of ``text``, normalised.

    >>> words('bladder "cancer" } UNION { ?s ?p ?o')
    ['bladder', 'cancer', 'union', 's', 'p', 'o']
    """
    return _WORD.findall(normalise(text))


def term_weights(texts: Iterable[tuple[str, str]]) -> dict[str, float]:
    """Each word's weight in one dataset, from ``(field, text)`` pairs; field is title, keyword or description.

    The weight depends on the dataset alone (no corpus statistics), so a dataset's relevance to a query does not
    change when other datasets are published: cursors over relevance-ordered results stay valid.
    """
    by_field: dict[str, list[str]] = {}
    for field, text in texts:
        by_field.setdefault(field, []).append(text)
    weights: dict[str, float] = {}
    for field, parts in by_field.items():
        # A field's texts read as one (no word spans a line break): one pass per field instead of one per text.
        counted = Counter(words(parts[0] if len(parts) == 1 else "\n".join(parts)))
        contribution = _CONTRIBUTIONS[field]
        if not weights:
            weights = {word: contribution[tf] for word, tf in counted.items()}
            continue
        for word, tf in counted.items():
            before = weights.get(word)
            # The same sum as weights.get(word, 0.0) + ..., which is exact for the first term.
            weights[word] = contribution[tf] if before is None else before + contribution[tf]
    return {word: _ROUNDED[value] for word, value in weights.items()}


# A bulk load computes millions of weights from a handful of distinct values: each term frequency's contribution
# per field, and each weight's rounding, are computed once.
class _Contribution(dict[int, float]):
    def __init__(self, field: str) -> None:
        super().__init__()
        self._weight = FIELD_WEIGHTS[field]

    def __missing__(self, tf: int) -> float:
        self[tf] = value = self._weight * tf * (_K1 + 1) / (tf + _K1)
        return value


class _Rounded(dict[float, float]):
    def __missing__(self, value: float) -> float:
        if len(self) > 100_000:
            self.clear()
        self[value] = rounded = round(value, 4)
        return rounded


_CONTRIBUTIONS = {field: _Contribution(field) for field in FIELD_WEIGHTS}
_ROUNDED = _Rounded()
