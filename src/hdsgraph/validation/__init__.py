"""SHACL validation against the project's shapes: typed, readable reports."""

from hdsgraph.validation.report import Severity, ValidationReport, ValidationResult
from hdsgraph.validation.validator import ShaclValidator

__all__ = ["Severity", "ShaclValidator", "ValidationReport", "ValidationResult"]
