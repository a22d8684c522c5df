"""A templated refusal reads exactly as the literal English one did (errors.py)."""

import ast

from minichain.errors import BlockError, Phrase, ValidationError
from minichain.terminal import catalogue


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


# --- every refusal in the package keeps its template -------------------------------------

FORMATTED = (ast.JoinedStr, ast.BinOp)
"""A rule built before the refusal gets it: an f-string, ``+`` or ``%``."""


RESERVED = {"self", "field", "rule", "where"}
"""Names a refusal's own arguments take: a value so named would collide with them."""
RESERVED_SEEN: list[str] = []


def _rule_arguments() -> list[tuple[str, int, ast.expr]]:
    classes = catalogue.refusal_classes()
    found = []
    for path in catalogue.sources():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", getattr(node.func, "attr", None))
            position = 1 if name in classes or name == "refuse" else 2 if name == "require" else -1
            if position >= 0 and len(node.args) > position:
                found.append((str(path), node.lineno, node.args[position]))
                RESERVED_SEEN.extend(
                    f"{path}:{node.lineno}: {keyword.arg}"
                    for keyword in node.keywords
                    if keyword.arg in RESERVED
                )
    return found


def test_no_rule_is_formatted_before_the_refusal_gets_it() -> None:
    """A template with its values, so the tooling can say the rule in another language."""
    arguments = _rule_arguments()
    assert len(arguments) > 400
    formatted = [
        f"{path}:{line}"
        for path, line, rule in arguments
        if isinstance(rule, FORMATTED)
        or (isinstance(rule, ast.Call) and getattr(rule.func, "attr", "") == "format")
    ]
    assert not formatted


def test_a_rule_passed_on_keeps_its_template_and_values() -> None:
    inner = ValidationError("amount", "must be at most {most}", most=21)
    outer = BlockError("transactions[1].amount", inner.rule, "block 3")
    assert outer.template == "must be at most {most}" and outer.params == {"most": 21}
    assert str(outer) == "block 3: transactions[1].amount: must be at most 21"


def test_a_phrase_reads_as_its_english_words() -> None:
    label = Phrase("block {height} ({hash})", height=7, hash="00ab…")
    assert label == "block 7 (00ab…)" and isinstance(label, str)
    assert (label.template, label.params) == (
        "block {height} ({hash})",
        {"height": 7, "hash": "00ab…"},
    )


def test_located_keeps_each_place() -> None:
    error = BlockError("x", "y").located(Phrase("tx {txid}", txid="ab")).located("block 1")
    assert error.places == ("block 1", "tx ab")
    assert str(error) == "block 1, tx ab: x: y"


def test_a_rule_whose_values_are_named_field_or_rule_can_still_be_located() -> None:
    """A passed-on rule may have values named like the error's own arguments."""
    inner = Phrase("is not strict DER (BIP 66): {rule}", rule="must start with 0x30")
    error = BlockError("inputs[1].signature", inner).located("tx ab").located("block 2")
    assert str(error) == (
        "block 2, tx ab: inputs[1].signature: is not strict DER (BIP 66): must start with 0x30"
    )
    assert error.params == {"rule": "must start with 0x30"}


def test_no_value_of_a_rule_is_named_like_the_refusals_own_arguments() -> None:
    RESERVED_SEEN.clear()
    assert len(_rule_arguments()) > 400
    assert not RESERVED_SEEN


def test_a_phrases_values_may_have_any_name() -> None:
    words = Phrase("got {cls!r} for {template}", cls=int, template="x")
    assert words == "got <class 'int'> for x"
