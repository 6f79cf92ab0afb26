"""The bundled contexts: every accepted URL parses a document into the expected triples; the bundle is consistent."""

from __future__ import annotations

import hashlib
import json

import pytest

from hdsgraph.rdfio import bundled_contexts
from hdsgraph.rdfio._contexts import context_key
from tests.conftest import REFERENCE
from tests.rdfio._jsonld import CONTEXTS, canonical, expected, files_in, fixture_text, index, parse

TAGUS = "https://registry.lab.gaia-x.eu/development/api/trusted-shape-registry/v1/shapes/jsonld/trustframework#"
LOIRE = "https://w3id.org/gaia-x/development#"
CREDENTIALS_V1 = "https://www.w3.org/2018/credentials/v1"

# Each accepted URL → the fixture that exercises it and the URL the fixture names, which the test replaces by it.
COVERAGE = {
    CREDENTIALS_V1: ("tagus-participant-vc", CREDENTIALS_V1),
    "http://www.w3.org/2018/credentials/v1": ("tagus-participant-vc", CREDENTIALS_V1),
    "https://w3id.org/security/suites/jws-2020/v1": (
        "tagus-participant-vc",
        "https://w3id.org/security/suites/jws-2020/v1",
    ),
    TAGUS.rstrip("#"): ("tagus-participant-vc", TAGUS),
    TAGUS.replace("/development/", "/v1/").rstrip("#"): ("tagus-participant-vc", TAGUS),
    TAGUS.replace("/development/", "/main/").rstrip("#"): ("tagus-participant-vc", TAGUS),
    "https://www.w3.org/ns/credentials/v2": ("loire-legal-person-vc", "https://www.w3.org/ns/credentials/v2"),
    LOIRE.rstrip("#"): ("loire-legal-person-vc", LOIRE),
    "https://w3id.org/gaia-x/2511": ("loire-legal-person-vc", LOIRE),
    "https://w3id.org/dspace/2025/1/context.jsonld": ("dsp-dataset", "https://w3id.org/dspace/2025/1/context.jsonld"),
    "https://w3id.org/dspace/2025/1/odrl-profile.jsonld": (
        "dsp-odrl-offer",
        "https://w3id.org/dspace/2025/1/odrl-profile.jsonld",
    ),
    "https://semiceu.github.io/DCAT-AP/releases/3.0.0/context/dcat-ap.jsonld": (
        "dcat-ap-dataset",
        "https://semiceu.github.io/DCAT-AP/releases/3.0.0/context/dcat-ap.jsonld",
    ),
}


def test_every_accepted_url_has_a_test_document() -> None:
    assert set(COVERAGE) == set(index())


@pytest.mark.parametrize("url", sorted(COVERAGE))
@pytest.mark.parametrize("fragment", ["", "#"])
def test_each_accepted_url_parses_its_document_into_the_expected_quads(url: str, fragment: str) -> None:
    name, named = COVERAGE[url]
    document = fixture_text(name).replace(f'"{named}"', f'"{url}{fragment}"')
    want = expected(name)
    if url == "https://w3id.org/gaia-x/2511":
        # The 2511 snapshot is the same vocabulary in its own namespace.
        want = {line.replace(LOIRE, "https://w3id.org/gaia-x/2511#") for line in want}
    assert canonical(parse(document)) == want


def test_the_2511_context_is_the_development_context_in_the_2511_namespace() -> None:
    development = (CONTEXTS / "gx-development-25.11.jsonld").read_text(encoding="utf-8")
    snapshot = (CONTEXTS / "gx-2511.jsonld").read_text(encoding="utf-8")
    assert snapshot == development.replace(LOIRE, "https://w3id.org/gaia-x/2511#")
    assert development.count(LOIRE) == 2  # the gx prefix and @vocab, nothing else to rename


def test_index_readme_and_files_agree() -> None:
    readme = (CONTEXTS / "README.md").read_text(encoding="utf-8")
    named = set(index().values())
    assert named == files_in(CONTEXTS, ".jsonld")
    for name in named:
        assert f"`{name}`" in readme, f"{name} is not described in contexts/README.md"
    for url in index():
        assert url == context_key(url), f"{url}: index keys carry no fragment, lookups drop it"


@pytest.mark.parametrize("name", sorted(set(index().values())))
def test_each_bundled_document_is_one_context_object(name: str) -> None:
    # A bundled context whose @context were an array would be spliced into the document's context array and shift
    # the positions that error messages name.
    document = json.loads((CONTEXTS / name).read_text(encoding="utf-8"))
    assert isinstance(document["@context"], dict)


def test_the_bundle_loads_every_url() -> None:
    bundle = bundled_contexts()
    assert bundle.urls == sorted(index())
    assert all(bundle.document(url + "#") is not None for url in index())


@pytest.mark.reference
@pytest.mark.skipif(not REFERENCE.is_dir(), reason="the standards' reference files are not beside this checkout")
@pytest.mark.parametrize(
    ("bundled", "original"),
    [
        ("credentials-v1.jsonld", "gaiax/contexts/credentials_v1.json"),
        ("credentials-v2.jsonld", "gaiax/contexts/credentials_v2.json"),
        ("jws-2020-v1.jsonld", "gaiax/contexts/jws2020_v1.json"),
        ("gx-tagus-22.10-trustframework.jsonld", "gaiax/contexts/trustframework.json"),
        ("gx-development-25.11.jsonld", "gaiax/shapes/gx-25.11/gx.context.jsonld"),
        ("dspace-2025-1.jsonld", "gaiax/contexts/dspace.jsonld"),
        ("dspace-2025-1-odrl-profile.jsonld", "gaiax/contexts/odrl.jsonld"),
    ],
)
def test_copied_contexts_are_the_official_files_unchanged(bundled: str, original: str) -> None:
    digest = hashlib.sha256((CONTEXTS / bundled).read_bytes()).hexdigest()
    assert digest == hashlib.sha256((REFERENCE / original).read_bytes()).hexdigest()
