"""Checking transaction signatures, fast enough for a whole chain.

Verifying ECDSA signatures is nearly all the work of validating a chain, so
this module does it once and remembers:

* **A key cache.** Parsing a compressed key costs a modular square root, and
  :meth:`~minichain.keys.PublicKey.precompute` makes later verifications with
  the key about twice as fast. Keys that sign again and again (miners,
  issuers, a shop) are parsed and precomputed once.
* **A cache of verified transactions.** A transaction's id commits to its
  inputs, its public keys and its signatures, and what was signed commits to
  the chain id. So once every signature of txid ``t`` has verified on this
  chain, it will verify again: a transaction checked on entry to the mempool
  is not checked again when its block arrives, nor when a reorg moves it.
  Bitcoin Core keeps the same kind of cache (``CSignatureCache``).
* **Two backends that give identical answers.** The ``ecdsa`` package (pure
  Python, sped up by gmpy2) is always there; when ``coincurve`` is installed
  (``pip install minichain-course[fast]``) libsecp256k1, the library Bitcoin Core
  uses, verifies about twenty times faster. Both paths first parse the
  signature as strict DER (BIP 66) and refuse high-S (as libsecp256k1 does), so a signature
  is valid under one exactly when it is valid under the other.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from minichain.errors import OutOfRangeError, ValidationError
from minichain.hashing import sha256
from minichain.keys import PublicKey, Signature

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
        max_verified: how many verified txids to remember.
    """

    def __init__(self, backend: str = "auto", max_keys: int = 10_000, max_verified: int = 200_000):
        if backend == "auto":
            backend = best_backend()
        if backend not in BACKENDS:
            raise OutOfRangeError("backend", f"must be one of {', '.join(BACKENDS)} or auto")
        if backend == "coincurve" and not coincurve_available():
            raise OutOfRangeError(
                "backend", "coincurve is not installed (pip install 'minichain-course[fast]')"
            )
        self.backend = backend
        self.max_keys = max_keys
        self.max_verified = max_verified
        self._keys: OrderedDict[bytes, Any] = OrderedDict()
        self._verified: OrderedDict[bytes, None] = OrderedDict()
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
        public_key = PublicKey.parse(sec)
        if self.backend == "coincurve":
            import coincurve

            parsed: Any = coincurve.PublicKey(sec)
        else:
            parsed = public_key.precompute()
        self._keys[sec] = parsed
        if len(self._keys) > self.max_keys:
            self._keys.popitem(last=False)
        return parsed

    # --- signatures ---------------------------------------------------------

    def verify(self, sec: bytes, message: bytes, der: bytes) -> bool:
        """Return ``True`` if ``der`` is a valid low-S signature of ``message`` by key ``sec``.

        Malformed keys or signatures give ``False``, never an exception: to a
        validator they are simply signatures that do not verify.
        """
        try:
            signature = Signature.parse_der(der)
            key = self.key(sec)
        except ValidationError:  # bad DER, r or s out of range, a point off the curve
            return False
        if not signature.is_low_s:
            return False
        return self._verify_with(key, message, signature, der)

    # --- verified transactions ----------------------------------------------

    def is_verified(self, txid: bytes) -> bool:
        """Return ``True`` if every signature of ``txid`` has already verified here."""
        return txid in self._verified

    def mark_verified(self, txid: bytes) -> None:
        """Remember that every signature of ``txid`` verified."""
        self._verified[txid] = None
        if len(self._verified) > self.max_verified:
            self._verified.popitem(last=False)


def _verify_ecdsa(key: PublicKey, message: bytes, signature: Signature, der: bytes) -> bool:
    return key.verify(message, signature)


def _verify_coincurve(key: Any, message: bytes, signature: Signature, der: bytes) -> bool:
    # libsecp256k1 verifies the 32-byte digest; minichain signs sha256(message).
    return bool(key.verify(der, sha256(message), hasher=None))
