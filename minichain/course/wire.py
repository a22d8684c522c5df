"""Plain data across the sandbox wall: a JSON codec that keeps every type exactly.

The grader and a student's code (in :mod:`minichain.course.sandbox`) talk
only in plain data: ``None``, ``bool``, ``int``, ``float``, ``str``,
``bytes``, and lists, tuples, sets, frozensets and dicts of these. No class,
no function, no pickled object crosses, so nothing the student built can run
code in the grader (an ``__eq__`` that is always true stays behind).

Every value is written with an explicit tag, so types survive exactly:
``True`` is not ``1``, ``b"a"`` is not ``"a"``, a tuple is not a list::

    null | true | false                   None, True, False
    ["i", "123"]   ["f", "0x1.8p+1"]      int (decimal), float (float.hex)
    ["s", "text"]  ["b", "00ff"]          str, bytes (hex)
    ["l", [...]]   ["t", [...]]           list, tuple
    ["S", [...]]   ["F", [...]]           set, frozenset
    ["d", [[k, v], ...]]                  dict, any hashable plain key
    ["o", "Name", value]                  a named value (see minichain.course.carry)

:func:`decode` is strict: anything else (a bare JSON number or object, an
unknown tag, an unhashable key, a text too large or nested too deep) raises
:class:`WireError`. Frames (:func:`write_frame`, :func:`read_frame`) are a
4-byte big-endian length and then the JSON text in UTF-8.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, BinaryIO

from minichain.errors import ValidationError

MAX_FRAME = 16 * 1024 * 1024
"""The largest frame either side accepts, in bytes (a student's huge result stops here)."""
MAX_DEPTH = 64
"""How deeply values may nest."""
MAX_INT_DIGITS = 4000
"""The most decimal digits of an integer (Python's own limit for int(str) is 4300)."""


class WireError(ValidationError):
    """Data that is not a valid wire value or frame; ``field`` says where, ``rule`` what broke."""


@dataclass(frozen=True)
class Named:
    """A value with a name: how :mod:`minichain.course.carry` sends a header, a chain, a key.

    Attributes:
        name: which kind of value (``"BlockHeader"``, ``"dataclass:Evidence"``).
        value: its plain data.
    """

    name: str
    value: Any


def _encode(value: Any, depth: int) -> Any:
    if depth > MAX_DEPTH:
        raise WireError("value", "nests deeper than {max_depth} levels", max_depth=MAX_DEPTH)
    kind = type(value)
    if value is None or kind is bool:
        return value
    if kind is int:
        text = str(value) if abs(value).bit_length() < 13000 else ""
        if not text or len(text.lstrip("-")) > MAX_INT_DIGITS:
            raise WireError(
                "int", "has more than {max_int_digits} digits", max_int_digits=MAX_INT_DIGITS
            )
        return ["i", text]
    if kind is float:
        return ["f", value.hex()]
    if kind is str:
        return ["s", value]
    if kind is bytes:
        return ["b", value.hex()]
    if kind in (list, tuple, set, frozenset):
        tags: dict[type, str] = {list: "l", tuple: "t", set: "S", frozenset: "F"}
        tag = tags[kind]
        return [tag, [_encode(item, depth + 1) for item in value]]
    if kind is dict:
        return ["d", [[_encode(k, depth + 1), _encode(v, depth + 1)] for k, v in value.items()]]
    if kind is Named:
        if type(value.name) is not str:
            raise WireError("name", "must be a str")
        return ["o", value.name, _encode(value.value, depth + 1)]
    raise WireError("value", "a {type_name} is not plain data", type_name=kind.__name__)


def encode(value: Any) -> bytes:
    """The wire text of ``value`` in UTF-8.

    Raises:
        WireError: ``value`` holds something that is not plain data (a subclass
            of ``int`` or ``str`` counts as not plain), or nests too deeply.
    """
    text = json.dumps(_encode(value, 0), ensure_ascii=False, separators=(",", ":"))
    data = text.encode("utf-8", "surrogatepass")
    if len(data) > MAX_FRAME:
        raise WireError("value", "is larger than {mib} MiB", mib=MAX_FRAME // 2**20)
    return data


def _refuse(kind: str) -> Any:
    raise WireError("text", "holds a bare JSON {kind}; every value is tagged", kind=kind)


def _items(body: Any, tag: str, depth: int) -> list[Any]:
    if type(body) is not list:
        raise WireError(tag, "must hold a list of values")
    return [_decode(item, depth + 1) for item in body]


def _hashable(value: Any, tag: str) -> Any:
    try:
        hash(value)
    except TypeError:
        raise WireError(
            tag, "a {type_name} cannot be a key or a set member", type_name=type(value).__name__
        ) from None
    return value


def _decode(node: Any, depth: int) -> Any:
    if depth > MAX_DEPTH:
        raise WireError("value", "nests deeper than {max_depth} levels", max_depth=MAX_DEPTH)
    if node is None or type(node) is bool:
        return node
    if type(node) is not list or not node or type(node[0]) is not str:
        raise WireError("value", "must be null, true, false or a tagged list")
    tag = node[0]
    if tag == "o":
        if len(node) != 3 or type(node[1]) is not str:
            raise WireError("o", "must be ['o', name, value]")
        return Named(node[1], _decode(node[2], depth + 1))
    if len(node) != 2:
        raise WireError(tag, "must be [tag, body]")
    body = node[1]
    if tag in ("i", "f", "s", "b") and type(body) is not str:
        raise WireError(tag, "must hold a string")
    if tag == "i":
        digits = body[1:] if body.startswith("-") else body
        if not digits.isascii() or not digits.isdigit() or len(digits) > MAX_INT_DIGITS:
            raise WireError(
                "i",
                "must be a decimal integer of at most {max_int_digits} digits",
                max_int_digits=MAX_INT_DIGITS,
            )
        return int(body)
    if tag == "f":
        try:
            number = float.fromhex(body)
        except (ValueError, OverflowError):
            number = None
        if number is None or number.hex() != body:
            raise WireError("f", "must be a float exactly as float.hex() writes it")
        return number
    if tag == "s":
        return body
    if tag == "b":
        try:
            return bytes.fromhex(body)
        except ValueError:
            raise WireError("b", "must be hexadecimal digits, two per byte") from None
    if tag == "l":
        return _items(body, tag, depth)
    if tag == "t":
        return tuple(_items(body, tag, depth))
    if tag in ("S", "F"):
        members = [_hashable(item, tag) for item in _items(body, tag, depth)]
        return set(members) if tag == "S" else frozenset(members)
    if tag == "d":
        if type(body) is not list:
            raise WireError("d", "must hold a list of [key, value] pairs")
        result = {}
        for pair in body:
            if type(pair) is not list or len(pair) != 2:
                raise WireError("d", "must hold a list of [key, value] pairs")
            key = _hashable(_decode(pair[0], depth + 1), "d")
            result[key] = _decode(pair[1], depth + 1)
        return result
    raise WireError("value", "unknown tag {tag!r}", tag=tag[:20])


def decode(data: bytes) -> Any:
    """The value whose wire text is ``data``.

    Raises:
        WireError: ``data`` is not UTF-8 JSON made only of tagged values, or it
            is too large or nests too deeply.
    """
    if len(data) > MAX_FRAME:
        raise WireError("text", "is larger than {mib} MiB", mib=MAX_FRAME // 2**20)
    try:
        text = data.decode("utf-8", "surrogatepass")
        tree = json.loads(
            text,
            parse_float=lambda _: _refuse("number"),
            parse_int=lambda _: _refuse("number"),
            parse_constant=lambda _: _refuse("constant"),
            object_pairs_hook=lambda _: _refuse("object"),
        )
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise WireError(
            "text", "is not UTF-8 JSON ({type_name})", type_name=type(error).__name__
        ) from None
    except RecursionError:
        raise WireError(
            "value", "nests deeper than {max_depth} levels", max_depth=MAX_DEPTH
        ) from None
    return _decode(tree, 0)


def write_frame(stream: BinaryIO, value: Any) -> None:
    """Write ``value`` as one frame: its length (4 bytes, big-endian), then its wire text."""
    data = encode(value)
    stream.write(len(data).to_bytes(4, "big") + data)
    stream.flush()


def read_exactly(stream: BinaryIO, size: int) -> bytes:
    """Read ``size`` bytes, or raise :class:`EOFError` if the stream ends first."""
    chunks, left = [], size
    while left:
        chunk = stream.read(left)
        if not chunk:
            raise EOFError("the other side closed the pipe")
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def read_frame(stream: BinaryIO, limit: int = MAX_FRAME) -> Any:
    """Read one frame and decode it.

    Raises:
        EOFError: the stream ended.
        WireError: the frame is longer than ``limit`` or is not a wire value.
    """
    size = int.from_bytes(read_exactly(stream, 4), "big")
    if size > limit:
        raise WireError(
            "frame", "is {size} bytes, more than the {limit} allowed", size=size, limit=limit
        )
    return decode(read_exactly(stream, size))
