"""The shared test vectors: minichain passes them, and they agree with ground truth from elsewhere.

The vectors file is data, so it is checked from both sides: minichain's own
implementations against it (check_vectors), and the file against independent
sources: hashlib for SHA-256, the real Bitcoin data of tests/bitcoin_data.py,
Python's json module for canonical JSON, and transactions rebuilt from their
recipes below.
"""

import hashlib
import json

import pytest

from minichain.errors import EncodingError
from minichain.hashing import to_display_hex
from minichain.keys import PrivateKey
from minichain.standards import (
    CHECKED_SECTIONS,
    SECTIONS,
    VECTORS_FILE,
    VectorResult,
    check_vectors,
    load_vectors,
)
from minichain.tx import Document, OutPoint, Transaction, TxIn, TxOut, coinbase, issue, sign
from tests.bitcoin_data import (
    BLOCK_100000,
    BLOCK_100000_TXIDS,
    BLOCK_125552,
    BLOCK_125552_HASH,
    GENESIS_HASH,
    GENESIS_HEX,
)

VECTORS = load_vectors()
CHAIN_ID = "vectors"
CARRIER = PrivateKey.from_seed("vector carrier")
SHIPPER = PrivateKey.from_seed("vector shipper")
CONSIGNEE = PrivateKey.from_seed("vector consignee")
MINER = PrivateKey.from_seed("vector miner")


def transaction_recipes() -> dict[str, Transaction]:
    """How each transaction vector was made: fixed seeds and RFC 6979 signatures."""
    bill = Document.of("bill_of_lading", b"bill of lading COSU6123456780", number="COSU6123456780")
    issuance = issue(CARRIER, [(SHIPPER.address, bill)], CHAIN_ID)
    unsigned = Transaction(
        (TxIn(OutPoint(issuance.txid, 0)),), (TxOut.document_to(CONSIGNEE.address, bill),)
    )
    return {
        "coinbase of block 1": coinbase(1, MINER.address, 50),
        "a carrier issues a bill of lading": issuance,
        "the shipper endorses it to the consignee": sign(unsigned, SHIPPER, CHAIN_ID),
    }


def canonical_by_python_json(record) -> str:
    """The canonical form as Python's json module writes it: sorted keys, no spaces, UTF-8."""
    return json.dumps(record, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def test_vectors_file_has_every_section():
    assert set(SECTIONS) <= set(VECTORS)


def test_minichain_passes_every_shared_vector():
    failed = [str(result) for result in check_vectors() if not result.passed]
    assert not failed


def test_every_vector_is_checked_once_under_its_own_name():
    results = check_vectors()
    assert len(results) == sum(len(VECTORS[section]) for section in CHECKED_SECTIONS)
    names = [(result.section, result.name) for result in results]
    assert len(set(names)) == len(names)


@pytest.mark.parametrize("vector", VECTORS["sha256"], ids=lambda v: v["name"])
def test_sha256_vectors_agree_with_hashlib(vector):
    assert hashlib.sha256(bytes.fromhex(vector["message_hex"])).hexdigest() == vector["sha256"]


def test_sha256_vectors_include_the_fips_180_4_example_abc():
    abc = [v for v in VECTORS["sha256"] if v["message_hex"] == b"abc".hex()]
    assert abc[0]["sha256"] == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"


def test_bitcoin_header_vectors_are_real_bitcoin_headers():
    real = {GENESIS_HEX: GENESIS_HASH, BLOCK_125552.serialize().hex(): BLOCK_125552_HASH}
    assert {v["header_hex"]: v["hash"] for v in VECTORS["bitcoin_header"]} == real


def test_merkle_root_vector_is_bitcoin_block_100000():
    (vector,) = VECTORS["merkle_root"]
    assert vector["txids"] == BLOCK_100000_TXIDS
    assert vector["root"] == to_display_hex(BLOCK_100000.merkle_root)


def test_transaction_vectors_are_rebuilt_exactly_from_their_recipes():
    recipes = transaction_recipes()
    assert {v["name"] for v in VECTORS["transaction"]} == set(recipes)
    for vector in VECTORS["transaction"]:
        tx = recipes[vector["name"]]
        assert tx.serialize().hex() == vector["raw_hex"]
        assert tx.txid_hex == vector["txid"]


def test_transaction_vectors_txid_is_double_sha256_of_the_bytes_by_hashlib():
    for vector in VECTORS["transaction"]:
        once = hashlib.sha256(bytes.fromhex(vector["raw_hex"])).digest()
        assert hashlib.sha256(once).digest()[::-1].hex() == vector["txid"]


@pytest.mark.parametrize("vector", VECTORS["canonical_json"], ids=lambda v: v["name"])
def test_canonical_json_vectors_agree_with_python_json_and_hashlib(vector):
    assert vector["canonical"] == canonical_by_python_json(vector["record"])
    assert hashlib.sha256(vector["canonical"].encode()).hexdigest() == vector["sha256"]


def test_canonical_json_vectors_include_keys_out_of_order_and_non_ascii_text():
    records = [v["record"] for v in VECTORS["canonical_json"]]
    assert any(list(record) != sorted(record) for record in records)
    assert any(not v["canonical"].isascii() for v in VECTORS["canonical_json"])


@pytest.mark.parametrize("vector", VECTORS["canonical_json_invalid"], ids=lambda v: v["name"])
def test_invalid_canonical_json_vectors_hold_a_float_or_an_unsafe_integer(vector):
    def bad(value) -> bool:
        if isinstance(value, dict):
            return any(bad(item) for item in value.values())
        if isinstance(value, list):
            return any(bad(item) for item in value)
        return isinstance(value, float) or (isinstance(value, int) and abs(value) > 2**53 - 1)

    assert bad(vector["record"]) and vector["error"] in {"WrongTypeError", "OutOfRangeError"}


def test_check_vectors_reports_a_wrong_expected_hash_with_both_values():
    vectors = {"sha256": [{"name": "abc, wrong", "message_hex": "616263", "sha256": "00" * 32}]}
    (result,) = check_vectors(vectors)
    assert not result.passed
    assert "00" * 32 in result.detail and "ba7816bf" in result.detail
    assert str(result).startswith("sha256: abc, wrong: FAILED")


def test_check_vectors_reports_an_unreadable_vector_instead_of_raising():
    vectors = {"bitcoin_header": [{"name": "short", "header_hex": "00", "hash": "00"}]}
    (result,) = check_vectors(vectors)
    assert result == VectorResult("bitcoin_header", "short", False, result.detail)
    assert result.detail.startswith("cannot be checked: EncodingError")


def test_load_vectors_rejects_a_file_that_is_not_json(tmp_path):
    path = tmp_path / "vectors.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(EncodingError, match="is not valid JSON"):
        load_vectors(path)


def test_load_vectors_rejects_a_missing_section(tmp_path):
    data = json.loads(VECTORS_FILE.read_text(encoding="utf-8"))
    del data["merkle_root"]
    path = tmp_path / "vectors.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(EncodingError, match="merkle_root: must be a non-empty list"):
        load_vectors(path)


def test_load_vectors_rejects_a_vector_without_a_name(tmp_path):
    data = json.loads(VECTORS_FILE.read_text(encoding="utf-8"))
    del data["sha256"][0]["name"]
    path = tmp_path / "vectors.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(EncodingError, match=r"^sha256\[0\]: must be an object with a name"):
        load_vectors(path)
