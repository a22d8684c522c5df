"""Keys, signatures and addresses on secp256k1, Bitcoin's elliptic curve.

* The curve and its parameters: SEC 2 (Standards for Efficient Cryptography,
  v2, 2010), section 2.4.1, ``y^2 = x^3 + 7`` over the prime field ``p``.
* Public key encoding ("SEC format"): SEC 1 v2, section 2.3.3; ``04 || x || y``
  uncompressed, ``02``/``03 || x`` compressed (the prefix tells y's parity).
* ECDSA signing and verifying: SEC 1 v2, section 4.1. The message is hashed
  with SHA-256 (FIPS 180-4); the nonce ``k`` comes from RFC 6979 (deterministic,
  so signing needs no random numbers and the same message and key always give
  the same signature).
* Low-S rule: for every valid ``(r, s)`` the twin ``(r, n - s)`` is valid too,
  so anyone could change a signature's bytes. BIP 62 and BIP 146 proposed
  allowing only ``s <= n/2``; neither became a Bitcoin consensus rule.
  libsecp256k1's ``secp256k1_ecdsa_verify`` refuses high-S, but Bitcoin Core's
  ``CPubKey::Verify`` normalises the signature first, so high-S stays valid in
  blocks; only relay policy (``SCRIPT_VERIFY_LOW_S`` among the standard flags)
  refuses to relay or mine it. minichain makes it a rule: it signs low-S only
  and refuses high-S when verifying.
* Signature encoding: strict DER as in BIP 66.

The elliptic-curve arithmetic itself is done by the ``ecdsa`` package (which
uses ``gmpy2`` when it is installed); this module decides what is valid.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from functools import cached_property, lru_cache
from random import Random
from typing import Any

from ecdsa import BadSignatureError, SECP256k1, SigningKey, VerifyingKey
from ecdsa.ellipticcurve import PointJacobi

from minichain.base58 import b58check_decode, b58check_encode
from minichain.encoding import (
    decode_der_signature,
    decode_sec,
    encode_der_signature,
    encode_sec,
)
from minichain.errors import (
    EncodingError,
    KeyValidationError,
    OutOfRangeError,
    WrongTypeError,
    describe_type,
    require_bytes,
    require_int,
    require_int_type,
)
from minichain.hashing import sha256

# int(): with gmpy2 installed, ecdsa hands out gmpy2 numbers; minichain uses plain ints.
P = int(SECP256k1.curve.p())
"""The field prime of secp256k1, ``2**256 - 2**32 - 977`` (SEC 2, 2.4.1)."""
N = int(SECP256k1.order)
"""The order of the generator point: the number of distinct private keys plus one."""
CURVE_B = 7
"""secp256k1 is ``y^2 = x^3 + 7`` (a = 0, b = 7)."""

ADDRESS_VERSION = 0x32
"""Version byte of minichain addresses; Base58Check then makes them start with ``M``."""
KEY_HASH_SIZE = 20


def _check_signature_scalar(value: Any, field: str) -> int:
    """``r`` and ``s`` must lie in [1, n-1] (SEC 1, 4.1.4 step 1)."""
    number = require_int_type(value, field)
    if not 1 <= number < N:
        raise OutOfRangeError(field, "must be between 1 and n-1 (the order of secp256k1)")
    return number


@dataclass(frozen=True)
class Signature:
    """An ECDSA signature ``(r, s)``.

    Attributes:
        r: x-coordinate (mod n) of the nonce point ``k*G``.
        s: ``k^-1 * (z + r * secret) mod n``, where ``z`` is the message hash.
    """

    r: int
    s: int

    def __post_init__(self) -> None:
        _check_signature_scalar(self.r, "r")
        _check_signature_scalar(self.s, "s")

    # --8<-- [start:low_s]
    @property
    def is_low_s(self) -> bool:
        """``True`` if ``s <= n/2``: the only form minichain (and libsecp256k1's verify) accepts."""
        return self.s <= N // 2

    def normalized(self) -> Signature:
        """Return the low-S twin of this signature (itself if it is low-S already)."""
        return self if self.is_low_s else Signature(self.r, N - self.s)

    # --8<-- [end:low_s]

    def der(self) -> bytes:
        """Encode as strict DER (BIP 66); see :func:`encode_der_signature`."""
        return encode_der_signature(self.r, self.s)

    @classmethod
    def parse_der(cls, raw: bytes) -> Signature:
        """Decode a strict-DER signature, refusing every malleable variant (BIP 66).

        Raises:
            WrongTypeError: ``raw`` is not bytes.
            EncodingError: the bytes break a DER rule; the message says which.
            OutOfRangeError: ``r`` or ``s`` is 0 or not below ``n``.
        """
        return cls(*decode_der_signature(raw))


def _sec_point_check(x: int, y: int) -> None:
    """A public key must satisfy ``y^2 = x^3 + 7 (mod p)`` (SEC 1, 3.2.2.1)."""
    for name, coordinate in (("x", x), ("y", y)):
        require_int(coordinate, name, 0, P - 1)
    if (y * y - x * x * x - CURVE_B) % P:
        raise KeyValidationError("public_key", "(x, y) is not a point on secp256k1")


@dataclass(frozen=True)
class PublicKey:
    """A point ``(x, y)`` on secp256k1: the public half of a key pair.

    Attributes:
        x: the x-coordinate, ``0 <= x < p``.
        y: the y-coordinate, ``0 <= y < p``.
    """

    x: int
    y: int

    def __post_init__(self) -> None:
        _sec_point_check(self.x, self.y)

    @classmethod
    def parse(cls, sec: bytes) -> PublicKey:
        """Decode a SEC 1 encoded key: 33 bytes compressed or 65 bytes uncompressed.

        See :func:`decode_sec`.

        Raises:
            WrongTypeError: ``sec`` is not bytes.
            EncodingError: the length or the prefix byte is wrong.
            KeyValidationError: the bytes do not describe a point on the curve.
        """
        return cls(*decode_sec(sec, p=P, a=0, b=CURVE_B, curve="secp256k1"))

    def sec(self, compressed: bool = True) -> bytes:
        """Encode this key in SEC 1 format (33 bytes compressed, 65 uncompressed)."""
        return encode_sec(self.x, self.y, compressed)

    @cached_property
    def _verifying_key(self) -> VerifyingKey:
        # Built from the point (not from bytes) so that it knows the curve order.
        point = PointJacobi(SECP256k1.curve, self.x, self.y, 1, N)
        return VerifyingKey.from_public_point(point, curve=SECP256k1, hashfunc=hashlib.sha256)

    def precompute(self) -> PublicKey:
        """Prepare tables that make later :meth:`verify` calls with this key about twice as fast.

        It costs about as much as three verifications, so it pays off for keys
        that sign again and again (a miner, an issuer). Returns ``self``.
        """
        self._verifying_key.precompute()
        return self

    # --8<-- [start:verify]
    def verify(self, message: bytes, signature: Signature) -> bool:
        """Return ``True`` if ``signature`` is this key's signature of ``message``.

        The message is hashed with SHA-256 first. A high-S signature is refused
        (returns ``False``) even where the curve arithmetic would accept it,
        as libsecp256k1 does (the form BIP 62 and BIP 146 proposed).

        Raises:
            WrongTypeError: ``message`` is not bytes or ``signature`` is not a Signature.
        """
        message = require_bytes(message, "message")
        if not isinstance(signature, Signature):
            raise WrongTypeError(
                "signature",
                "must be a Signature, got {signature_type}",
                signature_type=describe_type(signature),
            )
        if not signature.is_low_s:
            return False
        try:
            return bool(
                self._verifying_key.verify(
                    (signature.r, signature.s), message, sigdecode=lambda rs, order: rs
                )
            )
        except BadSignatureError:
            return False

    # --8<-- [end:verify]

    @cached_property
    def key_hash(self) -> bytes:
        """The first 20 bytes of ``sha256(compressed SEC key)``: what an address encodes."""
        return key_hash_of(self.sec(compressed=True))

    @cached_property
    def address(self) -> str:
        """A short, checksummed, printable name for this key.

        ``address = Base58Check(0x32 || sha256(compressed SEC key)[:20])``.
        Bitcoin's P2PKH address has the same shape but hashes with
        RIPEMD-160(SHA-256(key)) and uses version byte 0x00; minichain uses
        SHA-256 alone (RIPEMD-160 is missing from many OpenSSL builds) and its
        own version byte, so its addresses can never be mistaken for Bitcoin's.
        """
        return address_of(self.key_hash)


def key_hash_of(sec: bytes) -> bytes:
    """What an address encodes: the first 20 bytes of ``sha256(sec)``, ``sec`` a compressed key.

    Bitcoin's P2PKH hashes with ``RIPEMD-160(SHA-256(key))`` instead (see
    :attr:`PublicKey.address`).
    """
    return sha256(require_bytes(sec, "sec"))[:KEY_HASH_SIZE]


def address_of(key_hash: bytes, version: int = ADDRESS_VERSION) -> str:
    """The address of a 20-byte key hash: ``Base58Check(version || key_hash)``.

    ``version`` is 0x32 for secp256k1 keys; a chain of another crypto suite
    gives its own (see :mod:`minichain.suite`), so that an address tells which
    kind of key it belongs to.
    """
    return b58check_encode(
        bytes([require_int(version, "version", 0, 255)])
        + require_bytes(key_hash, "key_hash", KEY_HASH_SIZE)
    )


UNSPENDABLE_TAG = b"minichain/unspendable/"
"""Prefixed to the label of an :func:`unspendable_address` before it is hashed."""


# --8<-- [start:unspendable_address]
def unspendable_address(label: str) -> str:
    """An address no key controls: whatever is sent there can never be spent again.

    Its key hash is ``sha256(UNSPENDABLE_TAG || label)[:20]``, the hash of a
    label instead of a public key. To spend from it, someone would need a
    public key whose SHA-256 starts with those 20 bytes: a search through about
    2**160 keys, far beyond any computer. Anyone can recompute the address from
    the label and see that it was made this way, so nobody can have kept a key
    for it (Bitcoin's "burn" addresses rest on the same argument). The one
    string known to hash to it, the tag and the label, is no key either: it
    starts with ``m`` (0x6d), and a compressed SEC key with 0x02 or 0x03.

    Raises:
        WrongTypeError: ``label`` is not a ``str``.
        EncodingError: ``label`` is empty.
    """
    if not isinstance(label, str):
        raise WrongTypeError(
            "label", "must be a str, got {label_type}", label_type=describe_type(label)
        )
    if not label:
        raise EncodingError("label", "must not be empty")
    return address_of(sha256(UNSPENDABLE_TAG + label.encode())[:KEY_HASH_SIZE])
    # --8<-- [end:unspendable_address]


MAX_ADDRESS_LENGTH = 35
"""The longest Base58Check text 25 bytes (version, key hash, checksum) can give."""


def parse_address(address: str, version: int | None = ADDRESS_VERSION) -> bytes:
    """Check an address and return the 20-byte key hash it encodes.

    Args:
        address: the Base58Check text.
        version: the version byte it must carry; ``None`` accepts any (the
            caller then reads it with :func:`address_version`).

    Raises:
        WrongTypeError: ``address`` is not a ``str``.
        EncodingError: bad characters, a wrong checksum (typo), a wrong length
            or a version byte other than ``version``.
    """
    payload = _decode_address(address)
    if version is not None and payload[0] != version:
        raise EncodingError(
            "address",
            "version byte must be {version:#04x} (minichain), got {payload:#04x}",
            version=version,
            payload=payload[0],
        )
    return payload[1:]


def address_version(address: str) -> int:
    """The version byte of a well-formed address (0x32 for secp256k1 keys).

    Raises:
        WrongTypeError, EncodingError: as :func:`parse_address`.
    """
    return _decode_address(address)[0]


def _decode_address(address: str) -> bytes:
    if not isinstance(address, str):
        raise WrongTypeError(
            "address", "must be a str, got {address_type}", address_type=describe_type(address)
        )
    return _decode_address_text(address)


@lru_cache(maxsize=4096)
def _decode_address_text(address: str) -> bytes:
    """Version byte and key hash of ``address``; nodes decode the same few again and again."""
    try:
        payload = b58check_decode(address, MAX_ADDRESS_LENGTH)
    except EncodingError as error:
        raise EncodingError("address", error.rule) from None
    except WrongTypeError:
        raise WrongTypeError(
            "address", "must be a str, got {address_type}", address_type=describe_type(address)
        ) from None
    if len(payload) != 1 + KEY_HASH_SIZE:
        raise EncodingError(
            "address",
            "must hold {want} bytes after decoding, got {payload_size}",
            want=1 + KEY_HASH_SIZE,
            payload_size=len(payload),
        )
    return payload


class PrivateKey:
    """A secret number ``1 <= secret < n``; its public key is ``secret * G``.

    The secret never appears in ``repr()`` or ``str()``, so a key printed in a
    notebook or a log does not leak. Read ``.secret`` deliberately to see it.
    """

    __slots__ = ("secret", "_signing_key", "_public_key")

    def __init__(self, secret: int) -> None:
        require_int_type(secret, "secret")
        if not 1 <= secret < N:
            raise KeyValidationError(
                "secret", "must be between 1 and n-1, where n is the order of secp256k1"
            )
        self.secret = secret
        self._signing_key = SigningKey.from_secret_exponent(
            secret, curve=SECP256k1, hashfunc=hashlib.sha256
        )
        point = self._signing_key.get_verifying_key().pubkey.point
        self._public_key = PublicKey(int(point.x()), int(point.y()))

    @classmethod
    def generate(cls, rng: Random | None = None) -> PrivateKey:
        """Make a new key from the operating system's randomness.

        Args:
            rng: a seeded :class:`random.Random` for reproducible lessons and
                tests. Never pass one for keys that guard anything real.
        """
        if rng is None:
            return cls(secrets.randbelow(N - 1) + 1)
        if not isinstance(rng, Random):
            raise WrongTypeError(
                "rng", "must be a random.Random, got {rng_type}", rng_type=describe_type(rng)
            )
        return cls(rng.randrange(1, N))

    @classmethod
    def from_seed(cls, seed: str | bytes) -> PrivateKey:
        """Derive a key from a seed: ``secret = int(sha256(seed)) mod (n - 1) + 1``.

        The same seed always gives the same key, which keeps lessons and tests
        reproducible (``PrivateKey.from_seed("alice")``). Anyone who guesses the
        seed has the key, so this is for teaching only, like a "brain wallet".

        Raises:
            WrongTypeError: ``seed`` is neither ``str`` nor bytes.
        """
        if isinstance(seed, str):
            seed = seed.encode("utf-8")
        digest = sha256(require_bytes(seed, "seed"))
        return cls(int.from_bytes(digest, "big") % (N - 1) + 1)

    @property
    def public_key(self) -> PublicKey:
        """The matching public key, ``secret * G``."""
        return self._public_key

    @property
    def address(self) -> str:
        """The address of the public key (see :attr:`PublicKey.address`)."""
        return self._public_key.address

    # --8<-- [start:sign]
    def sign(self, message: bytes) -> Signature:
        """Sign ``sha256(message)`` with an RFC 6979 nonce; always returns low-S.

        Raises:
            WrongTypeError: ``message`` is not bytes.
        """
        message = require_bytes(message, "message")
        r, s = self._signing_key.sign_deterministic(
            message, hashfunc=hashlib.sha256, sigencode=lambda r, s, order: (r, s)
        )
        return Signature(int(r), int(s)).normalized()

    # --8<-- [end:sign]

    def __eq__(self, other: object) -> bool:
        return isinstance(other, PrivateKey) and secrets.compare_digest(
            self.secret.to_bytes(32, "big"), other.secret.to_bytes(32, "big")
        )

    def __hash__(self) -> int:
        return hash(self._public_key)

    def __repr__(self) -> str:
        return f"PrivateKey(address={self.address!r}, secret=<hidden>)"
