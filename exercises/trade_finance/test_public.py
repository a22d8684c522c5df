"""Public checks of the cross-border trade exercise: the learner sees and runs these."""

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

PLATFORM = PrivateKey.from_seed("trade finance platform")
CARRIER = PrivateKey.from_seed("carrier Example Ocean Line")
EXPORTER = PrivateKey.from_seed("exporter Shenzhen Lianhua Electronics")
IMPORTER = PrivateKey.from_seed("importer Rotterdam Home Retail")
BANK = PrivateKey.from_seed("Bank of Qianhai")
OTHER_BANK = PrivateKey.from_seed("Pearl River Commercial Bank")
MINER = PrivateKey.from_seed("miner")
PARAMS = ChainParams.regtest(name="trade").with_issuers(
    {"receivable": [PLATFORM.address], "bill_of_lading": [CARRIER.address]}
)
VECTORS = load_vectors()
RECEIVABLE = Document.of(
    "receivable", b"receivable AR-2019-0042, USD 12,500.00", amount="1250000", number="AR-2019-0042"
)
BILL = Document.of("bill_of_lading", b"bill of lading COSU6123456780", number="COSU6123456780")


def registered(document, issuer, owner):
    """A chain on which ``issuer`` has issued ``document`` to ``owner``, and where it is."""
    chain = Blockchain(PARAMS)
    issuance = issue_document(chain, issuer, owner.address, document)
    mine_block(chain, MINER.address)
    return chain, OutPoint(issuance.txid, 0)


def refusal(action):
    """The error ``action()`` raises when it is refused, or None when it is accepted."""
    try:
        action()
    except MinichainError as error:
        return error
    return None


def test_canonical_record_matches_the_shared_vectors():
    for vector in VECTORS["canonical_json"][:2]:
        got = canonical_record(vector["record"])
        assert got == vector["canonical"].encode(), (
            f"{vector['name']}: expected {vector['canonical']!r}, got {got!r}"
        )


def test_canonical_record_does_not_depend_on_key_order():
    first = canonical_record({"amount": 1250000, "currency": "USD"})
    second = canonical_record({"currency": "USD", "amount": 1250000})
    assert first == second == b'{"amount":1250000,"currency":"USD"}'


def test_canonical_record_writes_json_values_as_json_does():
    got = canonical_record({"paid": False, "note": None, "tags": ["a", "b"]})
    assert got == b'{"note":null,"paid":false,"tags":["a","b"]}', f"got {got!r}"


def test_canonical_record_refuses_what_json_cannot_carry_exactly():
    for record, kind in (
        ({"amount": 1.5}, WrongTypeError),
        ({"amount": 2**60}, OutOfRangeError),
        ([("amount", 1)], WrongTypeError),
        ({7: "seven"}, WrongTypeError),
    ):
        error = refusal(lambda record=record: canonical_record(record))
        assert isinstance(error, kind), f"{record!r}: expected {kind.__name__}, got {error!r}"


def test_transfer_finances_the_receivable_at_one_bank():
    chain, at = registered(RECEIVABLE, PLATFORM, EXPORTER)
    chain.submit(transfer(EXPORTER, at, RECEIVABLE, BANK.address, PARAMS.name))
    mine_block(chain, MINER.address)
    assert chain.documents(BANK.address) == [RECEIVABLE], "the bank should hold the receivable"
    assert chain.documents(EXPORTER.address) == [], "the exporter should hold nothing any more"


def test_transfer_a_second_financing_is_refused_as_a_double_spend():
    chain, at = registered(RECEIVABLE, PLATFORM, EXPORTER)
    chain.submit(transfer(EXPORTER, at, RECEIVABLE, BANK.address, PARAMS.name))
    second = transfer(EXPORTER, at, RECEIVABLE, OTHER_BANK.address, PARAMS.name)
    error = refusal(lambda: chain.submit(second))
    assert isinstance(error, DoubleSpendError), f"expected a DoubleSpendError, got {error!r}"


def test_transfer_signed_by_anyone_but_the_holder_is_refused():
    chain, at = registered(RECEIVABLE, PLATFORM, EXPORTER)
    stolen = transfer(OTHER_BANK, at, RECEIVABLE, OTHER_BANK.address, PARAMS.name)
    error = refusal(lambda: chain.submit(stolen))
    assert isinstance(error, SignatureError), f"expected a SignatureError, got {error!r}"


def test_split_receivable_into_two_parts_in_one_block():
    chain, at = registered(RECEIVABLE, PLATFORM, EXPORTER)
    retire, parts = split_receivable(
        EXPORTER, at, RECEIVABLE, [750000, 500000], PLATFORM, PARAMS.name
    )
    mine_block(chain, MINER.address, [retire, parts])
    held = chain.documents(EXPORTER.address)
    amounts = sorted(int(dict(part.metadata)["amount"]) for part in held)
    assert amounts == [500000, 750000], f"the exporter should hold the two parts, holds {held}"
    assert all(part.kind == "receivable" for part in held)


def test_split_receivable_refuses_parts_worth_more_than_the_original():
    chain, at = registered(RECEIVABLE, PLATFORM, EXPORTER)
    error = refusal(
        lambda: split_receivable(EXPORTER, at, RECEIVABLE, [750000, 750000], PLATFORM, PARAMS.name)
    )
    assert isinstance(error, DocumentError), f"expected a DocumentError, got {error!r}"
    assert error.field == "amounts", f"the error should name the field amounts: {error}"


def test_split_receivable_checks_its_inputs_first():
    _, at = registered(RECEIVABLE, PLATFORM, EXPORTER)
    for amounts, kind in (
        ([1250000], OutOfRangeError),
        ([1250000, 0], OutOfRangeError),
        ([625000.0, 625000], WrongTypeError),
    ):
        error = refusal(
            lambda amounts=amounts: split_receivable(
                EXPORTER, at, RECEIVABLE, amounts, PLATFORM, PARAMS.name
            )
        )
        assert isinstance(error, kind), f"{amounts}: expected {kind.__name__}, got {error!r}"
    _, bill_at = registered(BILL, CARRIER, EXPORTER)
    error = refusal(
        lambda: split_receivable(EXPORTER, bill_at, BILL, [1, 2], PLATFORM, PARAMS.name)
    )
    assert isinstance(error, DocumentError) and error.field == "parent", (
        f"a bill of lading is not a receivable: expected DocumentError('parent'), got {error!r}"
    )


def test_split_receivable_parts_name_their_parent():
    _, at = registered(RECEIVABLE, PLATFORM, EXPORTER)
    _, parts = split_receivable(EXPORTER, at, RECEIVABLE, [750000, 500000], PLATFORM, PARAMS.name)
    for position, out in enumerate(parts.outputs, 1):
        metadata = dict(out.document.metadata)
        record = {
            "amount": int(metadata["amount"]),
            "parent": RECEIVABLE.digest.hex(),
            "part": position,
        }
        text = json.dumps(record, sort_keys=True, separators=(",", ":"))
        digest = hashlib.sha256(text.encode()).digest()
        assert out.document.digest == digest, f"part {position} is not the canonical record"
        assert metadata["parent"] == RECEIVABLE.digest.hex(), f"part {position}: parent"


def test_surrender_gives_the_bill_to_the_ports_surrender_address():
    chain, at = registered(BILL, CARRIER, IMPORTER)
    chain.submit(surrender(IMPORTER, at, BILL, "NLRTM", PARAMS.name))
    mine_block(chain, MINER.address)
    assert chain.documents(surrender_address("NLRTM")) == [BILL]
    assert chain.documents(IMPORTER.address) == []


def test_surrender_refuses_a_receivable():
    _, at = registered(RECEIVABLE, PLATFORM, EXPORTER)
    error = refusal(lambda: surrender(EXPORTER, at, RECEIVABLE, "NLRTM", PARAMS.name))
    assert isinstance(error, DocumentError), f"only a bill of lading is surrendered: {error!r}"


def test_holders_lists_the_endorsement_chain():
    chain, at = registered(BILL, CARRIER, EXPORTER)
    endorsed = chain.submit(transfer(EXPORTER, at, BILL, IMPORTER.address, PARAMS.name))
    mine_block(chain, MINER.address)
    assert holders(chain, BILL.digest) == [EXPORTER.address, IMPORTER.address]
    chain.submit(surrender(IMPORTER, OutPoint(endorsed.txid, 0), BILL, "NLRTM", PARAMS.name))
    mine_block(chain, MINER.address)
    expected = [EXPORTER.address, IMPORTER.address, surrender_address("NLRTM")]
    assert holders(chain, BILL.digest) == expected


def test_holders_counts_only_mined_blocks():
    chain, at = registered(BILL, CARRIER, EXPORTER)
    chain.submit(transfer(EXPORTER, at, BILL, IMPORTER.address, PARAMS.name))
    got = holders(chain, BILL.digest)
    assert got == [EXPORTER.address], f"the endorsement is not mined yet; got {got}"


def test_release_cargo_only_to_the_holder_who_surrendered_the_bill():
    chain, at = registered(BILL, CARRIER, IMPORTER)
    chain.submit(surrender(IMPORTER, at, BILL, "NLRTM", PARAMS.name))
    mine_block(chain, MINER.address)
    assert release_cargo(chain, BILL.digest, "NLRTM", IMPORTER.address) == BILL
    error = refusal(lambda: release_cargo(chain, BILL.digest, "NLRTM", EXPORTER.address))
    assert isinstance(error, DocumentError), f"expected a DocumentError, got {error!r}"
    assert error.field == "claimant", f"the error should name the field claimant: {error}"


def test_release_cargo_refuses_a_bill_not_surrendered_there():
    chain, at = registered(BILL, CARRIER, IMPORTER)
    error = refusal(lambda: release_cargo(chain, BILL.digest, "NLRTM", IMPORTER.address))
    assert isinstance(error, DocumentError) and error.field == "digest", (
        f"the bill is not surrendered yet: expected DocumentError('digest'), got {error!r}"
    )
    chain.submit(surrender(IMPORTER, at, BILL, "NLRTM", PARAMS.name))
    mine_block(chain, MINER.address)
    error = refusal(lambda: release_cargo(chain, BILL.digest, "CNSHA", IMPORTER.address))
    assert isinstance(error, DocumentError) and error.field == "digest", (
        f"the bill was surrendered at Rotterdam, not Shanghai: got {error!r}"
    )
