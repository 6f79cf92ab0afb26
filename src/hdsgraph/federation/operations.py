"""The operations a node sends its peers, as published in ``api/operations/`` (a test keeps the two equal).

Each asks for one page of the peer's own catalogue with, for every dataset, its DCAT-AP description as N-Triples:
the asking node then answers every field of ``Dataset`` for a peer's dataset as for its own. The description comes
without its quality measurements: the asking node scores a dataset's quality from the description itself, as it does
its own, so the measurements would only make the answer larger.
"""

from __future__ import annotations

__all__ = ["PEER_DATASETS", "PEER_ELIGIBLE_DATASETS"]

_PAGE = """    totalCount
    pageInfo { hasNextPage }
    edges { cursor score node { id rdf(quality: false) } }
    facets @include(if: $facets) { field values { value label count } }
"""

PEER_DATASETS = (
    """# Asked of each peer by a federated search: a page of the peer's own datasets, described in N-Triples.
query PeerDatasets(
  $search: String, $filter: DatasetFilter, $sort: DatasetSort, $first: Int, $after: String, $lang: String,
  $facets: Boolean!
) {
  datasets(search: $search, filter: $filter, sort: $sort, first: $first, after: $after, lang: $lang) {
"""
    + _PAGE
    + """  }
}
"""
)

PEER_ELIGIBLE_DATASETS = (
    """# Asked of each peer by a federated eligibility search: the peer decides under its own policies.
query PeerEligibleDatasets(
  $request: EligibilityRequest!, $search: String, $filter: DatasetFilter, $sort: DatasetSort, $first: Int,
  $after: String, $lang: String, $facets: Boolean!
) {
  eligibleDatasets(
    request: $request, search: $search, filter: $filter, sort: $sort, first: $first, after: $after, lang: $lang
  ) {
"""
    + _PAGE
    + """  }
}
"""
)
