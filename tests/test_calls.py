"""Contract calls as signed transactions: encoding, digest, caller, replay, the gm suite."""

from dataclasses import replace

import pytest

from minichain.calls import CALL_KIND, Call, call, read_call
from minichain.contract import ContractConsortium
from minichain.errors import (
    CallEncodingError,
    ContractValueError,
    DocumentError,
    TransactionError,
    WrongTypeError,
)
from minichain.sigcache import SignatureChecker
from minichain.suite import GM, GMPrivateKey
from minichain.tx import Document, issue
from tests.contract_fixtures import (
    ADMIN,
    ALICE,
    GM_ALICE,
    GM_PARAMS,
    KEYS,
    STRANGER,
    consortium,
    final,
    openssl_sm3,
)
from tests.test_gm import OpenSSL, public_key_der, require_openssl_with_sm2

# --- calls ---------------------------------------------------------------------------


def test_call_round_trips_through_its_signed_transaction():
    tx = call(ALICE, "consortium", "counter", "add", nonce=7, amount=5)
    request, caller = read_call(tx)
    assert request == Call("counter", "add", (("amount", 5),), 7)
    assert caller == ALICE.address
    assert tx.outputs[0].document.kind == CALL_KIND


def test_call_arguments_must_be_plain_data():
    with pytest.raises(ContractValueError, match=r"args.amount: must be None, bool, int, str"):
        call(ALICE, "consortium", "counter", "add", nonce=0, amount=1.5)


def test_call_argument_must_fit_in_the_call_document():
    with pytest.raises(CallEncodingError, match="args.note: its JSON must fit in 64 bytes"):
        call(ALICE, "consortium", "counter", "add", nonce=0, note="x" * 70)


def test_call_argument_names_contract_and_method_are_reserved():
    with pytest.raises(CallEncodingError, match="args.method: is reserved"):
        Call("counter", "add", (("method", 1),))


def test_call_digest_binds_the_caller_and_the_call():
    tx = call(ALICE, "consortium", "counter", "add", nonce=0, amount=5)
    document = tx.outputs[0].document
    forged = Document(CALL_KIND, bytes(32), document.metadata)
    other = issue(ALICE, [(ALICE.address, forged)], "consortium", memo=tx.memo)
    with pytest.raises(CallEncodingError, match="document.digest: does not match"):
        read_call(other)


def test_caller_is_the_signer_not_the_owner_the_output_names():
    tx = call(ALICE, "consortium", "counter", "add", nonce=0, amount=5)
    posing = issue(ALICE, [(ADMIN.address, tx.outputs[0].document)], "consortium", memo=tx.memo)
    with pytest.raises(CallEncodingError, match="outputs\\[0\\].owner: a call document belongs"):
        read_call(posing)


@pytest.mark.parametrize(
    ("labels", "rule"),
    [
        ({"contract": "counter", "method": "add", "amount": "1.5"}, "args.amount: must be None"),
        ({"contract": "counter", "method": "add", "amount": "{ }"}, "written canonically"),
        ({"contract": "counter", "method": "add", "amount": "[1"}, "args.amount: is not JSON"),
        ({"method": "add"}, "metadata: must name the contract and the method"),
    ],
)
def test_malformed_call_fails_in_its_block_without_stopping_the_chain(labels, rule):
    chain = consortium()
    forged = Document(CALL_KIND, bytes(32), tuple(labels.items()))
    tx = chain.submit(issue(ALICE, [(ALICE.address, forged)], chain.chain_id, memo=bytes(8)))
    receipt = final(chain, tx)
    assert (
        not receipt.ok and receipt.error.startswith("CallEncodingError") and rule in receipt.error
    )
    assert chain.final_height == 2


def test_transaction_without_a_call_document_is_no_call():
    invoice = Document.of("invoice", b"an invoice")
    assert read_call(issue(ADMIN, [(ALICE.address, invoice)], "consortium")) is None


def test_only_enrolled_callers_may_sign_a_call():
    chain = ContractConsortium(KEYS, clients=[ALICE.address])
    with pytest.raises(DocumentError, match="not an authorised issuer of 'call'"):
        chain.submit(call(STRANGER, chain.chain_id, "counter", "add", nonce=0, amount=1))


def test_a_final_call_cannot_be_replayed():
    chain = consortium()
    tx = chain.call(ALICE, "counter", "add", amount=2)
    assert final(chain, tx).ok
    with pytest.raises(TransactionError, match="already in the chain"):
        chain.submit(tx)  # the same transaction again (BIP 30)
    same_call = issue(ALICE, [(ADMIN.address, tx.outputs[0].document)], chain.chain_id, tx.memo)
    with pytest.raises(DocumentError, match="already registered"):
        chain.submit(same_call)  # another transaction, the same call and nonce
    assert chain.query("counter", "total") == 2


def test_call_refuses_a_caller_that_is_not_a_key():
    with pytest.raises(WrongTypeError, match="caller: must be a private key, got str"):
        call("alice", "consortium", "counter", "add", nonce=0)


def test_a_call_on_a_gm_chain_is_signed_with_sm2_and_hashed_with_sm3(tmp_path):
    require_openssl_with_sm2()
    tx = call(GM_ALICE, GM_PARAMS.name, "counter", "add", nonce=7, amount=3)
    assert tx.suite is GM and tx.txid == openssl_sm3(tx.raw)
    message = tx.signature_hash(GM_PARAMS.name, GM)
    public = public_key_der(GM_ALICE.public_key)
    assert OpenSSL(tmp_path).verifies(public, message, tx.issuer_signature, b"1234567812345678")
    request, caller = read_call(tx)
    assert caller == GM_ALICE.address and caller.startswith("G")
    sec = GM_ALICE.public_key.sec(compressed=True)
    body = b'["counter","add",[["amount",3]]]'
    spelled = b"minichain/contract-call/v1" + bytes([len(sec)]) + sec + (7).to_bytes(8, "little")
    assert tx.outputs[0].document.digest == openssl_sm3(spelled + body) == request.digest(sec, GM)


def test_a_call_signed_by_openssl_with_sm2_is_read_as_its_signers(tmp_path):
    require_openssl_with_sm2()
    openssl = OpenSSL(tmp_path)
    key_file, private_der, _ = openssl.generate_key()
    signer = GMPrivateKey(int.from_bytes(private_der[7:39], "big"))
    unsigned = call(signer, GM_PARAMS.name, "counter", "add", nonce=0, amount=1)
    message = unsigned.signature_hash(GM_PARAMS.name, GM)
    signature = openssl.sign(key_file, message, b"1234567812345678")
    tx = replace(unsigned, issuer_signature=signature)
    assert read_call(tx)[1] == signer.address
    checker = SignatureChecker(suite=GM)
    assert checker.verify(tx.issuer_key, message, tx.issuer_signature)
