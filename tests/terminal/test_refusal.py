"""refusal() gives a library refusal in the tooling's language (terminal/i18n.py)."""

from minichain.errors import BlockError, ValidationError
from minichain.terminal.i18n import refusal, use_language


def test_english_refusal_is_the_error_text() -> None:
    use_language("en")
    error = BlockError("height", "must be {want}, got {got}", "block 4", want=3, got=4)
    assert refusal(error) == str(error) == "block 4: height: must be 3, got 4"


def test_untranslated_template_falls_back_to_english() -> None:
    use_language("zh")
    try:
        error = ValidationError("x", "no such rule {n} in the catalogue", n=7)
        assert refusal(error) == "x: no such rule 7 in the catalogue"
    finally:
        use_language("en")
