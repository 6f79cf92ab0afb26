from __future__ import annotations

import pytest

from hdsgraph.core.model import LangText

TEXT = LangText({"en": "Health", "fr": "Santé", "de-ch": "Gesundheit (CH)", "": "untagged"})


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("fr", "Santé"),
        ("FR", "Santé"),
        ("fr-CA", "Santé"),
        ("de-CH", "Gesundheit (CH)"),
        ("ko", "Health"),
        (None, "Health"),
    ],
)
def test_language_choice(lang: str | None, expected: str) -> None:
    assert TEXT.get(lang) == expected


def test_untagged_then_anything() -> None:
    assert LangText({"": "plain", "fr": "x"}).get("ko") == "plain"
    assert LangText({"fr": "seul"}).get("ko") == "seul"
    assert LangText().get("en") is None
