"""Plain data: what calls and contract state hold, and its one byte spelling."""

import pytest

from minichain.errors import ContractValueError
from minichain.plain import MAX_DEPTH, MAX_INT, MAX_ITEMS, canonical_value, check_plain, is_plain


def test_canonical_value_sorts_keys_and_leaves_out_spaces():
    value = {"b": [1, True, None], "a": "汇票"}
    assert canonical_value(value) == '{"a":"汇票","b":[1,true,null]}'.encode()


def test_equal_values_have_one_spelling_whatever_their_order_or_container():
    assert canonical_value({"x": 1, "y": (2, 3)}) == canonical_value({"y": [2, 3], "x": 1})


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (1.5, r"value: must be None, bool, int, str, list or dict, not float \(money is counted"),
        ({1, 2}, r"value: must be None, bool, int, str, list or dict, not set \(plain data only"),
        ([0, MAX_INT + 1], r"value\[1\]: 9223372036854775808 is beyond \+-\(2\*\*63 - 1\)"),
        ({"a": {1: "x"}}, "value.a: keys must be str, got int"),
    ],
)
def test_values_that_are_not_plain_are_refused_naming_where(value, message):
    assert not is_plain(value)
    with pytest.raises(ContractValueError, match=message):
        canonical_value(value)


def test_a_value_holds_at_most_the_count_limit_of_values():
    assert is_plain([0] * MAX_ITEMS)
    wide = {"items": [0] * (MAX_ITEMS + 1)}
    assert not is_plain(wide)
    with pytest.raises(ContractValueError, match=f"args.wide: holds more than {MAX_ITEMS} values"):
        check_plain(wide, "args.wide")


def test_a_list_that_contains_itself_is_refused_not_followed_forever():
    loop: list = []
    loop.append(loop)
    assert not is_plain(loop)
    with pytest.raises(ContractValueError, match="nests lists and dicts more than"):
        check_plain(loop, "args.loop")


def test_lists_nest_at_most_the_depth_limit():
    value: list = []
    for _ in range(MAX_DEPTH - 1):
        value = [value]
    assert is_plain(value)
    with pytest.raises(ContractValueError, match=f"nests lists and dicts more than {MAX_DEPTH}"):
        check_plain([value], "state['deep']")
