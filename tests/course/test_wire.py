"""The wire between grader and sandbox carries plain data only, with every type kept exactly."""

import io
import json

import pytest

from minichain.course import wire
from minichain.course.wire import Named, WireError, decode, encode


@pytest.mark.parametrize(
    "value",
    [
        None,
        True,
        False,
        0,
        1,
        -(2**200),
        1.5,
        float("inf"),
        "text with ü and 中文",
        b"\x00\xff bytes",
        [],
        (),
        [1, (2, [3])],
        {1: "one", b"k": None, (1, "a"): [True]},
        {"a", "b"},
        frozenset({1, 2}),
        Named("minichain:BlockHeader", b"\x01" * 80),
    ],
    ids=lambda value: (
        "{" + ", ".join(sorted(map(repr, value))) + "}" if type(value) is set else repr(value)
    ),  # a set's repr follows the hash seed; two test processes must name it alike
)
def test_every_plain_value_comes_back_equal_and_of_the_same_type(value):
    back = decode(encode(value))
    assert back == value
    assert type(back) is type(value)


def test_true_is_not_one_and_bytes_are_not_str():
    assert decode(encode([True, 1, b"a", "a"])) == [True, 1, b"a", "a"]
    assert [type(item) for item in decode(encode([True, 1, b"a", "a"]))] == [bool, int, bytes, str]
    assert decode(encode(1)) is not True


def test_a_tuple_stays_a_tuple_and_a_list_a_list():
    assert type(decode(encode((1, 2)))) is tuple
    assert type(decode(encode([1, 2]))) is list


def test_nan_comes_back_as_nan():
    back = decode(encode(float("nan")))
    assert type(back) is float and back != back


class AlwaysEqual:
    def __eq__(self, other):
        return True


class CleverInt(int):
    def __eq__(self, other):
        return True


@pytest.mark.parametrize("value", [AlwaysEqual(), CleverInt(3), [1, AlwaysEqual()], print, object])
def test_an_object_that_is_not_plain_data_is_refused(value):
    with pytest.raises(WireError, match="is not plain data"):
        encode(value)


def test_values_nested_too_deeply_are_refused_both_ways():
    deep: list = []
    for _ in range(wire.MAX_DEPTH + 5):
        deep = [deep]
    with pytest.raises(WireError, match="nests deeper"):
        encode(deep)
    text = b'["l",[' * 100_000 + b"]]" * 100_000
    with pytest.raises(WireError, match="nests deeper"):
        decode(text)


def test_an_integer_with_too_many_digits_is_refused():
    with pytest.raises(WireError, match="digits"):
        encode(10**5000)
    with pytest.raises(WireError, match="decimal integer"):
        decode(json.dumps(["i", "9" * 5000]).encode())


@pytest.mark.parametrize(
    "text",
    [
        b"1",
        b"1.5",
        b'{"a": 1}',
        b'"bare string"',
        b"NaN",
        b'["x", "1"]',
        b'["i", "1.5"]',
        b'["i", "0x10"]',
        b'["i", 12]',
        b'["b", "abc"]',
        b'["b", "zz"]',
        b'["f", "1e3"]',
        b'["d", [[["l", []], null]]]',
        b'["S", [["l", []]]]',
        b'["l", "not a list"]',
        b'["o", 1, null]',
        b"\xff\xfe",
        b"[",
        b"[]",
    ],
)
def test_malformed_wire_text_is_refused_with_a_wire_error(text):
    with pytest.raises(WireError):
        decode(text)


def test_frames_carry_one_value_each_and_stop_at_the_limit():
    stream = io.BytesIO()
    wire.write_frame(stream, ["call", "f", (b"x",), {}])
    wire.write_frame(stream, None)
    stream.seek(0)
    assert wire.read_frame(stream) == ["call", "f", (b"x",), {}]
    assert wire.read_frame(stream) is None
    with pytest.raises(EOFError):
        wire.read_frame(stream)
    big = io.BytesIO()
    wire.write_frame(big, "x" * 1000)
    big.seek(0)
    with pytest.raises(WireError, match="more than the 100 allowed"):
        wire.read_frame(big, limit=100)
