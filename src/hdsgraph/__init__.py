"""hdsgraph: the metadata and knowledge-graph service of a federated health data space."""

__version__ = "0.1.0"
__all__ = ["__version__"]
