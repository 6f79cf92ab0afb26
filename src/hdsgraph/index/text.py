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
    counts: dict[str, Counter[str]] = {}
    for field, text in texts:
        counts.setdefault(field, Counter()).update(words(text))
    weights: dict[str, float] = {}
    for field, counter in counts.items():
        w = FIELD_WEIGHTS[field]
        for word, tf in counter.items():
            weights[word] = weights.get(word, 0.0) + w * tf * (_K1 + 1) / (tf + _K1)
    return {word: round(value, 4) for word, value in weights.items()}
