"""Crypto suites (minichain.suite): a chain of the national suite hashes with SM3, signs with SM2.

Ground truth comes from outside minichain where it exists: hashlib's SHA-256
and OpenSSL's SM3 for hashes, the OpenSSL command line for SM2 signatures made
on a chain. Bitcoin's suite stays the default, so real Bitcoin data still
verifies (tests/test_headers.py, tests/test_merkle.py).
"""

import hashlib
import sqlite3

import pytest

from minichain.chain import Blockchain
from minichain.course.carry import from_plain, to_plain
from minichain.course.wire import decode, encode
from minichain.errors import (
    BlockError,
    EncodingError,
    SignatureError,
    StoreError,
    SuiteError,
    TransactionError,
    WrongTypeError,
)
from minichain.gm import SM2PrivateKey, sm3
from minichain.header import BlockHeader
from minichain.keys import PrivateKey, address_version
from minichain.ledger import Block
from minichain.merkle import merkle_levels, merkle_proof, merkle_root, verify_proof
from minichain.miner import build_block, mine_block
from minichain.params import ChainParams
from minichain.pow import meets_target, mine, scan_nonces
from minichain.sigcache import SignatureChecker
from minichain.store import params_fingerprint
from minichain.suite import (
    BITCOIN,
    GM,
    GM_ADDRESS_VERSION,
    GMPrivateKey,
    GMPublicKey,
    key_hash_of_address,
    suite_named,
    suite_of,
)
from minichain.tx import Document, OutPoint, Transaction, TxIn, TxOut, sign
from minichain.wallet import issue_document, send_document, transfer
from tests.test_gm import OpenSSL, public_key_der, require_openssl_with_sm2

GM_PARAMS = ChainParams.regtest(name="gm-regtest", suite="gm")
ALICE, BOB = GMPrivateKey.from_seed("alice"), GMPrivateKey.from_seed("bob")
K1_ALICE = PrivateKey.from_seed("alice")


def sha256d(data: bytes) -> bytes:
    return hashlib.sha256(hashlib.sha256(data).digest()).digest()


def openssl_sm3(data: bytes) -> bytes:
    return hashlib.new("sm3", data).digest()


# --- the suites themselves -----------------------------------------------------------------


def test_each_suite_hashes_with_its_own_function():
    data = b"block header bytes"
    assert BITCOIN.hash(data) == sha256d(data)
    assert GM.hash(data) == openssl_sm3(data) == sm3(data)


def test_each_suite_digests_its_records_with_one_pass_of_its_hash():
    data = b"a contract call"
    assert GM.digest(data) == openssl_sm3(data)
    assert BITCOIN.digest(data) == hashlib.sha256(data).digest()


def test_key_hashes_and_addresses_follow_the_suite():
    sec = ALICE.public_key.sec(compressed=True)
    assert ALICE.public_key.key_hash == openssl_sm3(sec)[:20] == GM.key_hash(sec)
    assert ALICE.address.startswith("G") and K1_ALICE.address.startswith("M")
    assert address_version(ALICE.address) == GM_ADDRESS_VERSION
    assert GM.parse_address(ALICE.address) == ALICE.public_key.key_hash
    assert key_hash_of_address(ALICE.address) == ALICE.public_key.key_hash
    assert BITCOIN.key_hash(K1_ALICE.public_key.sec()) == K1_ALICE.public_key.key_hash


def test_an_address_of_one_suite_is_refused_by_the_other_by_name():
    with pytest.raises(SuiteError, match="is an address of the 'gm' suite"):
        BITCOIN.parse_address(ALICE.address)
    with pytest.raises(SuiteError, match="is an address of the 'bitcoin' suite"):
        GM.parse_address(K1_ALICE.address)


def test_the_suite_of_a_key_is_its_type():
    assert suite_of(ALICE) is GM and suite_of(ALICE.public_key) is GM
    assert suite_of(K1_ALICE) is BITCOIN and suite_of(K1_ALICE.public_key) is BITCOIN
    with pytest.raises(WrongTypeError, match="bare minichain.gm key"):
        suite_of(SM2PrivateKey.from_seed("alice"))
    with pytest.raises(WrongTypeError, match="must be a private or public key"):
        suite_of(b"alice")


def test_a_gm_key_is_the_sm2_key_of_the_same_secret():
    bare = SM2PrivateKey.from_seed("alice")
    assert ALICE.secret == bare.secret
    assert ALICE.public_key.sec() == bare.public_key.sec()
    assert isinstance(GMPublicKey.parse(bare.public_key.sec()), GMPublicKey)
    assert "secret=<hidden>" in repr(ALICE) and str(ALICE.secret) not in repr(ALICE)


def test_suites_sign_and_verify_and_refuse_the_other_suites_keys():
    digest = GM.hash(b"vote")
    signature = GM.sign(ALICE, digest)
    assert GM.verify(ALICE.public_key, digest, signature)
    assert not GM.verify(BOB.public_key, digest, signature)
    assert not GM.verify(ALICE.public_key, digest, b"\x30\x00")  # not DER: does not verify
    assert BITCOIN.verify(K1_ALICE.public_key, digest, BITCOIN.sign(K1_ALICE, digest))
    with pytest.raises(SuiteError, match="is a key of the 'bitcoin' suite"):
        GM.sign(K1_ALICE, digest)
    with pytest.raises(SuiteError, match="is a key of the 'gm' suite"):
        BITCOIN.verify(ALICE.public_key, digest, signature)


def test_suites_are_found_by_name_and_unknown_names_are_refused():
    assert suite_named("gm") is GM and suite_named(BITCOIN) is BITCOIN
    with pytest.raises(SuiteError, match="must be one of 'bitcoin', 'gm', got 'sm9'"):
        suite_named("sm9")
    with pytest.raises(WrongTypeError, match="suite: must be a suite name"):
        ChainParams.regtest(suite=3)


# --- headers, Merkle trees and mining ------------------------------------------------------


def test_a_gm_header_hashes_its_80_bytes_with_sm3():
    header = BlockHeader(1, bytes(32), bytes(range(32)), 1_700_000_000, 0x207FFFFF, 7, suite=GM)
    assert header.hash() == openssl_sm3(header.serialize())
    assert header.with_nonce(8).suite is GM
    parsed = BlockHeader.parse(header.serialize(), GM)
    assert parsed == header and parsed.hash() == header.hash()
    assert BlockHeader.parse(header.serialize()).hash() == sha256d(header.serialize())


def test_a_merkle_tree_of_the_gm_suite_makes_every_parent_with_sm3():
    leaves = [openssl_sm3(bytes([n])) for n in range(5)]
    levels = merkle_levels(leaves, node_hash=GM.node_hash)
    for below, above in zip(levels, levels[1:]):
        padded = below + below[-1:] if len(below) % 2 else below
        assert above == [openssl_sm3(padded[i] + padded[i + 1]) for i in range(0, len(padded), 2)]
    root = merkle_root(leaves, node_hash=GM.node_hash)
    assert root == levels[-1][0] != merkle_root(leaves)
    proof = merkle_proof(leaves, 4, node_hash=GM.node_hash)
    assert verify_proof(leaves[4], proof, root, node_hash=GM.node_hash)
    assert not verify_proof(leaves[4], proof, root)  # the same proof with sha256d fails


def test_the_sm3_nonce_scan_finds_the_first_nonce_that_meets_the_target():
    header = BlockHeader(1, bytes(32), bytes(32), 1_700_000_000, 0x1F0FFFFF, 0, suite=GM)
    target = (0x0FFFFF << (8 * (0x1F - 3))).to_bytes(32, "big")
    found = scan_nonces(header.serialize()[:76], target, 0, 100_000, "sm3")
    assert found is not None
    assert meets_target(header.with_nonce(found))
    assert not any(meets_target(header.with_nonce(nonce)) for nonce in range(found))


# --- a chain of the national suite ------------------------------------------------------------


def gm_chain() -> Blockchain:
    chain = Blockchain(GM_PARAMS)
    mine_block(chain, ALICE.address)
    return chain


def test_a_gm_chain_pays_and_every_hash_and_signature_is_the_national_suites():
    chain = gm_chain()
    payment = transfer(chain, ALICE, BOB.address, 20, fee=1)
    block = mine_block(chain, BOB.address)
    assert chain.balance(BOB.address) == 20 + 50 + 1
    assert block.hash == openssl_sm3(block.header.serialize())
    assert block.header.merkle_root == merkle_root(block.txids, node_hash=sm3)
    message = payment.signature_hash(GM_PARAMS.name, GM)
    assert message == openssl_sm3(
        b"minichain/tx-signature/v1" + bytes([len(b"gm-regtest")]) + b"gm-regtest"
        + payment.unsigned_bytes()
    )  # fmt: skip
    (tx_in,) = payment.inputs
    assert ALICE.public_key.verify(message, tx_in.signature)  # an SM2 signature


def test_a_gm_chain_refuses_secp256k1_keys_and_addresses_by_name():
    chain = gm_chain()
    with pytest.raises(SuiteError, match="private_key: is a key of the 'bitcoin' suite"):
        transfer(chain, K1_ALICE, BOB.address, 1)
    with pytest.raises(SuiteError, match="to_address: .* is an address of the 'bitcoin' suite"):
        transfer(chain, ALICE, K1_ALICE.address, 1)
    with pytest.raises(SuiteError, match="miner_address"):
        mine_block(chain, K1_ALICE.address)
    with pytest.raises(SuiteError):
        Blockchain(ChainParams.regtest()).balance(ALICE.address)


def test_an_ecdsa_signature_does_not_spend_on_a_gm_chain():
    chain = gm_chain()
    (coin, _), *_ = chain.utxo.owned_by(ALICE.public_key.key_hash).items()
    outputs = (TxOut.coin(BOB.address, 10),)
    ecdsa = sign(Transaction((TxIn(coin),), outputs), K1_ALICE, GM_PARAMS.name)
    assert ecdsa.suite is BITCOIN
    with pytest.raises(TransactionError, match="suite: is the 'bitcoin' suite"):
        chain.submit(ecdsa)
    # A transaction of the gm suite spending Alice's coin with a secp256k1 key: not her key.
    k1_sec = K1_ALICE.public_key.sec()
    unsigned = Transaction((TxIn(coin, k1_sec),), outputs, suite=GM)
    der = K1_ALICE.sign(unsigned.signature_hash(GM_PARAMS.name)).der()
    with pytest.raises(SignatureError, match="is not the key of G"):
        chain.submit(Transaction((TxIn(coin, k1_sec, der),), outputs, suite=GM))
    # Even with the owner's SM2 key in the input, an ECDSA signature does not verify.
    sec = ALICE.public_key.sec(compressed=True)
    unsigned = Transaction((TxIn(coin, sec),), outputs, suite=GM)
    der = K1_ALICE.sign(unsigned.signature_hash(GM_PARAMS.name)).der()
    with pytest.raises(SignatureError, match="does not verify for this transaction"):
        chain.submit(Transaction((TxIn(coin, sec, der),), outputs, suite=GM))


def test_gm_issuers_register_and_pass_on_documents():
    bureau = GMPrivateKey.from_seed("tax bureau")
    params = GM_PARAMS.with_issuers({"invoice": [bureau.address]})
    chain = Blockchain(params)
    mine_block(chain, ALICE.address)
    invoice = Document.of("invoice", b"invoice 0001", number="0001")
    issue_document(chain, bureau, ALICE.address, invoice)
    mine_block(chain, ALICE.address)
    send_document(chain, ALICE, invoice.digest, BOB.address)
    mine_block(chain, ALICE.address)
    assert chain.documents(BOB.address) == [invoice]
    with pytest.raises(SuiteError, match=r"issuers\[invoice\]"):
        ChainParams.regtest(suite="gm").with_issuers({"invoice": [K1_ALICE.address]})


def test_a_block_of_one_suite_is_refused_by_a_chain_of_the_other():
    block = build_block(Blockchain(GM_PARAMS), ALICE.address, [])
    bitcoin_chain = Blockchain(ChainParams.regtest(name="gm-regtest"))
    with pytest.raises(BlockError, match="header.suite: is the 'gm' suite"):
        bitcoin_chain.add_block(block)
    assert Block.parse(block.serialize(), GM).hash == block.hash
    assert Block.parse(block.serialize()).hash != block.hash


def test_a_signature_checker_of_one_suite_cannot_serve_a_chain_of_the_other():
    with pytest.raises(SuiteError, match="checker: checks signatures of the 'bitcoin' suite"):
        Blockchain(GM_PARAMS, checker=SignatureChecker())
    checker = SignatureChecker(suite=GM)
    digest = GM.hash(b"m")
    assert checker.verify(ALICE.public_key.sec(compressed=True), digest, ALICE.sign(digest))
    assert not checker.verify(b"\x02" + bytes(32), digest, ALICE.sign(digest))  # not a point
    assert not checker.verify(ALICE.public_key.sec(compressed=True), digest, b"\x30")


def test_the_gm_genesis_block_differs_from_bitcoins_for_the_same_rules():
    gm = Blockchain(GM_PARAMS).tip
    bitcoin = Blockchain(ChainParams.regtest(name="gm-regtest")).tip
    (gm_coinbase,), (bitcoin_coinbase,) = gm.transactions, bitcoin.transactions
    assert gm_coinbase.raw == bitcoin_coinbase.raw  # the same bytes
    assert gm_coinbase.txid == openssl_sm3(gm_coinbase.raw) == gm.header.merkle_root
    assert bitcoin_coinbase.txid == sha256d(bitcoin_coinbase.raw) == bitcoin.header.merkle_root
    assert gm.hash == openssl_sm3(gm.header.serialize()) != bitcoin.hash


def test_txids_on_a_gm_chain_are_sm3_hashes_and_parse_for_the_chains_suite():
    chain = gm_chain()
    payment = transfer(chain, ALICE, BOB.address, 4)
    assert payment.suite is GM and payment.txid == openssl_sm3(payment.raw)
    parsed = Transaction.parse(payment.raw, GM)
    assert parsed == payment and parsed.txid == payment.txid
    assert Transaction.parse(payment.raw).txid == sha256d(payment.raw)
    block = mine_block(chain, BOB.address)
    assert [tx.txid for tx in block.transactions][1] == payment.txid


def test_a_block_holding_a_transaction_of_another_suite_is_refused_by_name():
    chain = gm_chain()
    block = build_block(chain, ALICE.address, [])
    bitcoin_coinbase = Transaction.parse(block.transactions[0].raw)
    root = merkle_root([bitcoin_coinbase.txid], node_hash=sm3)
    header = BlockHeader(1, chain.tip.hash, root, block.header.timestamp, block.header.bits, 0, GM)
    mixed = Block(mine(header), (bitcoin_coinbase,))
    with pytest.raises(BlockError, match=r"transactions\[0\].suite: is the 'bitcoin' suite"):
        chain.add_block(mixed)


# --- chain files -------------------------------------------------------------------------------


def test_a_gm_chain_file_reopens_and_refuses_to_open_as_another_suite(tmp_path):
    path = tmp_path / "gm.chain"
    with Blockchain.open(path, GM_PARAMS) as chain:
        mine_block(chain, ALICE.address)
        transfer(chain, ALICE, BOB.address, 5)
        mine_block(chain, ALICE.address)
        tip = chain.tip.hash
    with Blockchain.open(path, GM_PARAMS) as again:
        assert again.tip.hash == tip and again.balance(BOB.address) == 5
    bitcoin_params = ChainParams.regtest(name="gm-regtest")
    with pytest.raises(StoreError, match="holds a chain of the 'gm' suite .* cannot be opened"):
        Blockchain.open(path, bitcoin_params)
    other = tmp_path / "bitcoin.chain"
    with Blockchain.open(other, bitcoin_params):
        pass
    with pytest.raises(StoreError, match="holds a chain of the 'bitcoin' suite"):
        Blockchain.open(other, GM_PARAMS)


def test_a_chain_file_from_before_suites_opens_as_bitcoins(tmp_path):
    path = tmp_path / "old.chain"
    params = ChainParams.regtest()
    with Blockchain.open(path, params) as chain:
        mine_block(chain, K1_ALICE.address)
    with sqlite3.connect(path) as db:
        db.execute("DELETE FROM meta WHERE key = 'suite'")
    db.close()
    with Blockchain.open(path, params) as again:
        assert again.height == 1
    with pytest.raises(StoreError, match="holds a chain of the 'bitcoin' suite"):
        Blockchain.open(path, ChainParams.regtest(suite="gm"))


def test_the_params_fingerprint_of_bitcoins_suite_is_unchanged_and_the_gm_suites_differs():
    params = ChainParams.regtest()
    assert params_fingerprint(params) == hashlib.sha256(repr(params).encode()).hexdigest()
    assert params_fingerprint(ChainParams.regtest(suite="gm")) != params_fingerprint(params)
    assert "suite" not in repr(params)


def test_bad_encodings_raise_named_errors():
    with pytest.raises(EncodingError, match="version byte must be one of"):
        TxOut.coin("1BoatSLRHtKNngkdXEeobR76b53LETtpyT", 1)
    with pytest.raises(EncodingError, match=r"address: version byte must be 0x26 \(gm suite\)"):
        GM.parse_address("1BoatSLRHtKNngkdXEeobR76b53LETtpyT")


# --- OpenSSL checks what a gm chain signs ------------------------------------------------------


def test_openssl_verifies_the_sm2_signature_of_a_gm_chain_transaction(tmp_path):
    require_openssl_with_sm2()
    openssl = OpenSSL(tmp_path)
    chain = gm_chain()
    payment = transfer(chain, ALICE, BOB.address, 3)
    message = payment.signature_hash(GM_PARAMS.name, GM)
    signature = payment.inputs[0].signature
    public = public_key_der(ALICE.public_key)
    assert openssl.verifies(public, message, signature, b"1234567812345678")
    assert not openssl.verifies(public, message[::-1], signature, b"1234567812345678")


def test_openssl_sm3_gives_the_hash_of_a_gm_block(tmp_path):
    require_openssl_with_sm2()
    openssl = OpenSSL(tmp_path)
    block = gm_chain().tip
    done = openssl.run("dgst", "-sm3", "-r", openssl.file(block.header.serialize()))
    assert done.stdout.decode().split()[0] == block.hash.hex()


def test_the_outpoint_of_a_gm_coinbase_is_spent_with_its_key():
    chain = gm_chain()
    reward = chain.tip.transactions[0]
    payment = sign(
        Transaction((TxIn(OutPoint(reward.txid, 0)),), (TxOut.coin(BOB.address, 50),)),
        ALICE,
        GM_PARAMS.name,
    )
    chain.submit(payment)
    mine_block(chain, ALICE.address)
    assert chain.balance(BOB.address) == 50


def test_a_gm_chain_and_its_keys_cross_the_sandbox_wall_as_plain_data():
    chain = gm_chain()
    values = (chain, ALICE, ALICE.public_key, ChainParams.regtest())
    back_chain, key, public, params = from_plain(decode(encode(to_plain(values, {}))), {})
    assert back_chain.params == GM_PARAMS and back_chain.params.suite is GM
    assert back_chain.tip.hash == chain.tip.hash
    assert isinstance(key, GMPrivateKey) and key == ALICE and public == ALICE.public_key
    assert params.suite is BITCOIN
