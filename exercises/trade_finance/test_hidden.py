"""Hidden checks of the cross-border trade exercise: only the grader runs these."""

import hashlib
import json

from exercise import (
    canonical_record,
    holders,
    release_cargo,
    split_receivable,
    surrender,
    surrender_address,
    transfer,
)

from minichain.chain import Blockchain
from minichain.errors import (
    DocumentError,
    DoubleSpendError,
    MinichainError,
    OutOfRangeError,
    SignatureError,
    WrongTypeError,
)
from minichain.keys import PrivateKey
from minichain.miner import mine_block
from minichain.params import ChainParams
from minichain.standards import load_vectors
from minichain.tx import Document, OutPoint
from minichain.wallet import issue_document

PLATFORM = PrivateKey.from_seed("hidden platform")
CARRIER = PrivateKey.from_seed("hidden carrier")
SHIPPER = PrivateKey.from_seed("hidden shipper")
TRADER = PrivateKey.from_seed("hidden trader")
BUYER = PrivateKey.from_seed("hidden buyer")
BANK = PrivateKey.from_seed("hidden bank")
OTHER_BANK = PrivateKey.from_seed("hidden other bank")
MINER = PrivateKey.from_seed("hidden miner")
PARAMS = ChainParams.regtest(name="hidden trade").with_issuers(
    {"receivable": [PLATFORM.address], "bill_of_lading": [CARRIER.address]}
)
VECTORS = load_vectors()
RECEIVABLE = Document.of(
    "receivable", b"hidden receivable, CNY 90,000.00", amount="9000000", number="R-77"
)
BILL = Document.of("bill_of_lading", b"hidden bill of lading", number="HBL-1")


def registered(document, issuer, owner):
    chain = Blockchain(PARAMS)
    issuance = issue_document(chain, issuer, owner.address, document)
    mine_block(chain, MINER.address)
    return chain, OutPoint(issuance.txid, 0)


def refusal(action):
    try:
        action()
    except MinichainError as error:
        return error
    return None


def endorsed_to_buyer():
    """Carrier -> shipper -> trader -> buyer, each transfer in its own block."""
    chain, at = registered(BILL, CARRIER, SHIPPER)
    for holder, to in ((SHIPPER, TRADER), (TRADER, BUYER)):
        tx = chain.submit(transfer(holder, at, BILL, to.address, PARAMS.name))
        mine_block(chain, MINER.address)
        at = OutPoint(tx.txid, 0)
    return chain, at


# --- canonical_record ------------------------------------------------------------------


def test_canonical_record_matches_every_shared_vector_and_its_hash():
    for vector in VECTORS["canonical_json"]:
        got = canonical_record(vector["record"])
        assert got == vector["canonical"].encode("utf-8"), vector["name"]
        assert hashlib.sha256(got).hexdigest() == vector["sha256"], vector["name"]


def test_canonical_record_refuses_every_invalid_shared_vector_with_its_error():
    errors = {"WrongTypeError": WrongTypeError, "OutOfRangeError": OutOfRangeError}
    for vector in VECTORS["canonical_json_invalid"]:
        error = refusal(lambda vector=vector: canonical_record(vector["record"]))
        assert isinstance(error, errors[vector["error"]]), f"{vector['name']}: got {error!r}"


def test_canonical_record_returns_bytes():
    assert isinstance(canonical_record({"a": "b"}), bytes)


def test_canonical_record_writes_booleans_and_null_as_json_does():
    assert canonical_record({"negotiable": True, "notify": None}) == (
        b'{"negotiable":true,"notify":null}'
    )


def test_canonical_record_refuses_a_record_that_is_not_a_dict():
    assert isinstance(refusal(lambda: canonical_record([1, 2])), WrongTypeError)


def test_canonical_record_refuses_a_key_that_is_not_str():
    assert isinstance(refusal(lambda: canonical_record({1: "one"})), WrongTypeError)


def test_canonical_record_refuses_a_float_nested_deep():
    record = {"containers": [{"number": "CSQU3054383", "gross_kg": 18200.5}]}
    assert isinstance(refusal(lambda: canonical_record(record)), WrongTypeError)


def test_canonical_record_accepts_the_largest_safe_integer_and_refuses_the_next():
    assert canonical_record({"n": 2**53 - 1}) == b'{"n":9007199254740991}'
    assert isinstance(refusal(lambda: canonical_record({"n": 2**53})), OutOfRangeError)


# --- transfer ----------------------------------------------------------------------------


def test_transfer_financing_twice_in_one_block_is_refused_and_changes_nothing():
    chain, at = registered(RECEIVABLE, PLATFORM, SHIPPER)
    both = [
        transfer(SHIPPER, at, RECEIVABLE, BANK.address, PARAMS.name),
        transfer(SHIPPER, at, RECEIVABLE, OTHER_BANK.address, PARAMS.name),
    ]
    assert isinstance(refusal(lambda: mine_block(chain, MINER.address, both)), DoubleSpendError)
    assert chain.height == 1
    assert chain.documents(SHIPPER.address) == [RECEIVABLE]


def test_transfer_signed_by_the_bank_instead_of_the_holder_is_refused():
    chain, at = registered(RECEIVABLE, PLATFORM, SHIPPER)
    stolen = transfer(BANK, at, RECEIVABLE, BANK.address, PARAMS.name)
    assert isinstance(refusal(lambda: chain.submit(stolen)), SignatureError)


def test_transfer_the_endorsement_chain_moves_the_bill_to_the_buyer():
    chain, _ = endorsed_to_buyer()
    assert chain.documents(BUYER.address) == [BILL]
    assert chain.documents(SHIPPER.address) == chain.documents(TRADER.address) == []


def test_transfer_by_a_former_holder_is_refused():
    chain, at = registered(BILL, CARRIER, SHIPPER)
    chain.submit(transfer(SHIPPER, at, BILL, TRADER.address, PARAMS.name))
    mine_block(chain, MINER.address)
    again = transfer(SHIPPER, at, BILL, BUYER.address, PARAMS.name)
    assert isinstance(refusal(lambda: chain.submit(again)), DoubleSpendError)


# --- split_receivable ---------------------------------------------------------------------


def test_split_receivable_refuses_parts_worth_less_than_the_original():
    _, at = registered(RECEIVABLE, PLATFORM, SHIPPER)
    error = refusal(
        lambda: split_receivable(SHIPPER, at, RECEIVABLE, [4000000, 4000000], PLATFORM, "x")
    )
    assert isinstance(error, DocumentError) and error.field == "amounts"


def test_split_receivable_refuses_a_single_part():
    _, at = registered(RECEIVABLE, PLATFORM, SHIPPER)
    error = refusal(lambda: split_receivable(SHIPPER, at, RECEIVABLE, [9000000], PLATFORM, "x"))
    assert isinstance(error, OutOfRangeError)


def test_split_receivable_refuses_a_zero_or_negative_part():
    _, at = registered(RECEIVABLE, PLATFORM, SHIPPER)
    for amounts in ([9000000, 0], [9000001, -1]):
        error = refusal(
            lambda amounts=amounts: split_receivable(
                SHIPPER, at, RECEIVABLE, amounts, PLATFORM, PARAMS.name
            )
        )
        assert isinstance(error, OutOfRangeError), f"{amounts}: got {error!r}"


def test_split_receivable_refuses_an_amount_that_is_not_an_int():
    _, at = registered(RECEIVABLE, PLATFORM, SHIPPER)
    error = refusal(
        lambda: split_receivable(SHIPPER, at, RECEIVABLE, [4500000.0, 4500000], PLATFORM, "x")
    )
    assert isinstance(error, WrongTypeError)


def test_split_receivable_refuses_a_bill_of_lading():
    _, at = registered(BILL, CARRIER, SHIPPER)
    error = refusal(lambda: split_receivable(SHIPPER, at, BILL, [1, 2], PLATFORM, PARAMS.name))
    assert isinstance(error, DocumentError) and error.field == "parent"


def test_split_receivable_parts_are_canonical_records_naming_their_parent():
    _, at = registered(RECEIVABLE, PLATFORM, SHIPPER)
    _, parts = split_receivable(
        SHIPPER, at, RECEIVABLE, [6000000, 2000000, 1000000], PLATFORM, PARAMS.name
    )
    assert [out.owner for out in parts.outputs] == [SHIPPER.address] * 3
    for position, out in enumerate(parts.outputs, 1):
        metadata = dict(out.document.metadata)
        record = {
            "amount": int(metadata["amount"]),
            "parent": RECEIVABLE.digest.hex(),
            "part": position,
        }
        text = json.dumps(record, sort_keys=True, separators=(",", ":"))
        assert out.document.digest == hashlib.sha256(text.encode()).digest()
        assert metadata["parent"] == RECEIVABLE.digest.hex()
        assert metadata["number"] == f"R-77/{position}"
    assert sum(int(dict(out.document.metadata)["amount"]) for out in parts.outputs) == 9000000


def test_split_receivable_after_financing_is_refused_and_no_part_appears():
    chain, at = registered(RECEIVABLE, PLATFORM, SHIPPER)
    chain.submit(transfer(SHIPPER, at, RECEIVABLE, BANK.address, PARAMS.name))
    mine_block(chain, MINER.address)
    retire, parts = split_receivable(
        SHIPPER, at, RECEIVABLE, [5000000, 4000000], PLATFORM, PARAMS.name
    )
    assert isinstance(
        refusal(lambda: mine_block(chain, MINER.address, [retire, parts])), DoubleSpendError
    )
    assert chain.height == 2
    assert chain.documents(SHIPPER.address) == []


def test_split_receivable_then_financing_the_original_is_refused():
    chain, at = registered(RECEIVABLE, PLATFORM, SHIPPER)
    retire, parts = split_receivable(
        SHIPPER, at, RECEIVABLE, [5000000, 4000000], PLATFORM, PARAMS.name
    )
    mine_block(chain, MINER.address, [retire, parts])
    late = transfer(SHIPPER, at, RECEIVABLE, BANK.address, PARAMS.name)
    assert isinstance(refusal(lambda: chain.submit(late)), DoubleSpendError)


def test_split_receivable_parts_can_be_financed_at_two_banks():
    chain, at = registered(RECEIVABLE, PLATFORM, SHIPPER)
    retire, parts = split_receivable(
        SHIPPER, at, RECEIVABLE, [5000000, 4000000], PLATFORM, PARAMS.name
    )
    mine_block(chain, MINER.address, [retire, parts])
    for index, bank in enumerate((BANK, OTHER_BANK)):
        part = parts.outputs[index].document
        chain.submit(
            transfer(SHIPPER, OutPoint(parts.txid, index), part, bank.address, PARAMS.name)
        )
    mine_block(chain, MINER.address)
    assert len(chain.documents(BANK.address)) == len(chain.documents(OTHER_BANK.address)) == 1


# --- surrender ------------------------------------------------------------------------------


def test_surrender_then_no_transfer_is_possible_even_by_the_last_holder():
    chain, at = endorsed_to_buyer()
    gone = chain.submit(surrender(BUYER, at, BILL, "CNSHA", PARAMS.name))
    mine_block(chain, MINER.address)
    again = transfer(BUYER, at, BILL, TRADER.address, PARAMS.name)
    assert isinstance(refusal(lambda: chain.submit(again)), DoubleSpendError)
    from_port = transfer(BUYER, OutPoint(gone.txid, 0), BILL, TRADER.address, PARAMS.name)
    assert isinstance(refusal(lambda: chain.submit(from_port)), SignatureError)


def test_surrender_by_a_former_holder_is_refused():
    chain, _ = endorsed_to_buyer()
    first_at = OutPoint(chain.block_at(1).transactions[1].txid, 0)
    late = surrender(SHIPPER, first_at, BILL, "CNSHA", PARAMS.name)
    assert isinstance(refusal(lambda: chain.submit(late)), DoubleSpendError)


def test_surrender_of_a_receivable_is_refused():
    _, at = registered(RECEIVABLE, PLATFORM, SHIPPER)
    error = refusal(lambda: surrender(SHIPPER, at, RECEIVABLE, "CNSHA", PARAMS.name))
    assert isinstance(error, DocumentError)


# --- holders -------------------------------------------------------------------------------


def test_holders_of_an_unknown_digest_is_empty():
    chain, _ = endorsed_to_buyer()
    assert holders(chain, bytes(32)) == []


def test_holders_follows_one_document_among_others():
    chain, _ = endorsed_to_buyer()
    issue_document(chain, PLATFORM, TRADER.address, RECEIVABLE)
    mine_block(chain, MINER.address)
    assert holders(chain, BILL.digest) == [SHIPPER.address, TRADER.address, BUYER.address]
    assert holders(chain, RECEIVABLE.digest) == [TRADER.address]


def test_holders_counts_only_the_chain_not_the_mempool():
    chain, at = registered(BILL, CARRIER, SHIPPER)
    chain.submit(transfer(SHIPPER, at, BILL, TRADER.address, PARAMS.name))
    assert holders(chain, BILL.digest) == [SHIPPER.address]


# --- release_cargo ---------------------------------------------------------------------------


def test_release_cargo_refuses_a_bill_not_yet_surrendered():
    chain, _ = endorsed_to_buyer()
    error = refusal(lambda: release_cargo(chain, BILL.digest, "CNSHA", BUYER.address))
    assert isinstance(error, DocumentError) and error.field == "digest"


def test_release_cargo_refuses_a_bill_surrendered_at_another_port():
    chain, at = endorsed_to_buyer()
    chain.submit(surrender(BUYER, at, BILL, "CNSHA", PARAMS.name))
    mine_block(chain, MINER.address)
    error = refusal(lambda: release_cargo(chain, BILL.digest, "NLRTM", BUYER.address))
    assert isinstance(error, DocumentError) and error.field == "digest"
    assert release_cargo(chain, BILL.digest, "CNSHA", BUYER.address) == BILL


def test_release_cargo_refuses_a_former_holder():
    chain, at = endorsed_to_buyer()
    chain.submit(surrender(BUYER, at, BILL, "CNSHA", PARAMS.name))
    mine_block(chain, MINER.address)
    for former in (SHIPPER, TRADER):
        error = refusal(
            lambda former=former: release_cargo(chain, BILL.digest, "CNSHA", former.address)
        )
        assert isinstance(error, DocumentError) and error.field == "claimant"


def test_release_cargo_refuses_an_unknown_digest_and_a_receivable():
    chain, _ = registered(RECEIVABLE, PLATFORM, SHIPPER)
    for digest in (bytes(32), RECEIVABLE.digest):
        error = refusal(
            lambda digest=digest: release_cargo(chain, digest, "CNSHA", SHIPPER.address)
        )
        assert isinstance(error, DocumentError) and error.field == "digest"


def test_release_cargo_refuses_a_bill_the_carrier_issued_to_the_surrender_address():
    chain = Blockchain(PARAMS)
    issue_document(chain, CARRIER, surrender_address("CNSHA"), BILL)
    mine_block(chain, MINER.address)
    error = refusal(lambda: release_cargo(chain, BILL.digest, "CNSHA", BUYER.address))
    assert isinstance(error, DocumentError)
