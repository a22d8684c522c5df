import pytest

from minichain.errors import (
    EncodingError,
    MinichainError,
    OutOfRangeError,
    ValidationError,
    WrongTypeError,
    require_bytes,
    require_int,
)


def test_message_names_the_field_then_the_rule():
    error = EncodingError("prev_hash", "must be 32 bytes, got 31")
    assert str(error) == "prev_hash: must be 32 bytes, got 31"
    assert (error.field, error.rule) == ("prev_hash", "must be 32 bytes, got 31")


def test_rule_violations_are_value_errors_and_minichain_errors():
    assert issubclass(EncodingError, ValidationError)
    assert issubclass(ValidationError, ValueError)
    assert issubclass(ValidationError, MinichainError)


def test_wrong_types_are_type_errors_and_minichain_errors():
    assert issubclass(WrongTypeError, TypeError)
    assert issubclass(WrongTypeError, MinichainError)


def test_require_int_refuses_bool():
    with pytest.raises(WrongTypeError, match="nonce: must be an int, got bool"):
        require_int(True, "nonce", 0, 10)


def test_require_int_names_the_allowed_range():
    with pytest.raises(OutOfRangeError, match="nonce: must be between 0 and 10, got 11"):
        require_int(11, "nonce", 0, 10)


def test_require_bytes_checks_length():
    with pytest.raises(EncodingError, match="root: must be 32 bytes, got 3"):
        require_bytes(b"abc", "root", 32)
