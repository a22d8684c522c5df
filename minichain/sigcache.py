"""Checking transaction signatures, fast enough for a whole chain.

Verifying ECDSA signatures is nearly all the work of validating a chain, so
this module does it once and remembers:

* **A key cache.** Parsing a compressed key costs a modular square root, and
  :meth:`~minichain.keys.PublicKey.precompute` makes later verifications with
  the key about twice as fast. Keys that sign again and again (miners,
  issuers, a shop) are parsed and precomputed once.
* **A cache of verified transactions.** A signature covers the chain id and
  the transaction without its signatures (:meth:`~minichain.tx.Transaction.signature_hash`);
  the txid commits to that same transaction *and* its signatures, but not
  to the chain id. So the cache is keyed by the pair ``(chain id, txid)``,
  which fixes every signed message and every signature: once all signatures
  of txid ``t`` verified for chain ``c`` they will verify again for ``c``,
  and for no other chain. A transaction checked on entry to the mempool is
  not checked again when its block arrives, nor when a reorg moves it; one
  checker may be shared by several chains without a payment signed for one
  being accepted on another. Bitcoin Core keeps the same kind of cache
  (``CSignatureCache``, keyed by what each signature covers).
* **Two backends that give identical answers.** The ``ecdsa`` package (pure
  Python, sped up by gmpy2) is always there; when ``coincurve`` is installed
  (``pip install minichain-course[fast]``) libsecp256k1, the library Bitcoin Core
  uses, verifies about twenty times faster. Both paths first parse the
  signature as strict DER (BIP 66) and refuse high-S (as libsecp256k1 does), so a signature
  is valid under one exactly when it is valid under the other.
* **The chain's suite.** A checker for a chain of the national suite
  (:data:`minichain.suite.GM`) parses SM2 keys and verifies SM2 signatures
  (GB/T 32918.2-2016, section 7) with :mod:`minichain.gm`, whatever the
  backend; SM2 has no low-S rule, strict DER still applies.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from minichain.errors import EncodingError, OutOfRangeError, Phrase, ValidationError
from minichain.hashing import sha256
from minichain.keys import PublicKey, Signature
from minichain.suite import BITCOIN, GMPublicKey, Suite

NOT_VERIFIED = Phrase(
    "does not verify (a wrong key, an altered message or a signature made for another one)"
)
"""The refusal of a well-formed low-S signature whose ECDSA equation fails."""

BACKENDS = ("ecdsa", "coincurve")
"""The verification backends, slowest first."""


def coincurve_available() -> bool:
    """Return ``True`` if the optional libsecp256k1 backend can be imported."""
    try:
        import coincurve  # noqa: F401
    except ImportError:
        return False
    return True


def best_backend() -> str:
    """``"coincurve"`` when it is installed, else ``"ecdsa"``."""
    return "coincurve" if coincurve_available() else "ecdsa"


class SignatureChecker:
    """Verifies signatures with one backend, caching parsed keys and verified txids.

    Args:
        backend: ``"ecdsa"``, ``"coincurve"`` or ``"auto"`` (the fastest installed).
        max_keys: how many parsed keys to keep (least recently used go first).
        max_verified: how many verified ``(chain id, txid)`` pairs to remember.
        suite: the chain's crypto suite (:mod:`minichain.suite`); Bitcoin's by default.
    """

    def __init__(
        self,
        backend: str = "auto",
        max_keys: int = 10_000,
        max_verified: int = 200_000,
        suite: Suite = BITCOIN,
    ):
        if backend == "auto":
            backend = best_backend()
        if backend not in BACKENDS:
            raise OutOfRangeError(
                "backend", "must be one of {backends} or auto", backends=", ".join(BACKENDS)
            )
        if backend == "coincurve" and not coincurve_available():
            raise OutOfRangeError(
                "backend", "coincurve is not installed (pip install 'minichain-course[fast]')"
            )
        self.backend = backend
        self.suite = suite
        self.max_keys = max_keys
        self.max_verified = max_verified
        self._keys: OrderedDict[bytes, Any] = OrderedDict()
        self._verified: OrderedDict[tuple[str, bytes], None] = OrderedDict()
        self._verify_with: Callable[[Any, bytes, Signature, bytes], bool] = (
            _verify_coincurve if backend == "coincurve" else _verify_ecdsa
        )

    # --- keys ---------------------------------------------------------------

    def key(self, sec: bytes) -> Any:
        """The parsed (and, for ecdsa, precomputed) key for SEC bytes ``sec``.

        Raises:
            EncodingError, KeyValidationError: ``sec`` is not a valid public key.
        """
        cached = self._keys.get(sec)
        if cached is not None:
            self._keys.move_to_end(sec)
            return cached
        if self.suite.name == "gm":
            parsed: Any = GMPublicKey.parse(sec).precompute()
        elif self.backend == "coincurve":
            import coincurve

            PublicKey.parse(sec)  # the same checks as the ecdsa path
            parsed = coincurve.PublicKey(sec)
        else:
            parsed = PublicKey.parse(sec).precompute()
        self._keys[sec] = parsed
        if len(self._keys) > self.max_keys:
            self._keys.popitem(last=False)
        return parsed

    # --- signatures ---------------------------------------------------------

    def verify(self, sec: bytes, message: bytes, der: bytes) -> bool:
        """Return ``True`` if ``der`` is a valid low-S signature of ``message`` by key ``sec``.

        Malformed keys or signatures give ``False``, never an exception: to a
        validator they are simply signatures that do not verify. On a chain of
        the national suite, ``der`` is an SM2 signature and ``sec`` an SM2 key.
        """
        return self.refusal(sec, message, der) is None

    def refusal(self, sec: bytes, message: bytes, der: bytes) -> str | None:
        """The rule ``der`` breaks as a signature of ``message`` by ``sec``, or ``None`` if valid.

        The rules, in the order they are checked: strict DER (BIP 66), ``r``
        and ``s`` in ``[1, n-1]``, a public key on the curve, low-S
        (``s <= n/2``, BIP 62 and BIP 146, as libsecp256k1 insists), and
        last the ECDSA equation itself (SEC 1 section 4.1.4). On a chain of
        the national suite the signature is SM2's (GB/T 32918.2), checked by
        the SM2 key itself: it refuses with :data:`NOT_VERIFIED` or names the
        invalid key.
        """
        if self.suite.name == "gm":
            try:
                key = self.key(sec)
            except ValidationError as error:
                return Phrase(
                    "cannot be checked: the public key is invalid ({field}: {rule})",
                    field=error.field,
                    rule=error.rule,
                )
            try:
                return None if key.verify(message, der) else NOT_VERIFIED
            except ValidationError as error:  # bad DER
                return Phrase(
                    "is not a valid SM2 signature: {field}: {rule}",
                    field=error.field,
                    rule=error.rule,
                )
        try:
            signature = Signature.parse_der(der)
        except EncodingError as error:
            return Phrase("is not strict DER (BIP 66): {rule}", rule=error.rule)
        except ValidationError as error:  # r or s is 0 or not below n
            return Phrase("is out of range: {field}: {rule}", field=error.field, rule=error.rule)
        try:
            key = self.key(sec)
        except ValidationError as error:
            return Phrase(
                "cannot be checked: the public key is invalid ({field}: {rule})",
                field=error.field,
                rule=error.rule,
            )
        if not signature.is_low_s:
            return (
                "is high-S (s above n/2): only the low-S form is valid (BIP 62, BIP 146), "
                "so nobody can alter a signature and with it the txid"
            )
        if not self._verify_with(key, message, signature, der):
            return NOT_VERIFIED
        return None

    # --- verified transactions ----------------------------------------------

    def is_verified(self, txid: bytes, chain_id: str) -> bool:
        """Return ``True`` if every signature of ``txid`` has already verified for ``chain_id``."""
        return (chain_id, txid) in self._verified

    def mark_verified(self, txid: bytes, chain_id: str) -> None:
        """Remember that every signature of ``txid`` verified for the chain named ``chain_id``."""
        self._verified[(chain_id, txid)] = None
        if len(self._verified) > self.max_verified:
            self._verified.popitem(last=False)


def _verify_ecdsa(key: PublicKey, message: bytes, signature: Signature, der: bytes) -> bool:
    return key.verify(message, signature)


def _verify_coincurve(key: Any, message: bytes, signature: Signature, der: bytes) -> bool:
    # libsecp256k1 verifies the 32-byte digest; minichain signs sha256(message).
    return bool(key.verify(der, sha256(message), hasher=None))
