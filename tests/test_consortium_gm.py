"""Lesson 8's consortium on China's national algorithms: SM2 signatures, SM3 hashes.

The 27 Yangtze River Delta cities register SM2 keys and run the chain with
``ChainParams.regtest(..., suite="gm")``, as a government consortium on
FISCO BCOS's 国密 build would: every transaction, proposal and vote is an SM2
signature (GB/T 32918.2-2016) over an SM3 digest (GB/T 32905-2016), every
block hash and Merkle parent an SM3 hash. The hashes are checked against
OpenSSL's SM3 (through hashlib), not against minichain's own.
"""

import hashlib

import pytest

from minichain.chain import Added
from minichain.consensus import (
    CommitCertificate,
    ValidatorSet,
    Vote,
    seeded_keys,
    vote_digest,
)
from minichain.consortium import YANGTZE_RIVER_DELTA_CITIES, Consortium, PermissionedChain
from minichain.errors import MessageSignatureError, SuiteError, ValidatorSetError
from minichain.keys import PrivateKey
from minichain.merkle import merkle_levels
from minichain.params import ChainParams
from minichain.suite import GM, GMPrivateKey, GMPublicKey
from minichain.tx import Document, OutPoint, Transaction, TxIn, TxOut, issue
from minichain.tx import sign as sign_tx

CITIES = YANGTZE_RIVER_DELTA_CITIES
KEYS = seeded_keys(CITIES, GM)
BUREAU = GMPrivateKey.from_seed("Shanghai Municipal Tax Service")
PARAMS = ChainParams.regtest(name="yrd-gm", suite="gm").with_issuers({"invoice": [BUREAU.address]})
VALIDATORS = ValidatorSet.from_keys(KEYS)


def sm3(data: bytes) -> bytes:
    return hashlib.new("sm3", data).digest()


def sm3_root(txids: list[bytes]) -> bytes:
    level = txids
    while len(level) > 1:
        if len(level) % 2:
            level = level + level[-1:]
        level = [sm3(level[i] + level[i + 1]) for i in range(0, len(level), 2)]
    return level[0]


@pytest.fixture(scope="module")
def delta():
    """Three heights on the gm suite: a plain one, an e-invoice and a payment, a double signer."""
    members = Consortium(KEYS, PARAMS)
    members.run_height()  # Nanjing proposes height 1 and is paid its reward
    reward = members.nodes["Shanghai"].tip.transactions[0]
    invoice = Document.of("invoice", b"e-invoice 31000001", number="31000001")
    members.submit(issue(BUREAU, [(KEYS["Hefei"].address, invoice)], PARAMS.name))
    payment = sign_tx(
        _payment(reward.txid, KEYS["Hangzhou"].address, 30, KEYS["Nanjing"].address, 20),
        KEYS["Nanjing"],
        PARAMS.name,
    )
    members.submit(payment)
    members.run_height(silent=["Wuxi"])  # Wuxi's turn passes: a view change, Changzhou proposes
    members.run_height(equivocators=["Suzhou"])
    return members, invoice, payment


def _payment(txid, to, amount, change_to, change):
    outputs = (TxOut.coin(to, amount), TxOut.coin(change_to, change))
    return Transaction((TxIn(OutPoint(txid, 0)),), outputs)


def test_every_city_holds_the_same_three_final_blocks(delta):
    members, _, _ = delta
    assert members.final_height == 3
    tips = {node.tip.hash for node in members.nodes.values()}
    assert len(tips) == 1
    assert all(node.chain.params.suite is GM for node in members.nodes.values())


def test_every_block_hash_txid_and_merkle_root_is_sm3(delta):
    members, _, _ = delta
    chain = members.nodes["Hefei"].chain
    for entry in chain.main:
        block = chain.blocks[entry.hash]
        assert block.hash == sm3(block.header.serialize())
        assert all(tx.txid == sm3(tx.raw) for tx in block.transactions)
        assert block.header.merkle_root == sm3_root(block.txids)
        assert block.header.prev_hash == (
            chain.main[entry.height - 1].hash if entry.height else bytes(32)
        )
    two = chain.blocks[chain.main[2].hash]
    assert len(two.transactions) == 3
    assert merkle_levels(two.txids, node_hash=GM.node_hash)[-1] == [two.header.merkle_root]


def test_the_invoice_and_the_payment_are_final_on_every_member(delta):
    members, invoice, _ = delta
    for node in members.nodes.values():
        assert node.chain.documents(KEYS["Hefei"].address) == [invoice]
        assert node.chain.balance(KEYS["Hangzhou"].address) == 30
    addresses = [KEYS[name].address for name in ("Hefei", "Hangzhou")]
    assert all(address.startswith("G") for address in addresses)


def test_transactions_are_sm2_signatures_over_sm3_digests(delta):
    _, _, payment = delta
    message = payment.signature_hash(PARAMS.name, GM)
    assert message == sm3(
        b"minichain/tx-signature/v1" + bytes([len(PARAMS.name)]) + PARAMS.name.encode()
        + payment.unsigned_bytes()
    )  # fmt: skip
    key = GMPublicKey.parse(payment.inputs[0].public_key)
    assert key == KEYS["Nanjing"].public_key
    assert key.verify(message, payment.inputs[0].signature)


def test_the_commit_certificates_are_sm2_votes_any_member_can_check(delta):
    members, _, _ = delta
    node = members.nodes["Anqing"]
    for height, certificate in node.certificates.items():
        certificate.verify(VALIDATORS, PARAMS.name)
        for vote in certificate.votes:
            digest = vote_digest(PARAMS.name, height, vote.block_hash, GM)
            assert digest == sm3(
                b"minichain/vote/v1" + len(PARAMS.name).to_bytes(2, "little")
                + PARAMS.name.encode() + height.to_bytes(8, "little") + vote.block_hash
            )  # fmt: skip
            assert KEYS[vote.validator].public_key.verify(digest, vote.signature)


def test_a_view_change_and_a_double_signer_work_as_on_secp256k1(delta):
    members, _, _ = delta
    kinds = [event.kind for event in members.trace]
    assert "view change" in kinds
    (evidence, *_) = members.evidence
    assert evidence.validator == "Suzhou"
    evidence.verify(VALIDATORS, PARAMS.name)


def test_an_observer_catches_up_with_the_gm_certificates(delta):
    members, _, _ = delta
    source = members.nodes["Wenzhou"]
    observer = PermissionedChain(PARAMS, VALIDATORS)
    for height in (1, 2, 3):
        block = source.chain.blocks[source.chain.main[height].hash]
        assert observer.receive_certificate(source.certificates[height], block) is Added.EXTENDED
    assert observer.tip.hash == source.tip.hash


def test_an_ecdsa_vote_in_a_citys_name_does_not_count(delta):
    members, _, _ = delta
    final = members.nodes["Shanghai"].certificates[1]
    forged = Vote.signed(PrivateKey.from_seed("Wuhu"), "Wuhu", PARAMS.name, 1, final.block_hash)
    others = tuple(vote for vote in final.votes if vote.validator != "Wuhu")[:18]
    with pytest.raises(MessageSignatureError, match="does not verify with Wuhu's registered key"):
        CommitCertificate(1, final.block_hash, (*others, forged)).verify(VALIDATORS, PARAMS.name)


def test_one_consortium_signs_with_one_suite():
    mixed = {"Shanghai": KEYS["Shanghai"], "Nanjing": PrivateKey.from_seed("Nanjing")}
    with pytest.raises(ValidatorSetError, match="a consortium signs with one suite"):
        ValidatorSet.from_keys(mixed)
    bitcoin_keys = seeded_keys(CITIES[:4])
    with pytest.raises(SuiteError, match="validators: sign with the 'bitcoin' suite"):
        PermissionedChain(PARAMS, ValidatorSet.from_keys(bitcoin_keys), bitcoin_keys["Shanghai"])
    with pytest.raises(SuiteError, match="key: is a key of the 'bitcoin' suite"):
        PermissionedChain(PARAMS, VALIDATORS, PrivateKey.from_seed("Shanghai"))


def test_seeded_consortium_takes_the_suite_of_its_params():
    members = Consortium.seeded(CITIES[:4], ChainParams.regtest(name="small-gm", suite="gm"))
    assert members.validators.suite is GM
    members.run_height()
    assert members.final_height == 1
