from __future__ import annotations

from hdsgraph.core import errors
from hdsgraph.core.errors import HdsgraphError, ParseError, SourcePosition


def test_codes_are_stable_and_unique() -> None:
    classes = [c for c in vars(errors).values() if isinstance(c, type) and issubclass(c, HdsgraphError)]
    codes = {c.__name__: c.code for c in classes}
    assert codes == {
        "HdsgraphError": "INTERNAL",
        "ConfigError": "CONFIG_INVALID",
        "BadInputError": "BAD_INPUT",
        "ParseError": "PARSE_ERROR",
        "ValidationFailedError": "VALIDATION_FAILED",
        "NotFoundError": "NOT_FOUND",
        "QueryError": "QUERY_INVALID",
        "StoreError": "STORE_ERROR",
        "StoreBusyError": "STORE_BUSY",
    }


def test_a_parse_error_names_the_source_and_position() -> None:
    e = ParseError("seeds/x.ttl", SourcePosition(line=3, column=11), "Unexpected end of file")
    assert e.message == "seeds/x.ttl: line 3, column 11: Unexpected end of file"
    assert e.as_dict() == {
        "code": "PARSE_ERROR",
        "message": e.message,
        "source": "seeds/x.ttl",
        "line": 3,
        "column": 11,
    }
