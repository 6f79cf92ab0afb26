"""The indicators ``quality.assess`` scores and the format lists they read. Private to ``hdsgraph.catalogue.quality``.

Each indicator is one line of the data.europa.eu Metadata Quality Assessment (MQA): its dimension, its points, where
it is looked for (the dataset, its distributions, either, or the SHACL validation) and how a publisher is told to
raise the score. Properties are read from maps keyed by full predicate IRIs (``quality`` normalises the input).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import Enum

from hdsgraph.core.vocab import DCAT, DCT, EU_AUTHORITY

__all__ = [
    "DIMENSIONS",
    "INDICATORS",
    "MACHINE_READABLE",
    "NON_PROPRIETARY",
    "Indicator",
    "Properties",
    "Scope",
]

Properties = Mapping[str, tuple[str, ...]]

DIMENSIONS = ("findability", "accessibility", "interoperability", "reusability", "contextuality")

_FILE_TYPE = f"{EU_AUTHORITY}file-type/"
_LICENCE = f"{EU_AUTHORITY}licence/"
_ACCESS_RIGHT = f"{EU_AUTHORITY}access-right/"
# DCAT-AP names media types by their IANA registry IRI; the shapes accept both schemes.
_IANA = ("http://www.iana.org/assignments/media-types/", "https://www.iana.org/assignments/media-types/")


def _codes(codes: str) -> frozenset[str]:
    return frozenset(_FILE_TYPE + code for code in codes.split())


# The MQA's own lists, as data.europa.eu publishes them in its vocabularies repository (european-data-portal /
# edp-vocabularies: edp-non-proprietary-format.rdf and edp-machine-readable-format.rdf, which mark EU file-type IRIs
# edp:isNonProprietary / edp:isMachineReadable). Copied code for code; not re-judged.
_MQA_NON_PROPRIETARY = _codes(
    """BMP CSV DBF GEOJSON GZIP HTML ICS JPEG2000 JSON JSON_LD KML KMZ NETCDF ODS PNG RDF_N_QUADS RDF_N_TRIPLES
    RDF_TRIG RDF_TURTLE RDF_XML RSS RTF TAR TIFF TSV TXT WMS_SRVC XML ZIP"""
)
_MQA_MACHINE_READABLE = _codes(
    """CSV GEOJSON ICS JSON JSON_LD KML KMZ NETCDF ODS RDFA RDF_N_QUADS RDF_N_TRIPLES RDF_TRIG RDF_TURTLE RDF_XML
    RSS SHP XLS XLSX XML"""
)

# The project's additions: codes of ontologies/vocabularies/file-type.ttl that the MQA lists do not mention, mostly
# because they predate the formats health and research data now ship in. Non-proprietary: openly specified and freely
# implementable (Apache Parquet and Arrow, HDF5, the tar/xz/bzip2 containers beside the MQA's own GZIP and TAR, and
# the text formats Markdown, YAML and OWL). Machine-readable: structured so that software reads individual values
# (TSV, which the MQA marks non-proprietary but not machine-readable, and the statistical packages' data files, which
# the MQA's acceptance of XLS/XLSX makes comparable). SQL dumps, PDF, DOCX, HTML and images stay out of the second.
_PROJECT_NON_PROPRIETARY = _codes("PARQUET ARROW_FILE HDF TAR_GZ TAR_XZ BZIP2 MARKDOWN YAML OWL")
_PROJECT_MACHINE_READABLE = _codes("TSV PARQUET ARROW_FILE HDF YAML OWL SAS STATA_DTA SPSS_SAV RDATA")

NON_PROPRIETARY = _MQA_NON_PROPRIETARY | _PROJECT_NON_PROPRIETARY
MACHINE_READABLE = _MQA_MACHINE_READABLE | _PROJECT_MACHINE_READABLE


class Scope(Enum):
    """Where an indicator is looked for."""

    DATASET = "dataset"
    DISTRIBUTIONS = "distributions"  # scored by the share of distributions that satisfy it
    DATASET_OR_DISTRIBUTIONS = "dataset or distributions"  # full points from the dataset, else the share
    VALIDATION = "validation"  # the caller's SHACL verdict, not a property


@dataclass(frozen=True)
class Indicator:
    """One MQA indicator. ``advice`` tells a publisher what to add to the dataset; for distribution indicators,
    ``lack`` completes "2 of 3 distributions have …" and ``need`` completes "add a distribution … with …"."""

    dimension: str
    points: int
    scope: Scope
    holds: Callable[[Properties], bool]
    advice: str = ""
    lack: str = ""
    need: str = ""


def _has(predicate: str) -> Callable[[Properties], bool]:
    return lambda props: bool(props.get(predicate))


def _under(predicate: str, *prefixes: str) -> Callable[[Properties], bool]:
    # A prefix test stands for "from the vocabulary": an invented code under the right table is a SHACL violation,
    # which the DCAT-AP compliance indicator already costs, and the full EU tables are far larger than the subsets
    # the project ships.
    return lambda props: any(v.startswith(p) and len(v) > len(p) for v in props.get(predicate, ()) for p in prefixes)


def _listed(predicate: str, codes: frozenset[str]) -> Callable[[Properties], bool]:
    return lambda props: any(v in codes for v in props.get(predicate, ()))


def _format_or_media_type_from_vocabulary(props: Properties) -> bool:
    return _under(str(DCT.format), _FILE_TYPE)(props) or _under(str(DCAT.mediaType), *_IANA)(props)


def _dataset(dimension: str, points: int, predicate: str, curie: str) -> Indicator:
    return Indicator(dimension, points, Scope.DATASET, _has(predicate), advice=f"add {curie} to the dataset")


def _distributions(dimension: str, points: int, holds: Callable[[Properties], bool], need: str, lack: str) -> Indicator:
    return Indicator(dimension, points, Scope.DISTRIBUTIONS, holds, lack=lack, need=need)


def _present(dimension: str, points: int, predicate: str, curie: str) -> Indicator:
    return _distributions(dimension, points, _has(predicate), curie, f"no {curie}")


def _either(dimension: str, points: int, predicate: str, curie: str) -> Indicator:
    return Indicator(
        dimension, points, Scope.DATASET_OR_DISTRIBUTIONS, _has(predicate), advice=f"add {curie} to the dataset"
    )


_EU_FORMAT_OR_IANA = "a dct:format from the EU file-type vocabulary or a dcat:mediaType from the IANA registry"
_NON_PROPRIETARY_FORMAT = "non-proprietary dct:format (such as CSV, JSON, XML, RDF or Parquet)"
_MACHINE_READABLE_FORMAT = "machine-readable dct:format (such as CSV, JSON, XML, RDF or Parquet)"

INDICATORS: tuple[Indicator, ...] = (
    _dataset("findability", 30, str(DCAT.keyword), "dcat:keyword"),
    _dataset("findability", 30, str(DCAT.theme), "dcat:theme"),
    _dataset("findability", 20, str(DCT.spatial), "dct:spatial"),
    _dataset("findability", 20, str(DCT.temporal), "dct:temporal"),
    # The MQA gives 50 points to an accessURL that answers and 30 to a downloadURL that answers; nothing here goes
    # to the network. Presence is the part of "answers" that can be checked offline, so the accessURL keeps its 50
    # points for being there (the only access route of a NON_PUBLIC health dataset, which has no downloadURL);
    # downloadURL reachability is dropped, since its presence already earns the MQA's 20 points below.
    _present("accessibility", 50, str(DCAT.accessURL), "dcat:accessURL"),
    _present("accessibility", 20, str(DCAT.downloadURL), "dcat:downloadURL"),
    _present("interoperability", 20, str(DCT.format), "dct:format"),
    _present("interoperability", 10, str(DCAT.mediaType), "dcat:mediaType"),
    _distributions(
        "interoperability",
        10,
        _format_or_media_type_from_vocabulary,
        _EU_FORMAT_OR_IANA,
        "neither a dct:format from the EU file-type vocabulary nor a dcat:mediaType from the IANA registry",
    ),
    # The MQA lists name EU file-type IRIs, so these two read dct:format only: a distribution described by a media
    # type alone (DICOM, FASTQ, VCF …) earns nothing here until it names a file type.
    _distributions(
        "interoperability",
        20,
        _listed(str(DCT.format), NON_PROPRIETARY),
        f"a {_NON_PROPRIETARY_FORMAT}",
        f"no {_NON_PROPRIETARY_FORMAT}",
    ),
    _distributions(
        "interoperability",
        20,
        _listed(str(DCT.format), MACHINE_READABLE),
        f"a {_MACHINE_READABLE_FORMAT}",
        f"no {_MACHINE_READABLE_FORMAT}",
    ),
    Indicator(
        "interoperability",
        30,
        Scope.VALIDATION,
        lambda _props: False,
        advice="make the dataset conform to DCAT-AP (its SHACL validation reports violations)",
    ),
    _present("reusability", 20, str(DCT.license), "dct:license"),
    _distributions(
        "reusability",
        10,
        _under(str(DCT.license), _LICENCE),
        "a dct:license from the EU licence vocabulary",
        "no dct:license from the EU licence vocabulary",
    ),
    _dataset("reusability", 10, str(DCT.accessRights), "dct:accessRights"),
    Indicator(
        "reusability",
        5,
        Scope.DATASET,
        _under(str(DCT.accessRights), _ACCESS_RIGHT),
        advice="take dct:accessRights from the EU access-right vocabulary (PUBLIC, RESTRICTED or NON_PUBLIC)",
    ),
    _dataset("reusability", 20, str(DCAT.contactPoint), "dcat:contactPoint"),
    _dataset("reusability", 10, str(DCT.publisher), "dct:publisher"),
    _present("contextuality", 5, str(DCT.rights), "dct:rights"),
    _present("contextuality", 5, str(DCAT.byteSize), "dcat:byteSize"),
    # The MQA counts the dates once, from the dataset or a distribution.
    _either("contextuality", 5, str(DCT.issued), "dct:issued"),
    _either("contextuality", 5, str(DCT.modified), "dct:modified"),
)
