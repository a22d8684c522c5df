"""A templated refusal reads exactly as the literal English one did (errors.py)."""

from minichain.errors import BlockError, ValidationError


def test_templated_rule_reads_as_the_english_rule() -> None:
    error = ValidationError("prev_hash", "must be {length} bytes, got {got}", length=32, got=31)
    assert str(error) == "prev_hash: must be 32 bytes, got 31"
    assert error.rule == "must be 32 bytes, got 31"
    assert error.template == "must be {length} bytes, got {got}"
    assert error.params == {"length": 32, "got": 31}


def test_literal_rule_is_its_own_template() -> None:
    error = ValidationError("bits", "must not be {braces}")
    assert error.rule == error.template == "must not be {braces}"
    assert error.params == {}


def test_located_error_keeps_template_and_params() -> None:
    error = BlockError("height", "must be {want}, got {got}", want=3, got=4).located("block 4")
    assert str(error) == "block 4: height: must be 3, got 4"
    assert error.template == "must be {want}, got {got}" and error.params == {"want": 3, "got": 4}
