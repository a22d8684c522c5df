"""The signature checker: two backends with one answer, and caches that skip repeated work."""

from __future__ import annotations

from dataclasses import replace

import pytest

from minichain.chain import Blockchain
from minichain.errors import OutOfRangeError, SignatureError
from minichain.hashing import sha256
from minichain.keys import CURVE_B, N, P, PrivateKey, Signature
from minichain.miner import mine_block
from minichain.params import ChainParams
from minichain.sigcache import (
    NOT_VERIFIED,
    SignatureChecker,
    best_backend,
    coincurve_available,
)
from minichain.tx import OutPoint, Transaction, TxIn, TxOut, sign
from minichain.wallet import transfer

COINCURVE_MISSING = "libsecp256k1 bindings missing: pip install -e '.[fast]'"
KEYS = [PrivateKey.from_seed(f"verify {n}") for n in range(12)]
MESSAGES = [b"", b"pay bob 10", bytes(range(256)) * 4]
MESSAGE = MESSAGES[1]
KEY = KEYS[0]
SEC = KEY.public_key.sec()
SIGNATURE = KEY.sign(MESSAGE)
DER = SIGNATURE.der()


def minimal(value: int) -> bytes:
    """``value`` as a DER INTEGER body: big-endian, shortest, 0x00 first if the top bit is set."""
    encoded = value.to_bytes((value.bit_length() + 7) // 8, "big")
    return b"\x00" + encoded if encoded[0] & 0x80 else encoded


def der(r: bytes, s: bytes, tag: int = 0x30, integer_tag: int = 0x02) -> bytes:
    """A DER signature from raw INTEGER bodies, well formed or not."""
    body = bytes([integer_tag, len(r)]) + r + bytes([integer_tag, len(s)]) + s
    return bytes([tag, len(body)]) + body


def signature_where(condition) -> tuple[bytes, Signature]:
    """A message and KEY's signature of it whose ``r`` meets ``condition``."""
    for n in range(1000):
        message = f"message {n}".encode()
        signature = KEY.sign(message)
        if condition(signature.r):
            return message, signature
    raise AssertionError("no such signature in 1000 tries")  # pragma: no cover


def x_off_the_curve() -> int:
    """The smallest x for which x^3 + 7 has no square root mod p (no point has that x)."""
    x = 1
    while pow(x**3 + CURVE_B, (P - 1) // 2, P) == 1:
        x += 1
    return x


SHORT_R_MESSAGE, SHORT_R = signature_where(lambda r: r.bit_length() % 8 != 0)  # top bit clear
LONG_R_MESSAGE, LONG_R = signature_where(lambda r: r.bit_length() % 8 == 0)  # needs a 0x00 pad
POINT = KEY.public_key
UNCOMPRESSED = POINT.sec(compressed=False)
HYBRID = bytes([0x06 + POINT.y % 2]) + UNCOMPRESSED[1:]  # libsecp256k1 would parse it

# (name, sec, message, der, expected): the rule each case checks is in its name.
CASES = [
    *[
        (
            f"valid signature by key {n} of message {m}",
            k.public_key.sec(),
            msg,
            k.sign(msg).der(),
            True,
        )
        for n, k in enumerate(KEYS)
        for m, msg in enumerate(MESSAGES)
    ],
    ("valid signature, uncompressed key", UNCOMPRESSED, MESSAGE, DER, True),
    (
        "high-S twin of a valid signature",
        SEC,
        MESSAGE,
        Signature(SIGNATURE.r, N - SIGNATURE.s).der(),
        False,
    ),
    ("signature of another message", SEC, MESSAGE + b"!", DER, False),
    ("signature by another key", KEYS[1].public_key.sec(), MESSAGE, DER, False),
    ("r and s swapped", SEC, MESSAGE, der(minimal(SIGNATURE.s), minimal(SIGNATURE.r)), False),
    (
        "33-byte key whose x is on no point",
        b"\x02" + x_off_the_curve().to_bytes(32, "big"),
        MESSAGE,
        DER,
        False,
    ),
    ("33-byte key with x not below p", b"\x02" + P.to_bytes(32, "big"), MESSAGE, DER, False),
    ("33-byte key with prefix 0x04", b"\x04" + SEC[1:], MESSAGE, DER, False),
    ("33-byte key with prefix 0x05", b"\x05" + SEC[1:], MESSAGE, DER, False),
    ("hybrid 65-byte key (prefix 0x06/0x07)", HYBRID, MESSAGE, DER, False),
    ("32-byte key", SEC[1:], MESSAGE, DER, False),
    ("empty key", b"", MESSAGE, DER, False),
    ("sequence tag 0x31", SEC, MESSAGE, b"\x31" + DER[1:], False),
    ("sequence length one too long", SEC, MESSAGE, DER[:1] + bytes([DER[1] + 1]) + DER[2:], False),
    ("byte after s", SEC, MESSAGE, bytes([0x30, DER[1] + 1]) + DER[2:] + b"\x01", False),
    ("byte after the sequence", SEC, MESSAGE, DER + b"\x00", False),
    (
        "integer tag 0x03",
        SEC,
        MESSAGE,
        der(minimal(SIGNATURE.r), minimal(SIGNATURE.s), integer_tag=3),
        False,
    ),
    ("empty r", SEC, MESSAGE, der(b"", minimal(SIGNATURE.s)), False),
    (
        "r with an unneeded 0x00 pad",
        SEC,
        SHORT_R_MESSAGE,
        der(b"\x00" + minimal(SHORT_R.r), minimal(SHORT_R.s)),
        False,
    ),
    (
        "r negative (top bit set, no pad)",
        SEC,
        LONG_R_MESSAGE,
        der(minimal(LONG_R.r)[1:], minimal(LONG_R.s)),
        False,
    ),
    ("truncated by one byte", SEC, MESSAGE, DER[:-1], False),
    ("truncated to 8 bytes", SEC, MESSAGE, DER[:8], False),
    ("truncated to 7 bytes", SEC, MESSAGE, DER[:7], False),
    ("empty signature", SEC, MESSAGE, b"", False),
    # Strict DER, but r or s outside [1, n-1]: invalid, not an error.
    ("r = 0", SEC, MESSAGE, der(b"\x00", minimal(SIGNATURE.s)), False),
    ("s = 0", SEC, MESSAGE, der(minimal(SIGNATURE.r), b"\x00"), False),
    ("r = n", SEC, MESSAGE, der(minimal(N), minimal(SIGNATURE.s)), False),
    ("s = n + 1", SEC, MESSAGE, der(minimal(SIGNATURE.r), minimal(N + 1)), False),
]


def case_ids(cases):
    return [case[0] for case in cases]


@pytest.fixture(params=["ecdsa", "coincurve"])
def backend(request):
    if request.param == "coincurve":
        pytest.importorskip("coincurve", reason=COINCURVE_MISSING)
    return request.param


# --- one answer whatever the backend --------------------------------------------------


@pytest.mark.parametrize(
    ("name", "sec", "message", "der_bytes", "expected"), CASES, ids=case_ids(CASES)
)
def test_each_backend_gives_the_rule_s_answer(backend, name, sec, message, der_bytes, expected):
    assert SignatureChecker(backend).verify(sec, message, der_bytes) is expected


@pytest.mark.parametrize(
    ("name", "sec", "message", "der_bytes", "expected"), CASES, ids=case_ids(CASES)
)
def test_backends_agree(name, sec, message, der_bytes, expected):
    pytest.importorskip("coincurve", reason=COINCURVE_MISSING)
    ecdsa_answer = SignatureChecker("ecdsa").verify(sec, message, der_bytes)
    coincurve_answer = SignatureChecker("coincurve").verify(sec, message, der_bytes)
    assert ecdsa_answer == coincurve_answer == expected


def test_backends_agree_on_high_s_signature():
    pytest.importorskip("coincurve", reason=COINCURVE_MISSING)
    high_s = Signature(SIGNATURE.r, N - SIGNATURE.s)
    assert not high_s.is_low_s
    answers = {
        b: SignatureChecker(b).verify(SEC, MESSAGE, high_s.der()) for b in ("ecdsa", "coincurve")
    }
    assert answers == {"ecdsa": False, "coincurve": False}


def test_libsecp256k1_itself_accepts_a_low_s_signature_and_refuses_its_high_s_twin():
    coincurve = pytest.importorskip("coincurve", reason=COINCURVE_MISSING)
    key = coincurve.PublicKey(SEC)
    high_s = Signature(SIGNATURE.r, N - SIGNATURE.s).der()
    assert key.verify(DER, sha256(MESSAGE), hasher=None)
    assert not key.verify(high_s, sha256(MESSAGE), hasher=None)


# --- choosing a backend -----------------------------------------------------------------


@pytest.mark.parametrize("name", ["openssl", "", "ECDSA", "secp256k1"])
def test_unknown_backend_is_refused_naming_backend(name):
    with pytest.raises(OutOfRangeError) as caught:
        SignatureChecker(name)
    assert caught.value.field == "backend"
    assert "ecdsa" in caught.value.rule


def test_auto_backend_is_the_fastest_installed():
    expected = "coincurve" if coincurve_available() else "ecdsa"
    assert best_backend() == expected
    assert SignatureChecker("auto").backend == expected


# --- the key cache ----------------------------------------------------------------------


def test_key_cache_parses_a_key_once(backend):
    checker = SignatureChecker(backend)
    assert checker.key(SEC) is checker.key(SEC)


def test_key_cache_is_bounded_by_max_keys(backend):
    checker = SignatureChecker(backend, max_keys=3)
    secs = [key.public_key.sec() for key in KEYS[:5]]
    parsed = [checker.key(sec) for sec in secs]
    assert len(checker._keys) == 3
    assert all(checker.key(secs[n]) is parsed[n] for n in (4, 3, 2))  # the last three stay
    assert checker.key(secs[0]) is not parsed[0]  # forgotten, parsed again
    assert len(checker._keys) == 3


def test_key_cache_forgets_the_least_recently_used_key_first(backend):
    checker = SignatureChecker(backend, max_keys=2)
    a, b, c = (key.public_key.sec() for key in KEYS[:3])
    parsed_a, parsed_b = checker.key(a), checker.key(b)
    checker.key(a)  # a is now the most recently used
    checker.key(c)  # so b goes
    assert checker.key(a) is parsed_a
    assert checker.key(b) is not parsed_b


def test_verify_fills_the_key_cache_without_exceeding_it(backend):
    checker = SignatureChecker(backend, max_keys=4)
    for key in KEYS:
        assert checker.verify(key.public_key.sec(), MESSAGE, key.sign(MESSAGE).der())
    assert len(checker._keys) == 4


def test_invalid_key_is_not_cached(backend):
    checker = SignatureChecker(backend)
    assert not checker.verify(b"\x05" + SEC[1:], MESSAGE, DER)
    assert len(checker._keys) == 0


# --- refusals name the rule that failed ---------------------------------------------------


def test_refusal_of_a_valid_signature_is_none(backend):
    assert SignatureChecker(backend).refusal(SEC, MESSAGE, DER) is None


def test_refusal_of_a_high_s_signature_names_the_low_s_rule(backend):
    high_s = Signature(SIGNATURE.r, N - SIGNATURE.s).der()
    refusal = SignatureChecker(backend).refusal(SEC, MESSAGE, high_s)
    assert refusal.startswith("is high-S (s above n/2)")
    assert "BIP 146" in refusal


@pytest.mark.parametrize(
    ("name", "der_bytes", "detail"),
    [
        ("r padded with 0x00", der(b"\x00" + minimal(SHORT_R.r), minimal(SHORT_R.s)), "r"),
        ("sequence tag 0x31", b"\x31" + DER[1:], "0x30 (SEQUENCE)"),
        ("integer tag 0x03", der(minimal(SIGNATURE.r), minimal(SIGNATURE.s), integer_tag=3), "r"),
    ],
)
def test_refusal_of_a_malformed_signature_names_strict_der(backend, name, der_bytes, detail):
    refusal = SignatureChecker(backend).refusal(SEC, SHORT_R_MESSAGE, der_bytes)
    assert refusal.startswith("is not strict DER (BIP 66): ")
    assert detail in refusal


def test_refusal_of_an_out_of_range_s_names_the_range(backend):
    refusal = SignatureChecker(backend).refusal(SEC, MESSAGE, der(minimal(SIGNATURE.r), b"\x00"))
    assert refusal.startswith("is out of range: s")


def test_refusal_of_a_signature_of_another_message_is_the_equation(backend):
    assert SignatureChecker(backend).refusal(SEC, MESSAGE + b"!", DER) == NOT_VERIFIED


# --- the verified-txid cache -------------------------------------------------------------


def test_verified_txid_cache_remembers_marked_txids():
    checker = SignatureChecker("ecdsa")
    txid = bytes(range(32))
    assert not checker.is_verified(txid, "classroom")
    checker.mark_verified(txid, "classroom")
    assert checker.is_verified(txid, "classroom")


def test_verified_txid_cache_is_keyed_by_chain_id_as_the_signatures_are():
    checker = SignatureChecker("ecdsa")
    txid = bytes(range(32))
    checker.mark_verified(txid, "classroom")
    assert not checker.is_verified(txid, "regtest")
    assert not checker.is_verified(txid, "classroom2")


def test_verified_txid_cache_is_bounded_by_max_verified():
    checker = SignatureChecker("ecdsa", max_verified=3)
    txids = [bytes([n]) * 32 for n in range(5)]
    for txid in txids:
        checker.mark_verified(txid, "regtest")
    expected = [False, False, True, True, True]
    assert [checker.is_verified(txid, "regtest") for txid in txids] == expected


PARAMS = ChainParams.regtest()
ALICE, BOB = KEYS[0], KEYS[1]


@pytest.fixture
def funded_chain():
    """A regtest chain where ALICE owns two mature 50-coin rewards."""
    chain = Blockchain(PARAMS, backend="ecdsa")
    mine_block(chain, ALICE.address)
    mine_block(chain, ALICE.address)
    return chain


def test_a_transaction_accepted_into_the_mempool_is_marked_verified(funded_chain):
    tx = transfer(funded_chain, ALICE, BOB.address, 10)
    assert funded_chain.checker.is_verified(tx.txid, PARAMS.name)


def test_a_block_does_not_verify_again_what_the_mempool_verified(funded_chain, monkeypatch):
    tx = transfer(funded_chain, ALICE, BOB.address, 10)
    calls = []
    monkeypatch.setattr(funded_chain.checker, "refusal", lambda *args: calls.append(args))
    block = mine_block(funded_chain, ALICE.address)
    assert tx in block.transactions
    assert funded_chain.tip is block
    assert calls == []


def test_a_block_of_unseen_transactions_verifies_and_marks_them(funded_chain):
    other_node = Blockchain(PARAMS, backend="ecdsa")
    for block in funded_chain:
        other_node.add_block(block)
    coin = OutPoint(funded_chain.block_at(1).transactions[0].txid, 0)
    tx = sign(Transaction((TxIn(coin),), (TxOut.coin(BOB.address, 50),)), ALICE, PARAMS.name)
    block = mine_block(other_node, ALICE.address, transactions=[tx])
    assert not funded_chain.checker.is_verified(tx.txid, PARAMS.name)
    funded_chain.add_block(block)
    assert funded_chain.tip is block
    assert funded_chain.checker.is_verified(tx.txid, PARAMS.name)


@pytest.fixture
def twin_chains():
    """Two chains that differ only in their id, holding the same blocks, sharing one checker."""
    checker = SignatureChecker("ecdsa")
    classroom = Blockchain(PARAMS, checker=checker)
    other = Blockchain(replace(PARAMS, name="regtest-b"), checker=checker)
    for _ in range(2):
        other.add_block(mine_block(classroom, ALICE.address))
    assert other.tip.hash == classroom.tip.hash
    return classroom, other


def test_a_shared_checker_does_not_let_submit_replay_a_payment_on_another_chain(twin_chains):
    classroom, other = twin_chains
    tx = transfer(classroom, ALICE, BOB.address, 10)
    assert classroom.checker.is_verified(tx.txid, PARAMS.name)
    with pytest.raises(SignatureError) as error:
        other.submit(tx)
    assert error.value.field == "inputs[0].signature"
    assert len(other.mempool) == 0


def test_a_shared_checker_does_not_let_add_block_replay_a_payment_on_another_chain(twin_chains):
    classroom, other = twin_chains
    tx = transfer(classroom, ALICE, BOB.address, 10)
    block = mine_block(classroom, ALICE.address)
    assert tx in block.transactions
    tip = other.tip
    with pytest.raises(SignatureError) as error:
        other.add_block(block)
    assert error.value.field == "inputs[0].signature"
    assert other.tip is tip


def test_a_transaction_whose_signature_fails_is_not_marked(funded_chain):
    coin = OutPoint(funded_chain.block_at(1).transactions[0].txid, 0)
    unsigned = Transaction((TxIn(coin),), (TxOut.coin(BOB.address, 50),))
    for_another_chain = sign(unsigned, ALICE, "classroom")
    with pytest.raises(SignatureError):
        funded_chain.submit(for_another_chain)
    assert not funded_chain.checker.is_verified(for_another_chain.txid, PARAMS.name)
    assert len(funded_chain.mempool) == 0


def test_a_transaction_with_an_out_of_range_signature_is_refused_as_a_bad_signature(
    funded_chain,
):
    coin = OutPoint(funded_chain.block_at(1).transactions[0].txid, 0)
    valid = sign(Transaction((TxIn(coin),), (TxOut.coin(BOB.address, 50),)), ALICE, PARAMS.name)
    r_zero = der(b"\x00", b"\x01")
    forged = Transaction((TxIn(coin, valid.inputs[0].public_key, r_zero),), valid.outputs)
    with pytest.raises(SignatureError):
        funded_chain.submit(forged)
    assert len(funded_chain.mempool) == 0
