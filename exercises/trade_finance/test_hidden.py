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


def test_canonical_record_matches_the_shared_vectors_all_of_them_and_their_hash():
    for vector in VECTORS["canonical_json"]:
        got = canonical_record(vector["record"])
        assert got == vector["canonical"].encode("utf-8"), vector["name"]
        assert hashlib.sha256(got).hexdigest() == vector["sha256"], vector["name"]


def test_canonical_record_refuses_what_json_cannot_carry_exactly_in_every_vector():
    errors = {"WrongTypeError": WrongTypeError, "OutOfRangeError": OutOfRangeError}
    for vector in VECTORS["canonical_json_invalid"]:
        error = refusal(lambda vector=vector: canonical_record(vector["record"]))
        assert isinstance(error, errors[vector["error"]]), f"{vector['name']}: got {error!r}"


def test_canonical_record_matches_the_shared_vectors_as_bytes():
    assert isinstance(canonical_record({"a": "b"}), bytes)


def test_canonical_record_writes_json_values_as_json_does_booleans_and_null():
    assert canonical_record({"negotiable": True, "notify": None}) == (
        b'{"negotiable":true,"notify":null}'
    )


def test_canonical_record_refuses_what_json_cannot_carry_exactly_not_a_dict():
    assert isinstance(refusal(lambda: canonical_record([1, 2])), WrongTypeError)


def test_canonical_record_refuses_what_json_cannot_carry_exactly_a_key_not_str():
    assert isinstance(refusal(lambda: canonical_record({1: "one"})), WrongTypeError)


def test_canonical_record_refuses_what_json_cannot_carry_exactly_a_deep_float():
    record = {"containers": [{"number": "CSQU3054383", "gross_kg": 18200.5}]}
    assert isinstance(refusal(lambda: canonical_record(record)), WrongTypeError)


def test_canonical_record_refuses_what_json_cannot_carry_exactly_past_2_53():
    assert canonical_record({"n": 2**53 - 1}) == b'{"n":9007199254740991}'
    assert isinstance(refusal(lambda: canonical_record({"n": 2**53})), OutOfRangeError)


# --- transfer ----------------------------------------------------------------------------


def test_transfer_a_second_financing_is_refused_as_a_double_spend_even_in_one_block():
    chain, at = registered(RECEIVABLE, PLATFORM, SHIPPER)
    both = [
        transfer(SHIPPER, at, RECEIVABLE, BANK.address, PARAMS.name),
        transfer(SHIPPER, at, RECEIVABLE, OTHER_BANK.address, PARAMS.name),
    ]
    assert isinstance(refusal(lambda: mine_block(chain, MINER.address, both)), DoubleSpendError)
    assert chain.height == 1
    assert chain.documents(SHIPPER.address) == [RECEIVABLE]


def test_transfer_signed_by_anyone_but_the_holder_is_refused_even_the_bank():
    chain, at = registered(RECEIVABLE, PLATFORM, SHIPPER)
    stolen = transfer(BANK, at, RECEIVABLE, BANK.address, PARAMS.name)
    assert isinstance(refusal(lambda: chain.submit(stolen)), SignatureError)


def test_transfer_finances_the_receivable_at_one_bank_or_endorses_a_bill():
    chain, _ = endorsed_to_buyer()
    assert chain.documents(BUYER.address) == [BILL]
    assert chain.documents(SHIPPER.address) == chain.documents(TRADER.address) == []


def test_transfer_a_second_financing_is_refused_as_a_double_spend_by_a_former_holder():
    chain, at = registered(BILL, CARRIER, SHIPPER)
    chain.submit(transfer(SHIPPER, at, BILL, TRADER.address, PARAMS.name))
    mine_block(chain, MINER.address)
    again = transfer(SHIPPER, at, BILL, BUYER.address, PARAMS.name)
    assert isinstance(refusal(lambda: chain.submit(again)), DoubleSpendError)


# --- split_receivable ---------------------------------------------------------------------


def test_split_receivable_refuses_parts_worth_more_than_the_original_or_less():
    _, at = registered(RECEIVABLE, PLATFORM, SHIPPER)
    error = refusal(
        lambda: split_receivable(SHIPPER, at, RECEIVABLE, [4000000, 4000000], PLATFORM, "x")
    )
    assert isinstance(error, DocumentError) and error.field == "amounts"


def test_split_receivable_checks_its_inputs_first_a_single_part():
    _, at = registered(RECEIVABLE, PLATFORM, SHIPPER)
    error = refusal(lambda: split_receivable(SHIPPER, at, RECEIVABLE, [9000000], PLATFORM, "x"))
    assert isinstance(error, OutOfRangeError)


def test_split_receivable_checks_its_inputs_first_a_zero_or_negative_part():
    _, at = registered(RECEIVABLE, PLATFORM, SHIPPER)
    for amounts in ([9000000, 0], [9000001, -1]):
        error = refusal(
            lambda amounts=amounts: split_receivable(
                SHIPPER, at, RECEIVABLE, amounts, PLATFORM, PARAMS.name
            )
        )
        assert isinstance(error, OutOfRangeError), f"{amounts}: got {error!r}"


def test_split_receivable_checks_its_inputs_first_an_amount_not_int():
    _, at = registered(RECEIVABLE, PLATFORM, SHIPPER)
    error = refusal(
        lambda: split_receivable(SHIPPER, at, RECEIVABLE, [4500000.0, 4500000], PLATFORM, "x")
    )
    assert isinstance(error, WrongTypeError)


def test_split_receivable_checks_its_inputs_first_a_bill_of_lading():
    _, at = registered(BILL, CARRIER, SHIPPER)
    error = refusal(lambda: split_receivable(SHIPPER, at, BILL, [1, 2], PLATFORM, PARAMS.name))
    assert isinstance(error, DocumentError) and error.field == "parent"


def test_split_receivable_parts_name_their_parent_three_of_them():
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


def test_split_receivable_into_two_parts_in_one_block_not_after_financing():
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


def test_split_receivable_into_two_parts_in_one_block_spends_the_original():
    chain, at = registered(RECEIVABLE, PLATFORM, SHIPPER)
    retire, parts = split_receivable(
        SHIPPER, at, RECEIVABLE, [5000000, 4000000], PLATFORM, PARAMS.name
    )
    mine_block(chain, MINER.address, [retire, parts])
    late = transfer(SHIPPER, at, RECEIVABLE, BANK.address, PARAMS.name)
    assert isinstance(refusal(lambda: chain.submit(late)), DoubleSpendError)


def test_split_receivable_into_two_parts_in_one_block_financed_at_two_banks():
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


def test_surrender_gives_the_bill_to_the_ports_surrender_address_for_good():
    chain, at = endorsed_to_buyer()
    gone = chain.submit(surrender(BUYER, at, BILL, "CNSHA", PARAMS.name))
    mine_block(chain, MINER.address)
    again = transfer(BUYER, at, BILL, TRADER.address, PARAMS.name)
    assert isinstance(refusal(lambda: chain.submit(again)), DoubleSpendError)
    from_port = transfer(BUYER, OutPoint(gone.txid, 0), BILL, TRADER.address, PARAMS.name)
    assert isinstance(refusal(lambda: chain.submit(from_port)), SignatureError)


def test_surrender_gives_the_bill_to_the_ports_surrender_address_only_by_its_holder():
    chain, _ = endorsed_to_buyer()
    first_at = OutPoint(chain.block_at(1).transactions[1].txid, 0)
    late = surrender(SHIPPER, first_at, BILL, "CNSHA", PARAMS.name)
    assert isinstance(refusal(lambda: chain.submit(late)), DoubleSpendError)


def test_surrender_refuses_a_receivable_of_another_holder():
    _, at = registered(RECEIVABLE, PLATFORM, SHIPPER)
    error = refusal(lambda: surrender(SHIPPER, at, RECEIVABLE, "CNSHA", PARAMS.name))
    assert isinstance(error, DocumentError)


# --- holders -------------------------------------------------------------------------------


def test_holders_lists_the_endorsement_chain_empty_for_an_unknown_digest():
    chain, _ = endorsed_to_buyer()
    assert holders(chain, bytes(32)) == []


def test_holders_lists_the_endorsement_chain_of_one_document_among_others():
    chain, _ = endorsed_to_buyer()
    issue_document(chain, PLATFORM, TRADER.address, RECEIVABLE)
    mine_block(chain, MINER.address)
    assert holders(chain, BILL.digest) == [SHIPPER.address, TRADER.address, BUYER.address]
    assert holders(chain, RECEIVABLE.digest) == [TRADER.address]


def test_holders_counts_only_mined_blocks_not_the_mempool():
    chain, at = registered(BILL, CARRIER, SHIPPER)
    chain.submit(transfer(SHIPPER, at, BILL, TRADER.address, PARAMS.name))
    assert holders(chain, BILL.digest) == [SHIPPER.address]


# --- release_cargo ---------------------------------------------------------------------------


def test_release_cargo_refuses_a_bill_not_surrendered_there_not_yet():
    chain, _ = endorsed_to_buyer()
    error = refusal(lambda: release_cargo(chain, BILL.digest, "CNSHA", BUYER.address))
    assert isinstance(error, DocumentError) and error.field == "digest"


def test_release_cargo_refuses_a_bill_not_surrendered_there_but_at_another_port():
    chain, at = endorsed_to_buyer()
    chain.submit(surrender(BUYER, at, BILL, "CNSHA", PARAMS.name))
    mine_block(chain, MINER.address)
    error = refusal(lambda: release_cargo(chain, BILL.digest, "NLRTM", BUYER.address))
    assert isinstance(error, DocumentError) and error.field == "digest"
    assert release_cargo(chain, BILL.digest, "CNSHA", BUYER.address) == BILL


def test_release_cargo_only_to_the_holder_who_surrendered_the_bill_not_a_former_one():
    chain, at = endorsed_to_buyer()
    chain.submit(surrender(BUYER, at, BILL, "CNSHA", PARAMS.name))
    mine_block(chain, MINER.address)
    for former in (SHIPPER, TRADER):
        error = refusal(
            lambda former=former: release_cargo(chain, BILL.digest, "CNSHA", former.address)
        )
        assert isinstance(error, DocumentError) and error.field == "claimant"


def test_release_cargo_refuses_a_bill_not_surrendered_there_unknown_or_a_receivable():
    chain, _ = registered(RECEIVABLE, PLATFORM, SHIPPER)
    for digest in (bytes(32), RECEIVABLE.digest):
        error = refusal(
            lambda digest=digest: release_cargo(chain, digest, "CNSHA", SHIPPER.address)
        )
        assert isinstance(error, DocumentError) and error.field == "digest"


def test_release_cargo_refuses_a_bill_not_surrendered_there_issued_to_the_port():
    chain = Blockchain(PARAMS)
    issue_document(chain, CARRIER, surrender_address("CNSHA"), BILL)
    mine_block(chain, MINER.address)
    error = refusal(lambda: release_cargo(chain, BILL.digest, "CNSHA", BUYER.address))
    assert isinstance(error, DocumentError)
