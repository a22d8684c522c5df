"""SM3 hashes and SM2 signatures: China's national algorithms (国密, "guomi"), a second suite.

Chinese consortium chains (FISCO BCOS's 国密 build, BSN's national-crypto
frameworks) hash with SM3 and sign with SM2 where Bitcoin uses SHA-256 and
ECDSA on secp256k1. The pieces, and where each is specified:

* **SM3**, a 256-bit hash: GB/T 32905-2016 (first published by OSCCA as
  GM/T 0004-2012). Same shape as SHA-256 (Merkle-Damgard, 512-bit blocks,
  the same padding), different compression function. :func:`sm3` uses
  OpenSSL's implementation through :mod:`hashlib` where it has one;
  :class:`SM3Hash` is a plain-Python version written from the standard.
* **The curve sm2p256v1**: GB/T 32918.5-2017, ``y^2 = x^3 - 3x + b`` over a
  256-bit prime field, with its own ``p``, ``b``, generator and order ``n``.
* **SM2 signatures**: GB/T 32918.2-2016 (GM/T 0003.2-2012), section 6
  (signing) and 7 (verifying). Unlike ECDSA, the signer's identity is hashed
  in: ``Z_A = SM3(ENTL || ID || a || b || xG || yG || xA || yA)`` and
  ``e = SM3(Z_A || M)``; then ``r = (e + x1) mod n`` with ``(x1, y1) = kG`` and
  ``s = (1 + d)^-1 * (k - r*d) mod n``. ``ID`` defaults to ``1234567812345678``
  (GM/T 0009-2012), as in OpenSSL, GmSSL and FISCO BCOS.
* **Encodings**: public keys as SEC 1 points (``04 || x || y``), signatures as
  DER ``SEQUENCE { r, s }`` (GB/T 35276-2017), the same as ECDSA's; both codecs
  are :mod:`minichain.encoding`'s, shared with :mod:`minichain.keys`.

As in :mod:`minichain.keys`, the elliptic-curve arithmetic is done by the
``ecdsa`` package (its ``CurveFp`` and ``PointJacobi`` work on any short
Weierstrass curve, and use ``gmpy2`` when installed); this module decides
what is valid.
"""

from __future__ import annotations

import hashlib
import secrets
import struct
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from random import Random
from typing import Any, Protocol, TypeVar

from ecdsa.ellipticcurve import CurveFp, PointJacobi
from ecdsa.rfc6979 import generate_k

from minichain.encoding import decode_der_signature, decode_sec, encode_der_signature, encode_sec
from minichain.errors import (
    EncodingError,
    KeyValidationError,
    ValidationError,
    WrongTypeError,
    describe_type,
    require_bytes,
    require_int,
    require_int_type,
)

# --- SM3 (GB/T 32905-2016) ---------------------------------------------------------------


class HashObject(Protocol):
    """What :func:`new_sm3` returns: the part of :mod:`hashlib`'s interface HMAC needs."""

    @property
    def digest_size(self) -> int:
        """The digest's length in bytes (32 for SM3)."""

    @property
    def block_size(self) -> int:
        """The compression function's block length in bytes (64 for SM3)."""

    def update(self, data: bytes, /) -> None:
        """Feed more bytes to the hash."""

    def digest(self) -> bytes:
        """The digest of everything fed so far."""

    def copy(self) -> HashObject:
        """An independent copy of the current state."""


def _openssl_has_sm3() -> bool:
    try:
        hashlib.new("sm3")
    except ValueError:
        return False
    return True


OPENSSL_SM3 = _openssl_has_sm3()
"""``True`` when :mod:`hashlib` (OpenSSL 1.1.1 or newer, built with SM3) provides ``"sm3"``."""

_IV = (
    0x7380166F,
    0x4914B2B9,
    0x172442D7,
    0xDA8A0600,
    0xA96F30BC,
    0x163138AA,
    0xE38DEE4D,
    0xB0FB0E4E,
)
_MASK = 0xFFFFFFFF


def _rotl(x: int, n: int) -> int:
    n %= 32
    return ((x << n) | (x >> (32 - n))) & _MASK


def _p0(x: int) -> int:
    return x ^ _rotl(x, 9) ^ _rotl(x, 17)


def _p1(x: int) -> int:
    return x ^ _rotl(x, 15) ^ _rotl(x, 23)


# T_j <<< j, precomputed (GB/T 32905-2016, 4.2 and 5.3.3).
_T_ROTATED = tuple(_rotl(0x79CC4519 if j < 16 else 0x7A879D8A, j) for j in range(64))


def _compress(v: tuple[int, ...], block: bytes) -> tuple[int, ...]:
    """The compression function CF(V, B) of GB/T 32905-2016, 5.3.2 and 5.3.3."""
    w = list(struct.unpack(">16I", block))
    for j in range(16, 68):  # message expansion, 5.3.2
        w.append(_p1(w[j - 16] ^ w[j - 9] ^ _rotl(w[j - 3], 15)) ^ _rotl(w[j - 13], 7) ^ w[j - 6])
    a, b, c, d, e, f, g, h = v
    for j in range(64):
        a12 = _rotl(a, 12)
        ss1 = _rotl((a12 + e + _T_ROTATED[j]) & _MASK, 7)
        ss2 = ss1 ^ a12
        if j < 16:
            ff, gg = a ^ b ^ c, e ^ f ^ g
        else:
            ff, gg = (a & b) | (a & c) | (b & c), (e & f) | (~e & g)
        tt1 = (ff + d + ss2 + (w[j] ^ w[j + 4])) & _MASK
        tt2 = (gg + h + ss1 + w[j]) & _MASK
        a, b, c, d = tt1, a, _rotl(b, 9), c
        e, f, g, h = _p0(tt2), e, _rotl(f, 19), g
    return tuple(x ^ y for x, y in zip(v, (a, b, c, d, e, f, g, h)))


class SM3Hash:
    """SM3 in plain Python, written from GB/T 32905-2016, with :mod:`hashlib`'s interface.

    About a thousand times slower than OpenSSL's; :func:`sm3` uses it only where
    OpenSSL has no SM3. Read it to see the algorithm: padding as in SHA-256
    (5.2), message expansion to 68 + 64 words and 64 rounds per block (5.3).
    """

    name = "sm3"
    digest_size = 32
    block_size = 64

    def __init__(self, data: bytes = b"") -> None:
        self._state: tuple[int, ...] = _IV
        self._buffer = b""
        self._length = 0
        self.update(data)

    def update(self, data: bytes, /) -> None:
        """Feed more bytes to the hash."""
        data = require_bytes(data, "data")
        self._length += len(data)
        buffer = self._buffer + data
        whole = len(buffer) - len(buffer) % 64
        for start in range(0, whole, 64):
            self._state = _compress(self._state, buffer[start : start + 64])
        self._buffer = buffer[whole:]

    def digest(self) -> bytes:
        """The 32-byte digest of everything fed so far (the state is not changed)."""
        # Padding (5.2): a 1 bit, zeros up to 448 mod 512 bits, the length in bits as 64 bits.
        tail = self._buffer + b"\x80" + bytes((55 - len(self._buffer)) % 64)
        tail += struct.pack(">Q", self._length * 8)
        state = self._state
        for start in range(0, len(tail), 64):
            state = _compress(state, tail[start : start + 64])
        return struct.pack(">8I", *state)

    def hexdigest(self) -> str:
        """The digest as 64 hexadecimal digits."""
        return self.digest().hex()

    def copy(self) -> SM3Hash:
        """An independent copy of the current state."""
        twin = SM3Hash()
        twin._state, twin._buffer, twin._length = self._state, self._buffer, self._length
        return twin


def new_sm3(data: bytes = b"") -> HashObject:
    """A new SM3 hash object: OpenSSL's through :mod:`hashlib` if it has one, else :class:`SM3Hash`.

    Raises:
        WrongTypeError: ``data`` is not bytes.
    """
    data = require_bytes(data, "data")
    if OPENSSL_SM3:
        return hashlib.new("sm3", data)
    return SM3Hash(data)


# --8<-- [start:sm3]
def sm3(data: bytes) -> bytes:
    """Return the 32-byte SM3 digest of ``data`` (GB/T 32905-2016).

    Raises:
        WrongTypeError: ``data`` is not bytes (text must be encoded first).
    """
    return new_sm3(data).digest()
    # --8<-- [end:sm3]


# --- The curve (GB/T 32918.5-2017) ------------------------------------------------------


@dataclass(frozen=True)
class SM2Curve:
    """A 256-bit curve ``y^2 = x^3 + ax + b (mod p)`` with a generator ``G`` of prime order ``n``.

    SM2 (GB/T 32918.1-2016) is defined over any such curve; GB/T 32918.5-2017
    fixes the one everybody uses, :data:`SM2P256V1`. Other curves are here only
    to check the worked examples the standard's drafts computed on their own
    example curve.

    Attributes:
        name: how error messages name the curve.
        p: the field prime.
        a: the coefficient of ``x``.
        b: the constant term.
        gx: the generator's x-coordinate.
        gy: the generator's y-coordinate.
        n: the generator's order (the cofactor is 1).
    """

    name: str
    p: int
    a: int
    b: int
    gx: int
    gy: int
    n: int

    def __post_init__(self) -> None:
        for attribute in ("p", "a", "b", "gx", "gy", "n"):
            require_int_type(getattr(self, attribute), attribute)
        if self.p.bit_length() != 256 or self.p % 4 != 3:
            raise ValidationError("p", "must be a 256-bit prime with p % 4 == 3")
        if not self.contains(self.gx, self.gy):
            raise KeyValidationError(
                "generator", "(gx, gy) is not a point on {name}", name=self.name
            )

    def contains(self, x: int, y: int) -> bool:
        """``True`` if ``(x, y)`` lies on the curve: ``y^2 = x^3 + ax + b (mod p)``."""
        return (
            0 <= x < self.p
            and 0 <= y < self.p
            and not (y * y - x**3 - self.a * x - self.b) % self.p
        )

    @cached_property
    def _curve(self) -> CurveFp:
        return CurveFp(self.p, self.a, self.b, 1)

    @cached_property
    def generator(self) -> PointJacobi:
        """``G`` as an ``ecdsa`` point; it precomputes its multiples on first use."""
        return PointJacobi(self._curve, self.gx, self.gy, 1, self.n, generator=True)

    def point(self, x: int, y: int, *, precompute: bool = False) -> PointJacobi:
        """The point ``(x, y)`` as an ``ecdsa`` point (checked by the caller).

        ``precompute=True`` gives it multiplication tables, as ``G`` has: they
        cost about as much as a few hundred additions, once, and then halve
        the time of every multiplication by it.
        """
        point = PointJacobi(self._curve, x, y, 1, self.n, generator=precompute)
        if precompute:
            point * 2  # builds the tables now (the product is not kept), as ecdsa's own keys do
        return point

    def element_bytes(self, value: int) -> bytes:
        """A field element as 32 big-endian bytes (GB/T 32918.1, 4.2, element to byte string)."""
        return value.to_bytes(32, "big")


SM2P256V1 = SM2Curve(
    name="sm2p256v1",
    p=0xFFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFFFFFFFFFF,
    a=0xFFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF00000000FFFFFFFFFFFFFFFC,
    b=0x28E9FA9E9D9F5E344D5A9E4BCF6509A7F39789F515AB8F92DDBCBD414D940E93,
    gx=0x32C4AE2C1F1981195F9904466A39C9948FE30BBFF2660BE1715A4589334C74C7,
    gy=0xBC3736A2F4F6779C59BDCEE36B692153D0A9877CC62A474002DF32E52139F0A0,
    n=0xFFFFFFFEFFFFFFFFFFFFFFFFFFFFFFFF7203DF6B21C6052B53BBF40939D54123,
)
"""The SM2 curve of GB/T 32918.5-2017 (``a = p - 3``); OpenSSL calls it ``SM2``."""

DEFAULT_UID = b"1234567812345678"
"""The signer's distinguishing identifier when none is agreed (GM/T 0009-2012, GB/T 35276-2017)."""

MAX_UID_BYTES = 8191
"""``ENTL`` holds the identifier's length in *bits* in two bytes: at most 65,535 bits."""


def _check_uid(value: Any) -> bytes:
    uid = require_bytes(value, "uid")
    if len(uid) > MAX_UID_BYTES:
        raise EncodingError(
            "uid",
            "must be at most {max_uid_bytes} bytes (ENTL is its length in bits in 2 bytes), got "
            "{uid_size}",
            max_uid_bytes=MAX_UID_BYTES,
            uid_size=len(uid),
        )
    return uid


# --- Public keys and verifying (GB/T 32918.2-2016, 5.5 and 7) --------------------------------

_Public = TypeVar("_Public", bound="SM2PublicKey")
_Private = TypeVar("_Private", bound="SM2PrivateKey")


@dataclass(frozen=True)
class SM2PublicKey:
    """A point ``(x, y)`` on the SM2 curve: the public half of an SM2 key pair.

    Attributes:
        x: the x-coordinate, ``0 <= x < p``.
        y: the y-coordinate, ``0 <= y < p``.
        curve: the curve, :data:`SM2P256V1` unless a worked example needs another.
    """

    x: int
    y: int
    curve: SM2Curve = field(default=SM2P256V1, repr=False)

    def __post_init__(self) -> None:
        # GB/T 32918.1-2016, 6.2: coordinates in the field, on the curve (n*P = O: cofactor 1).
        require_int(self.x, "x", 0, self.curve.p - 1)
        require_int(self.y, "y", 0, self.curve.p - 1)
        if not self.curve.contains(self.x, self.y):
            raise KeyValidationError(
                "public_key", "(x, y) is not a point on {name}", name=self.curve.name
            )

    @classmethod
    def parse(cls: type[_Public], sec: bytes, curve: SM2Curve = SM2P256V1) -> _Public:
        """Decode a SEC 1 point: 65 bytes ``04 || x || y`` or 33 bytes ``02``/``03 || x``.

        Raises:
            WrongTypeError: ``sec`` is not bytes.
            EncodingError: the length or the prefix byte is wrong.
            KeyValidationError: the bytes do not describe a point on the curve.
        """
        x, y = decode_sec(sec, p=curve.p, a=curve.a, b=curve.b, curve=curve.name)
        return cls(x, y, curve)

    def sec(self, compressed: bool = False) -> bytes:
        """Encode in SEC 1 format; uncompressed ``04 || x || y`` (65 bytes) by default.

        Uncompressed is the default because that is how OpenSSL, GmSSL and
        FISCO BCOS write SM2 keys. GB/T 32918.1 also defines a hybrid form
        (``06``/``07``), which nobody uses; :meth:`parse` refuses it.
        """
        return encode_sec(self.x, self.y, compressed)

    # --8<-- [start:identity_hash]
    def identity_hash(self, uid: bytes = DEFAULT_UID) -> bytes:
        """``Z_A = SM3(ENTL || ID || a || b || xG || yG || xA || yA)`` (GB/T 32918.2, 5.5).

        It binds a signature to the curve, the signer's identifier and the
        signer's public key: a signature made for one identifier does not
        verify under another.

        Raises:
            WrongTypeError: ``uid`` is not bytes.
            EncodingError: ``uid`` is longer than 8191 bytes.
        """
        uid = _check_uid(uid)
        c = self.curve
        fields = (c.a, c.b, c.gx, c.gy, self.x, self.y)
        entl = (len(uid) * 8).to_bytes(2, "big")
        return sm3(entl + uid + b"".join(c.element_bytes(value) for value in fields))

    def message_hash(self, message: bytes, uid: bytes = DEFAULT_UID) -> int:
        """``e = SM3(Z_A || M)`` as an integer: what SM2 signs (GB/T 32918.2, 6.1 A1-A2).

        Raises:
            WrongTypeError: ``message`` or ``uid`` is not bytes.
            EncodingError: ``uid`` is longer than 8191 bytes.
        """
        message = require_bytes(message, "message")
        return int.from_bytes(sm3(self.identity_hash(uid) + message), "big")

    # --8<-- [end:identity_hash]

    @cached_property
    def _point(self) -> PointJacobi:
        return self.curve.point(self.x, self.y)

    def precompute(self) -> SM2PublicKey:
        """Prepare tables that make later :meth:`verify` calls with this key about twice as fast.

        As :meth:`minichain.keys.PublicKey.precompute`: worth it for keys that
        sign again and again (a consortium member, an issuer). Returns ``self``.
        """
        self.__dict__["_point"] = self.curve.point(self.x, self.y, precompute=True)
        return self

    # --8<-- [start:verify]
    def verify(self, message: bytes, signature: bytes, *, uid: bytes = DEFAULT_UID) -> bool:
        """Return ``True`` if the DER ``signature`` is this key's SM2 signature of ``message``.

        GB/T 32918.2-2016, section 7.1: ``r`` and ``s`` must lie in [1, n-1]
        and ``t = (r + s) mod n`` must not be 0; then ``(x1, y1) = sG + tP`` and
        the signature is valid if ``(e + x1) mod n == r``. A well-formed
        signature that breaks any of these returns ``False``; bytes that are
        not strict DER raise, as :meth:`minichain.keys.Signature.parse_der` does.

        Raises:
            WrongTypeError: ``message``, ``signature`` or ``uid`` is not bytes.
            EncodingError: ``signature`` is not strict DER (see
                :func:`minichain.encoding.decode_der_signature`), or ``uid`` is too long.
        """
        r, s = decode_der_signature(signature)
        e = self.message_hash(message, uid)
        n = self.curve.n
        if not (1 <= r < n and 1 <= s < n):
            return False
        t = (r + s) % n
        if t == 0:
            return False
        x1 = self.curve.generator.mul_add(s, self._point, t).x()
        return x1 is not None and (e + int(x1)) % n == r

    # --8<-- [end:verify]


# --- Private keys and signing (GB/T 32918.2-2016, 6) -------------------------------------


class SM2PrivateKey:
    """A secret number ``1 <= d <= n-2``; its public key is ``d * G``.

    The range stops at ``n - 2`` because signing divides by ``1 + d``
    (GB/T 32918.1-2016, 6.1). The secret never appears in ``repr()``.
    """

    __slots__ = ("secret", "curve", "_inverse", "_public_key")

    def __init__(self, secret: int, curve: SM2Curve = SM2P256V1) -> None:
        require_int_type(secret, "secret")
        if not 1 <= secret <= curve.n - 2:
            raise KeyValidationError(
                "secret",
                "must be between 1 and n-2, where n is the order of {name} (GB/T 32918.1, 6.1: "
                "1 + d must be invertible mod n)",
                name=curve.name,
            )
        self.secret = secret
        self.curve = curve
        self._inverse = pow(1 + secret, -1, curve.n)
        point = curve.generator * secret
        self._public_key = SM2PublicKey(int(point.x()), int(point.y()), curve)

    @classmethod
    def generate(cls: type[_Private], rng: Random | None = None) -> _Private:
        """Make a new key on :data:`SM2P256V1` from the operating system's randomness.

        Args:
            rng: a seeded :class:`random.Random` for reproducible lessons and
                tests. Never pass one for keys that guard anything real.
        """
        n = SM2P256V1.n
        if rng is None:
            return cls(secrets.randbelow(n - 2) + 1)
        if not isinstance(rng, Random):
            raise WrongTypeError(
                "rng", "must be a random.Random, got {rng_type}", rng_type=describe_type(rng)
            )
        return cls(rng.randrange(1, n - 1))

    @classmethod
    def from_seed(cls: type[_Private], seed: str | bytes) -> _Private:
        """Derive a key from a seed: ``d = int(sm3(seed)) mod (n - 2) + 1``.

        The same seed always gives the same key (``SM2PrivateKey.from_seed("alice")``),
        for lessons and tests only: anyone who guesses the seed has the key.

        Raises:
            WrongTypeError: ``seed`` is neither ``str`` nor bytes.
        """
        if isinstance(seed, str):
            seed = seed.encode("utf-8")
        digest = sm3(require_bytes(seed, "seed"))
        return cls(int.from_bytes(digest, "big") % (SM2P256V1.n - 2) + 1)

    @property
    def public_key(self) -> SM2PublicKey:
        """The matching public key, ``d * G``."""
        return self._public_key

    # --8<-- [start:sign]
    def sign(
        self,
        message: bytes,
        *,
        uid: bytes = DEFAULT_UID,
        k: int | None = None,
        rng: Random | None = None,
    ) -> bytes:
        """Sign ``message`` for identifier ``uid``; return the DER ``SEQUENCE { r, s }``.

        GB/T 32918.2-2016, section 6.1: ``e = SM3(Z_A || M)``, ``(x1, y1) = kG``,
        ``r = (e + x1) mod n`` and ``s = (1 + d)^-1 * (k - r*d) mod n``, with a
        fresh ``k`` whenever ``r = 0``, ``r + k = n`` or ``s = 0``.

        The standard draws ``k`` at random. By default minichain derives it
        instead as RFC 6979 (section 3.2) does for ECDSA, with HMAC-SM3, the
        secret and ``e``: the same key, identifier and message always give the
        same signature, and no random number generator can leak the key. This
        derivation is minichain's choice, not part of GB/T 32918; verifiers
        cannot tell the difference.

        Args:
            message: the bytes to sign.
            uid: the signer's distinguishing identifier (``ID_A``).
            k: a nonce to use as it is, only to reproduce published examples:
                signing two messages with one ``k`` reveals the secret.
            rng: draw ``k`` from this :class:`random.Random` instead (tests).

        Raises:
            WrongTypeError: ``message`` or ``uid`` is not bytes, ``k`` not an int,
                or ``rng`` not a :class:`random.Random`.
            EncodingError: ``uid`` is longer than 8191 bytes.
            OutOfRangeError: ``k`` is not in [1, n-1].
            ValidationError: both ``k`` and ``rng`` are given, or the given ``k``
                gives ``r = 0``, ``r + k = n`` or ``s = 0``.
        """
        e = self._public_key.message_hash(message, uid)
        n = self.curve.n
        for k_candidate in self._nonces(e, k, rng):
            x1 = int((self.curve.generator * k_candidate).x())
            r = (e + x1) % n
            if r == 0 or r + k_candidate == n:
                continue
            s = self._inverse * (k_candidate - r * self.secret) % n
            if s != 0:
                return encode_der_signature(r, s)
        raise ValidationError(
            "k", "gives r = 0, r + k = n or s = 0 (GB/T 32918.2, 6.1): pick another"
        )

    # --8<-- [end:sign]

    def _nonces(self, e: int, k: int | None, rng: Random | None) -> Iterator[int]:
        """The nonces to try in turn: the given ``k`` alone, or an endless supply."""
        n = self.curve.n
        if k is not None and rng is not None:
            raise ValidationError("k", "give k or rng, not both")
        if k is not None:
            yield require_int(k, "k", 1, n - 1)
            return
        if rng is not None:
            if not isinstance(rng, Random):
                raise WrongTypeError(
                    "rng", "must be a random.Random, got {rng_type}", rng_type=describe_type(rng)
                )
            while True:
                yield rng.randrange(1, n)
        digest = e.to_bytes(32, "big")
        retry = 0
        while True:
            yield int(generate_k(n, self.secret, new_sm3, digest, retry_gen=retry))
            retry += 1

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, SM2PrivateKey)
            and other.curve == self.curve
            and secrets.compare_digest(
                self.secret.to_bytes(32, "big"), other.secret.to_bytes(32, "big")
            )
        )

    def __hash__(self) -> int:
        return hash(self._public_key)

    def __repr__(self) -> str:
        return f"SM2PrivateKey(public_key={self._public_key.sec().hex()[:18]}..., secret=<hidden>)"
