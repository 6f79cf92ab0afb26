"""The search index on small hand-made catalogues: text, filters, facets, order, cursors, persistence."""

from __future__ import annotations

from pathlib import Path

import pytest

from hdsgraph.core.errors import BadInputError
from hdsgraph.index import Field, IndexEntry, SearchIndex, SearchQuery, SortKey
from hdsgraph.index.text import term_weights

EX = "https://example.org/ds/"


def entry(
    name: str,
    title: str,
    *,
    description: str = "",
    keywords: tuple[str, ...] = (),
    themes: tuple[str, ...] = ("HEAL",),
    publisher: str = "p1",
    individuals: int | None = None,
    modified: str | None = None,
    ages: tuple[float | None, float | None] = (None, None),
) -> IndexEntry:
    texts = [("title", title), ("description", description), *(("keyword", k) for k in keywords)]
    return IndexEntry(
        iri=EX + name,
        graph="urn:g:" + name,
        title=title,
        terms=term_weights(texts),
        values={"THEME": themes, "PUBLISHER": (publisher,), "KEYWORD": keywords},
        individuals=individuals,
        modified=modified,
        min_age=ages[0],
        max_age=ages[1],
    )


CATALOGUE = [
    entry("bladder", "Bladder cancer cohort", keywords=("oncology",), individuals=128, modified="2026-10-02"),
    entry(
        "registry",
        "Cancer registry",
        description="national cancer cases",
        themes=("HEAL", "GOVE"),
        publisher="p2",
        individuals=90000,
        modified="2024-01-01",
        ages=(0, 120),
    ),
    entry(
        "parkinson",
        "Parkinson's disease cohort",
        description="a cancer-free control arm",
        publisher="p2",
        individuals=300,
        ages=(40, 90),
    ),
    entry("wearables", "Wearables cohort", keywords=("Präzisionsonkologie",), themes=("TECH",), ages=(18, 65)),
    entry("diabetes", "Diabetes digital twin", description="diabetic records", modified="2025-05-05"),
]


@pytest.fixture
def index() -> SearchIndex:
    ix = SearchIndex()
    for e in CATALOGUE:
        ix.replace_graph(e.graph, [e])
    return ix


def names(iris: tuple[str, ...] | list[str]) -> list[str]:
    return [i.removeprefix(EX) for i in iris]


def test_every_word_must_match_and_title_words_rank_first(index: SearchIndex) -> None:
    result = index.search(SearchQuery(text="cancer"))
    assert names(result.iris) == ["registry", "bladder", "parkinson"]  # title twice > title once > description
    assert names(index.search(SearchQuery(text="cancer cohort")).iris) == ["bladder", "parkinson"]


def test_case_and_accents_do_not_matter(index: SearchIndex) -> None:
    assert names(index.search(SearchQuery(text="PRAZISIONSONKOLOGIE")).iris) == ["wearables"]


def test_a_word_finds_longer_words_it_begins(index: SearchIndex) -> None:
    assert names(index.search(SearchQuery(text="diabet")).iris) == ["diabetes"]
    assert index.search(SearchQuery(text="dia")).iris == ()  # too short to expand: only exact words


@pytest.mark.parametrize("text", ['cancer" OR "1"="1', "cancer } UNION { ?s ?p ?o }", "cancer NEAR(x y)"])
def test_query_syntax_is_searched_for_never_executed(index: SearchIndex, text: str) -> None:
    assert index.search(SearchQuery(text=text)).iris == ()  # the extra words match nothing: no error, no escape


def test_operators_are_plain_characters(index: SearchIndex) -> None:
    plain = index.search(SearchQuery(text="cancer")).iris
    assert index.search(SearchQuery(text="cancer*")).iris == plain == index.search(SearchQuery(text="-cancer")).iris


def test_filters_are_or_within_a_field_and_across_fields_and(index: SearchIndex) -> None:
    either = index.search(SearchQuery(filters={Field.THEME: frozenset({"GOVE", "TECH"})}))
    assert sorted(names(either.iris)) == ["registry", "wearables"]
    both = index.search(SearchQuery(filters={Field.THEME: frozenset({"HEAL"}), Field.PUBLISHER: frozenset({"p2"})}))
    assert sorted(names(both.iris)) == ["parkinson", "registry"]


def test_a_fields_own_selection_does_not_shrink_its_buckets(index: SearchIndex) -> None:
    result = index.search(
        SearchQuery(
            filters={Field.PUBLISHER: frozenset({"p2"}), Field.THEME: frozenset({"HEAL"})},
            facets=(Field.PUBLISHER, Field.THEME),
        )
    )
    assert result.total_count == 2
    assert dict(result.facets[Field.PUBLISHER]) == {"p1": 2, "p2": 2}  # HEAL datasets by publisher
    assert dict(result.facets[Field.THEME]) == {"HEAL": 2, "GOVE": 1}  # p2's datasets by theme


def test_ranges_overlap_and_minimums(index: SearchIndex) -> None:
    teens = index.search(SearchQuery(age_min=10, age_max=17))
    assert sorted(names(teens.iris)) == ["registry"]  # datasets without ages never match an age range
    assert sorted(names(index.search(SearchQuery(age_min=60, age_max=70)).iris)) == [
        "parkinson",
        "registry",
        "wearables",
    ]
    assert sorted(names(index.search(SearchQuery(min_individuals=300)).iris)) == ["parkinson", "registry"]


def test_sorts_put_missing_keys_last_and_break_ties_by_iri(index: SearchIndex) -> None:
    by_individuals = index.search(SearchQuery(sort=SortKey.INDIVIDUALS))
    assert names(by_individuals.iris) == ["registry", "parkinson", "bladder", "diabetes", "wearables"]
    by_title = index.search(SearchQuery(sort=SortKey.TITLE))
    assert names(by_title.iris) == ["bladder", "registry", "diabetes", "parkinson", "wearables"]
    oldest = index.search(SearchQuery(sort=SortKey.MODIFIED, descending=False))
    assert names(oldest.iris)[:3] == ["registry", "diabetes", "bladder"]


@pytest.mark.parametrize("sort", list(SortKey))
def test_paging_visits_every_match_once(index: SearchIndex, sort: SortKey) -> None:
    seen: list[str] = []
    after = None
    while True:
        page = index.search(SearchQuery(sort=sort, first=2, after=after))
        seen += page.iris
        assert page.has_previous_page == (after is not None)
        if not page.has_next_page:
            break
        after = page.cursors[-1]
    assert sorted(seen) == sorted(e.iri for e in CATALOGUE)
    assert seen == list(index.search(SearchQuery(sort=sort, first=100)).iris)


def test_cursors_stay_valid_while_the_catalogue_changes(index: SearchIndex) -> None:
    first = index.search(SearchQuery(sort=SortKey.TITLE, first=2))
    assert names(first.iris) == ["bladder", "registry"]
    # Before the next page: one dataset that came before is withdrawn, one is published before the cursor,
    # one after it. Nothing already seen repeats, nothing after the cursor is skipped.
    index.replace_graph("urn:g:bladder", [])
    index.replace_graph("urn:g:anaemia", [entry("anaemia", "Anaemia survey")])
    index.replace_graph("urn:g:zika", [entry("zika", "Zika surveillance")])
    rest = index.search(SearchQuery(sort=SortKey.TITLE, first=10, after=first.cursors[-1]))
    assert names(rest.iris) == ["diabetes", "parkinson", "wearables", "zika"]


def test_a_cursor_belongs_to_its_search(index: SearchIndex) -> None:
    page = index.search(SearchQuery(text="cancer", first=1))
    with pytest.raises(BadInputError, match="cursor of another search"):
        index.search(SearchQuery(text="cohort", first=1, after=page.cursors[-1]))


@pytest.mark.parametrize("cursor", ["", "nonsense", "c1.!!!", "c1.WzEsMl0", "ds1:aHR0cHM6Ly9leC5vcmc"])
def test_a_malformed_cursor_is_named(index: SearchIndex, cursor: str) -> None:
    with pytest.raises(BadInputError) as caught:
        index.search(SearchQuery(after=cursor))
    assert repr(cursor) in caught.value.message and "earlier page" in caught.value.message


def test_replacing_a_graph_replaces_its_datasets(index: SearchIndex) -> None:
    index.replace_graph("urn:g:bladder", [entry("bladder", "Urothelial carcinoma cohort")])
    assert index.search(SearchQuery(text="bladder")).iris == ()
    assert names(index.search(SearchQuery(text="urothelial")).iris) == ["bladder"]
    assert len(index) == len(CATALOGUE)


def test_the_index_reopens_from_its_file_with_the_same_answers(tmp_path: Path) -> None:
    path = tmp_path / "index.sqlite"
    ix = SearchIndex(path)
    for e in CATALOGUE:
        ix.replace_graph(e.graph, [e])
    query = SearchQuery(text="cohort", facets=(Field.THEME,), first=2)
    before = ix.search(query)
    ix.close()
    again = SearchIndex(path)
    after = again.search(query)
    assert after == before  # same order, same cursors (slots are the stored ids), same facets
    again.rebuild(CATALOGUE[::-1])  # a rebuild keeps each IRI's id: cursors survive a reindex
    assert again.search(query).cursors == before.cursors
    again.close()


def test_pending_marks_survive_until_cleared(tmp_path: Path) -> None:
    ix = SearchIndex(tmp_path / "index.sqlite")
    ix.mark_pending("urn:g:x")
    ix.close()
    again = SearchIndex(tmp_path / "index.sqlite")
    assert again.pending() == ["urn:g:x"]
    again.replace_graph("urn:g:x", [])  # writing the graph's entries clears its mark in the same transaction
    assert again.pending() == []
    again.close()


def test_a_snapshot_makes_restarts_cheap_and_later_writes_replay(tmp_path: Path) -> None:
    path = tmp_path / "index.sqlite"
    ix = SearchIndex(path)
    ix.rebuild(CATALOGUE)  # a rebuild leaves a snapshot
    ix.replace_graph("urn:g:zika", [entry("zika", "Zika surveillance")])
    ix.replace_graph("urn:g:bladder", [])
    query = SearchQuery(sort=SortKey.TITLE, facets=(Field.THEME,))
    expected = ix.search(query)
    # A crash: no close, so the snapshot predates the last two writes. Opening replays them from the database.
    again = SearchIndex(path)
    assert again.search(query) == expected
    again.close()  # closing folds the changes into a new snapshot
    assert SearchIndex(path).search(query) == expected


def test_a_damaged_snapshot_is_ignored(tmp_path: Path) -> None:
    path = tmp_path / "index.sqlite"
    ix = SearchIndex(path)
    ix.rebuild(CATALOGUE)
    ix.close()
    (tmp_path / "index.snapshot.npz").write_bytes(b"not numpy")
    assert len(SearchIndex(path)) == len(CATALOGUE)


def test_a_bulk_write_commits_all_or_nothing(tmp_path: Path) -> None:
    ix = SearchIndex(tmp_path / "index.sqlite")
    with pytest.raises(RuntimeError), ix.bulk() as write:
        write.put("urn:g:bladder", [CATALOGUE[0]])
        raise RuntimeError("the store's load failed")
    assert len(ix) == 0 and ix.entry(CATALOGUE[0].iri) is None
    with ix.bulk() as write:
        for e in CATALOGUE:
            write.put(e.graph, [e])
        write.prepare()
        # After the postings are built, and a second entry for the same dataset: the last one counts.
        write.put("urn:g:bladder", [entry("bladder", "Urothelial carcinoma cohort")])
    assert write.datasets == len(CATALOGUE) == len(ix)
    assert ix.search(SearchQuery(text="bladder")).iris == ()
    assert names(ix.search(SearchQuery(text="urothelial")).iris) == ["bladder"]
    expected = ix.search(SearchQuery(text="cohort", facets=(Field.THEME,)))
    ix.close()
    again = SearchIndex(tmp_path / "index.sqlite")
    assert again.search(SearchQuery(text="cohort", facets=(Field.THEME,))) == expected
    assert again.entry(EX + "bladder") == entry("bladder", "Urothelial carcinoma cohort")


def test_a_bulk_write_replaces_what_its_graphs_held(index: SearchIndex) -> None:
    with index.bulk() as write:
        write.put("urn:g:registry", [])  # the graph holds no dataset any more
        write.put("urn:g:zika", [entry("zika", "Zika surveillance")])
    assert index.entry(EX + "registry") is None and index.entry(EX + "zika") is not None
    assert len(index) == len(CATALOGUE)


def _loaded() -> SearchIndex:
    ix = SearchIndex()
    ix.replace_graphs({e.graph: [e] for e in CATALOGUE})
    return ix


def test_an_allow_list_narrows_matches_and_facets() -> None:
    ix = _loaded()
    allowed = frozenset({EX + "bladder", EX + "parkinson", "https://example.org/not-indexed"})
    result = ix.search(SearchQuery(allowed=allowed, facets=(Field.PUBLISHER,), sort=SortKey.TITLE))
    assert set(result.iris) == {EX + "bladder", EX + "parkinson"}
    assert result.total_count == 2
    assert dict(result.facets[Field.PUBLISHER]) == {"p1": 1, "p2": 1}
    # Text and filters still apply inside the allow-list.
    assert ix.search(SearchQuery(text="bladder", allowed=allowed)).iris == (EX + "bladder",)
    assert ix.search(SearchQuery(text="registry", allowed=allowed)).total_count == 0


def test_an_empty_allow_list_matches_nothing_and_none_matches_everything() -> None:
    ix = _loaded()
    assert ix.search(SearchQuery(allowed=frozenset())).total_count == 0
    assert ix.search(SearchQuery()).total_count == len(CATALOGUE)


def test_a_cursor_of_a_plain_search_is_refused_with_an_allow_list() -> None:
    ix = _loaded()
    first = ix.search(SearchQuery(first=1, sort=SortKey.TITLE))
    with pytest.raises(BadInputError):
        ix.search(SearchQuery(first=1, sort=SortKey.TITLE, after=first.cursors[0], allowed=frozenset({EX + "bladder"})))
    allowed = frozenset(e.iri for e in CATALOGUE)
    page = ix.search(SearchQuery(first=1, sort=SortKey.TITLE, allowed=allowed))
    following = ix.search(SearchQuery(first=1, sort=SortKey.TITLE, allowed=allowed, after=page.cursors[0]))
    assert following.iris and following.iris != page.iris


def test_contains_tells_an_indexed_dataset() -> None:
    ix = _loaded()
    assert ix.contains(EX + "bladder")
    assert not ix.contains(EX + "nothing")
