"""refusal() gives a library refusal in the tooling's language (terminal/i18n.py)."""

from minichain.errors import BlockError, Phrase, ValidationError
from minichain.header import block_label
from minichain.keys import PrivateKey
from minichain.terminal.i18n import refusal, use_language


def test_english_refusal_is_the_error_text() -> None:
    use_language("en")
    error = BlockError("height", "must be {want}, got {got}", "block 4", want=3, got=4)
    assert refusal(error) == str(error) == "block 4: height: must be 3, got 4"


def test_untranslated_template_falls_back_to_english() -> None:
    use_language("zh")
    try:
        error = ValidationError("x", "no such rule {n} in the catalogue", n=7)
        assert refusal(error) == "x：no such rule 7 in the catalogue"
    finally:
        use_language("en")


def test_a_refusal_its_places_and_the_phrases_in_its_values_are_chinese() -> None:
    """Block and transaction labels, the rule and a phrase inside it are each translated."""
    error = BlockError(
        "inputs[0]",
        "{outpoint} is already spent by tx {txid} {place}",
        outpoint="5b1e…:0",
        txid="77aa…",
        place=Phrase("in block {height}", height=7),
    )
    error = error.located(Phrase("tx {txid}", txid="5b1e…")).located(block_label(12, bytes(32)))
    use_language("zh")
    try:
        said = refusal(error)
    finally:
        use_language("en")
    assert said == (
        "区块 12（0000000000000000…），交易 5b1e…："
        "inputs[0]：5b1e…:0 已被交易 77aa… 花费（在区块 7 中）"
    )
    assert str(error) == (
        "block 12 (0000000000000000…), tx 5b1e…: "
        "inputs[0]: 5b1e…:0 is already spent by tx 77aa… in block 7"
    )


def test_a_real_library_refusal_is_chinese() -> None:
    try:
        PrivateKey(0)
    except ValidationError as caught:
        error = caught
    use_language("zh")
    try:
        said = refusal(error)
    finally:
        use_language("en")
    assert said.startswith("secret：必须在 1 到 n-1 之间")


def test_every_kind_of_consensus_message_is_named_in_chinese() -> None:
    """``over this vote`` in a signature refusal: the kind is a marked phrase too."""
    from minichain.consensus import MESSAGE_KINDS
    from minichain.terminal.i18n import say

    use_language("zh")
    try:
        said = {kind: say(Phrase(words)) for kind, words in MESSAGE_KINDS.items()}
    finally:
        use_language("en")
    assert said == {"proposal": "提案", "vote": "投票", "view change": "视图切换"}


def test_values_keep_their_type_for_repr_in_chinese() -> None:
    """``{version!r}`` of the int 2 reads ``2`` in the Chinese rule too, not ``'2'``."""
    error = ValidationError(
        "key.toml", "has version {version!r}, this minichain reads 1", version=2
    )
    use_language("zh")
    try:
        said = refusal(error)
    finally:
        use_language("en")
    assert said == "key.toml：版本为 2，本 minichain 读取的是 1"
