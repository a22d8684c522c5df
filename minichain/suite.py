"""Crypto suites: which hash, curve and signature scheme a chain is built on.

Every place a chain hashes or signs goes through its suite, chosen by the
chain's params (:attr:`minichain.params.ChainParams.suite`):

| what                       | ``bitcoin`` suite              | ``gm`` suite (国密)                |
| -------------------------- | ------------------------------ | ---------------------------------- |
| block hash, txid, Merkle   | ``sha256d`` (FIPS 180-4)       | SM3 (GB/T 32905-2016, GM/T 0004)   |
| digest a signer signs      | ``sha256d(tag, chain, data)``  | ``SM3(tag, chain, data)``          |
| signatures                 | ECDSA, secp256k1 (SEC 1, 2)    | SM2 (GB/T 32918.2-2016, GM/T 0003) |
| key hash in an address     | ``SHA-256(key)[:20]``          | ``SM3(key)[:20]``                  |
| address version byte       | 0x32 (addresses start ``M``)   | 0x26 (addresses start ``G``)       |

The ``gm`` suite is what Chinese consortium chains run: OSCCA's commercial
cryptography standards, GM/T 0002-2012 (SM4, the block cipher, which a chain
does not need for what it hashes and signs), GM/T 0003-2012 (SM2) and GM/T
0004-2012 (SM3), later national standards GB/T 32918 and GB/T 32905. FISCO
BCOS's 国密 build swaps exactly these pieces (SM3 for hashes, SM2 for
signatures, and SM4 for its disk and network encryption, outside consensus).
The Cryptography Law of the People's Republic of China (in force since
1 January 2020) is why government systems use them.

Both suites carry public keys in transactions as 33-byte compressed SEC 1
points and signatures as strict DER ``SEQUENCE { r, s }``, so the transaction
format is the same; the suite is not among a block's or a transaction's
bytes, it is the chain's. One thing stays as it is in every suite: a
registered document's digest is ``SHA-256`` of the file, because that digest
is the document's fingerprint outside the chain, computed by whoever holds
the file.

Keys of the ``gm`` suite are :class:`GMPrivateKey` and :class:`GMPublicKey`:
SM2 keys from :mod:`minichain.gm` that also know their key hash and
address, as :class:`minichain.keys.PrivateKey` does, so wallets and
consortium nodes use either kind the same way.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from random import Random
from typing import Any, cast

from minichain.errors import (
    EncodingError,
    SuiteError,
    ValidationError,
    WrongTypeError,
    describe_type,
)
from minichain.gm import SM2PrivateKey, SM2PublicKey, sm3
from minichain.hashing import sha256, sha256d
from minichain.keys import (
    ADDRESS_VERSION,
    KEY_HASH_SIZE,
    PrivateKey,
    PublicKey,
    Signature,
    address_of,
    address_version,
    key_hash_of,
    parse_address,
)

GM_ADDRESS_VERSION = 0x26
"""Version byte of addresses of SM2 keys; Base58Check makes them start with ``G``."""


# --- SM2 keys that know their address --------------------------------------------------


class GMPublicKey(SM2PublicKey):
    """An SM2 public key with the key hash and address of the ``gm`` suite."""

    @cached_property
    def key_hash(self) -> bytes:
        """``SM3(compressed SEC key)[:20]``: what a ``gm`` address encodes."""
        return GM.key_hash(self.sec(compressed=True))

    @cached_property
    def address(self) -> str:
        """``Base58Check(0x26 || SM3(compressed SEC key)[:20])``, starting with ``G``."""
        return GM.address_of(self.key_hash)


class GMPrivateKey(SM2PrivateKey):
    """An SM2 private key (:class:`minichain.gm.SM2PrivateKey`) with a :class:`GMPublicKey`."""

    __slots__ = ()

    def __init__(self, secret: int) -> None:
        super().__init__(secret)
        public = self._public_key
        self._public_key = GMPublicKey(public.x, public.y)

    @property
    def public_key(self) -> GMPublicKey:
        """The matching public key, ``d * G``, with its address."""
        return cast(GMPublicKey, self._public_key)  # set in __init__

    @property
    def address(self) -> str:
        """The address of the public key (see :attr:`GMPublicKey.address`)."""
        return self.public_key.address

    def __repr__(self) -> str:
        return f"GMPrivateKey(address={self.address!r}, secret=<hidden>)"


AnyPrivateKey = PrivateKey | GMPrivateKey
"""A private key of either suite."""
AnyPublicKey = PublicKey | GMPublicKey
"""A public key of either suite."""


# --- the suites ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Suite:
    """One choice of hash, curve, signature scheme and address format.

    Use the two instances, :data:`BITCOIN` and :data:`GM`, or :func:`suite_named`.

    Attributes:
        name: ``"bitcoin"`` or ``"gm"``: what chain params and chain files record.
        title: the algorithms in words, for pages and error messages.
        hash_name: the block and Merkle hash, ``"sha256d"`` or ``"sm3"``.
        address_version: the version byte of the suite's addresses.
    """

    name: str
    title: str
    hash_name: str
    address_version: int

    # --- hashing ------------------------------------------------------------

    def hash(self, data: bytes) -> bytes:
        """The chain's 32-byte hash: block headers, Merkle parents, signed digests.

        Raises:
            WrongTypeError: ``data`` is not bytes.
        """
        return sm3(data) if self.name == "gm" else sha256d(data)

    def digest(self, data: bytes) -> bytes:
        """One pass of the suite's hash function, ``SHA-256`` or SM3: what a chain hashes
        once of its own records (a contract call, a state entry, a receipt).

        Raises:
            WrongTypeError: ``data`` is not bytes.
        """
        return sm3(data) if self.name == "gm" else sha256(data)

    @property
    def node_hash(self) -> Callable[[bytes], bytes] | None:
        """What :mod:`minichain.merkle` is given: ``None`` (its fast ``sha256d``) or SM3."""
        return sm3 if self.name == "gm" else None

    def key_hash(self, sec: bytes) -> bytes:
        """What an address encodes: ``SHA-256(sec)[:20]`` or ``SM3(sec)[:20]``."""
        if self.name == "gm":
            return sm3(sec)[:KEY_HASH_SIZE]
        return key_hash_of(sec)

    # --- keys -----------------------------------------------------------------

    @property
    def private_key_type(self) -> type[PrivateKey] | type[GMPrivateKey]:
        """:class:`~minichain.keys.PrivateKey` or :class:`GMPrivateKey`."""
        return GMPrivateKey if self.name == "gm" else PrivateKey

    def key_from_seed(self, seed: str | bytes) -> AnyPrivateKey:
        """A reproducible key of this suite (for lessons and tests only, see ``from_seed``)."""
        return self.private_key_type.from_seed(seed)

    def generate_key(self, rng: Random | None = None) -> AnyPrivateKey:
        """A new key of this suite from the system's randomness (or ``rng``, for tests)."""
        return self.private_key_type.generate(rng)

    def check_private_key(self, key: Any, field: str = "key") -> AnyPrivateKey:
        """Return ``key`` if it is a private key of this suite.

        Raises:
            SuiteError: it is the other suite's key.
            WrongTypeError: it is no private key at all.
        """
        if isinstance(key, self.private_key_type):
            return key
        if isinstance(key, (PrivateKey, GMPrivateKey)):
            raise SuiteError(
                field,
                "is a key of the {name!r} suite; this chain uses {suite}",
                name=suite_of(key).name,
                suite=self,
            )
        raise WrongTypeError(
            field,
            "must be a {type_name}, got {key_type}",
            type_name=self.private_key_type.__name__,
            key_type=describe_type(key),
        )

    def check_public_key(self, key: Any, field: str = "public_key") -> AnyPublicKey:
        """Return ``key`` if it is a public key of this suite.

        Raises:
            SuiteError: it is the other suite's key.
            WrongTypeError: it is no public key at all.
        """
        wanted = GMPublicKey if self.name == "gm" else PublicKey
        if isinstance(key, wanted):
            return key
        if isinstance(key, (PublicKey, SM2PublicKey)):
            other = "gm" if isinstance(key, SM2PublicKey) else "bitcoin"
            raise SuiteError(
                field,
                "is a key of the {other!r} suite; this chain uses {suite}",
                other=other,
                suite=self,
            )
        raise WrongTypeError(
            field,
            "must be a {type_name}, got {key_type}",
            type_name=wanted.__name__,
            key_type=describe_type(key),
        )

    def parse_public_key(self, sec: bytes) -> AnyPublicKey:
        """Decode a SEC 1 public key on this suite's curve.

        Raises:
            WrongTypeError: ``sec`` is not bytes.
            EncodingError: the length or the prefix byte is wrong.
            KeyValidationError: the bytes are no point on the curve.
        """
        if self.name == "gm":
            return GMPublicKey.parse(sec)
        return PublicKey.parse(sec)

    # --- signatures -------------------------------------------------------------

    def sign(self, key: AnyPrivateKey, digest: bytes) -> bytes:
        """Sign ``digest`` with ``key``; return the DER signature.

        ECDSA signs ``SHA-256(digest)`` with an RFC 6979 nonce and low S;
        SM2 signs ``SM3(Z_A || digest)`` with the default identifier
        ``1234567812345678`` (GM/T 0009-2012).

        Raises:
            SuiteError, WrongTypeError: ``key`` is not a private key of this suite.
        """
        key = self.check_private_key(key)
        if isinstance(key, GMPrivateKey):
            return key.sign(digest)
        return key.sign(digest).der()

    def verify(self, public_key: AnyPublicKey, digest: bytes, der: bytes) -> bool:
        """Return ``True`` if ``der`` is ``public_key``'s signature of ``digest``.

        Bytes that are not strict DER, and for ECDSA a high S, give ``False``:
        to a validator they are signatures that do not verify.

        Raises:
            SuiteError, WrongTypeError: ``public_key`` is not a key of this suite.
        """
        public_key = self.check_public_key(public_key)
        try:
            if isinstance(public_key, GMPublicKey):
                return public_key.verify(digest, der)
            return public_key.verify(digest, Signature.parse_der(der))
        except ValidationError:
            return False

    # --- addresses -------------------------------------------------------------

    def address_of(self, key_hash: bytes) -> str:
        """The address of a 20-byte key hash, with this suite's version byte."""
        return address_of(key_hash, self.address_version)

    def parse_address(self, address: str, field: str = "address") -> bytes:
        """The key hash of an address of this suite.

        Raises:
            WrongTypeError: ``address`` is not a str.
            EncodingError: it is not a well-formed address.
            SuiteError: it is an address of the other suite.
        """
        version = address_version(address)
        if version != self.address_version:
            other = _BY_VERSION.get(version)
            if other is not None:
                raise SuiteError(
                    field,
                    "{address} is an address of the {name!r} suite; this chain uses {suite}",
                    address=address,
                    name=other.name,
                    suite=self,
                )
            raise EncodingError(
                field,
                "version byte must be {address_version:#04x} ({name} suite), got {version:#04x}",
                address_version=self.address_version,
                name=self.name,
                version=version,
            )
        return parse_address(address, None)

    def __str__(self) -> str:
        return f"the {self.name!r} suite ({self.title})"


BITCOIN = Suite(
    name="bitcoin",
    title="ECDSA on secp256k1 and SHA-256",
    hash_name="sha256d",
    address_version=ADDRESS_VERSION,
)
"""Bitcoin's algorithms: every chain uses them unless its params say otherwise."""

GM = Suite(
    name="gm",
    title="SM2 and SM3, GB/T 32918 and GB/T 32905",
    hash_name="sm3",
    address_version=GM_ADDRESS_VERSION,
)
"""China's national algorithms, as FISCO BCOS's 国密 build and BSN's 国密 frameworks use them."""

SUITES: dict[str, Suite] = {suite.name: suite for suite in (BITCOIN, GM)}
"""Every suite by name."""
_BY_VERSION = {suite.address_version: suite for suite in SUITES.values()}


def suite_named(name: Any, field: str = "suite") -> Suite:
    """The suite called ``name`` (``"bitcoin"`` or ``"gm"``); a :class:`Suite` is returned as it is.

    Raises:
        WrongTypeError: ``name`` is neither a str nor a Suite.
        SuiteError: no suite has that name.
    """
    if isinstance(name, Suite):
        return name
    if not isinstance(name, str):
        raise WrongTypeError(
            field, "must be a suite name, got {name_type}", name_type=describe_type(name)
        )
    suite = SUITES.get(name)
    if suite is None:
        raise SuiteError(
            field, "must be one of {map}, got {name!r}", map=", ".join(map(repr, SUITES)), name=name
        )
    return suite


def suite_of(key: Any) -> Suite:
    """The suite a private or public key belongs to.

    Raises:
        WrongTypeError: ``key`` is no key of any suite.
    """
    if isinstance(key, (GMPrivateKey, GMPublicKey)):
        return GM
    if isinstance(key, (PrivateKey, PublicKey)):
        return BITCOIN
    if isinstance(key, (SM2PrivateKey, SM2PublicKey)):
        raise WrongTypeError(
            "key", "is a bare minichain.gm key; use GMPrivateKey or GMPublicKey on a chain"
        )
    raise WrongTypeError(
        "key", "must be a private or public key, got {key_type}", key_type=describe_type(key)
    )


def suite_of_address(address: str, field: str = "address") -> Suite:
    """The suite whose version byte ``address`` carries.

    Raises:
        WrongTypeError: ``address`` is not a str.
        EncodingError: it is not an address of any suite.
    """
    version = address_version(address)
    suite = _BY_VERSION.get(version)
    if suite is None:
        versions = ", ".join(f"{v:#04x} ({s.name})" for v, s in _BY_VERSION.items())
        raise EncodingError(
            field,
            "version byte must be one of {versions}, got {version:#04x}",
            versions=versions,
            version=version,
        )
    return suite


def key_hash_of_address(address: str, field: str = "address") -> bytes:
    """The key hash of an address of any suite (outputs store only the key hash).

    Raises:
        WrongTypeError: ``address`` is not a str.
        EncodingError: it is not an address of any suite.
    """
    suite_of_address(address, field)
    return parse_address(address, None)
