"""Every way minichain can refuse bad input.

A course library must say *why* it refused something. Each rejection raises a
specific subclass of :class:`MinichainError` whose message starts with the
field that was wrong and then states the rule it broke, for example::

    prev_hash: must be 32 bytes, got 31

The classes also derive from the built-in exception a Python programmer would
expect (``ValueError`` for a bad value, ``TypeError`` for a wrong type), so
``except ValueError`` keeps working, while ``except MinichainError`` catches
everything this library raises on purpose.

The small ``require_*`` helpers at the bottom are the one place where the
type and range checks used by the other modules are written.
"""

from __future__ import annotations

from typing import Any


def N_(template: str) -> str:
    """Marks English words for the catalogue and returns them unchanged.

    The library speaks English; tools that speak another language translate what
    it marked (rule templates, :class:`Phrase` templates) where they show it.
    """
    return template


class Phrase(str):
    """English words that remember the template and values they were made from.

    A ``Phrase`` is a ``str`` and reads as English everywhere, but keeps its
    ``str.format`` template and the values that fill it in, so tools speaking
    another language can say it again in theirs (a refusal's location such as
    ``block 12 (00a3…)``, or a part of a rule that depends on the case). A value
    that is itself a ``Phrase`` is translated too.

    Attributes:
        template: The words before their values were filled in.
        params: The named values of the template (empty for fixed words).
    """

    template: str
    params: dict[str, Any]

    def __new__(cls, template: str, /, **params: Any) -> Phrase:
        words = super().__new__(cls, template.format(**params) if params else template)
        words.template = template
        words.params = params
        return words


class MinichainError(Exception):
    """Base class of every error minichain raises on purpose.

    Attributes:
        field: The name of the input that was rejected (``"bits"``, ``"leaves[3]"``).
        rule: The rule it broke, in words: a :class:`Phrase`, so that passing it
            on to another refusal (``OtherError(field, error.rule)``) keeps its template.
        template: The rule before its values were filled in: a ``str.format``
            template with named placeholders when ``params`` are given, else
            the rule itself. Tools that speak another language translate this
            and fill in ``params`` again; the library itself stays English.
        params: The named values of the template (empty for a literal rule).
    """

    def __init__(self, field: str, rule: str, **params: Any) -> None:
        if isinstance(rule, Phrase) and not params:  # another refusal's rule, passed on
            params = rule.params
            rule = rule.template
        self.field = field
        self.template = rule
        self.params = params
        self.rule = Phrase(rule, **params)
        super().__init__(f"{field}: {self.rule}")


class WrongTypeError(MinichainError, TypeError):
    """A value of the wrong Python type, such as ``str`` where bytes are needed."""


class ValidationError(MinichainError, ValueError):
    """A value of the right type that breaks a rule (length, range, format, consensus)."""


class EncodingError(ValidationError):
    """Bytes that cannot be decoded: wrong length, bad prefix, malformed DER, bad checksum."""


class OutOfRangeError(ValidationError):
    """An integer outside the range its field allows (a uint32 nonce above 2**32 - 1)."""


class MerkleError(ValidationError):
    """A Merkle tree or proof request that cannot be answered (no leaves, index out of range)."""


class KeyValidationError(ValidationError):
    """A private key outside [1, n-1] or a public key that is not a point on secp256k1."""


class SuiteError(ValidationError):
    """A key, address, block or chain file of one crypto suite used with another (SM2 vs ECDSA)."""


class TargetError(ValidationError):
    """Compact difficulty bits that encode a negative, zero, oversized or too-easy target."""


class ProofOfWorkError(ValidationError):
    """A block header whose hash is above the target its bits claim."""


class ConsensusError(ValidationError):
    """A transaction or block that breaks a rule of the ledger.

    Besides the field and the rule, it says *where*: the transaction id, or the
    block height and hash, so a student can find the offending record::

        block 12 (00a3f1c2d4e5f607…), tx 5b1e09d4c3b2a190…: inputs[0]: already spent in block 7

    Attributes:
        where: the block and/or transaction the rule was checked on ("" if unknown).
        places: the same, one :class:`Phrase` or ``str`` per place, outermost first.
    """

    def __init__(self, field: str, rule: str, where: str = "", **params: Any) -> None:
        super().__init__(field, rule, **params)
        self.places: tuple[str, ...] = (where,) if where else ()
        self.where = where
        if where:
            self.args = (f"{where}: {field}: {self.rule}",)

    def __str__(self) -> str:
        return str(self.args[0])

    def located(self, where: str) -> ConsensusError:
        """The same error with ``where`` put in front of its location (a block around a tx)."""
        if not where:
            return self
        places = (where, *self.places)
        error = type(self)(self.field, self.rule, ", ".join(places))  # the rule keeps its values
        error.places = places
        return error


class TransactionError(ConsensusError):
    """A transaction breaks a rule: amounts, structure, size, coinbase or issuance rules."""


class MissingInputError(TransactionError):
    """An input refers to an output that never existed."""


class DoubleSpendError(TransactionError):
    """An input refers to an output that is already spent (in the chain, the block or the pool)."""


class SignatureError(TransactionError):
    """A signature does not verify, or the key that signed does not own the output."""


class DocumentError(TransactionError):
    """A document output was split, forged, issued twice or issued without authority."""


class BlockError(ConsensusError):
    """A block breaks a rule: header link, difficulty, timestamps, Merkle root, size, coinbase."""


class ValidatorSetError(ValidationError):
    """A validator set that cannot be used: empty, or a name or key listed twice."""


class AuthorityError(ConsensusError):
    """A message of permissioned consensus (proposal, vote, view change, certificate) breaks a rule.

    The subclasses below say which rule; see :mod:`minichain.consensus`.
    """


class NotAMemberError(AuthorityError):
    """A proposal, vote or view change signed in the name of someone outside the validator set."""


class DuplicateVoteError(AuthorityError):
    """A second signature from one member where only one counts.

    The same vote delivered twice, or one member's vote twice in a certificate.
    """


class MessageSignatureError(AuthorityError):
    """A signature that does not verify with the member's key over what the message claims.

    It was made for another block, height, view or chain, or with another key.
    """


class WrongBlockError(AuthorityError):
    """A vote or block about another block (or height) than the certificate or proposal it is in."""


class WrongProposerError(AuthorityError):
    """A proposal from a member whose turn it is not: the proposer of (height, view) is fixed."""


class WrongViewError(AuthorityError):
    """A proposal or view change for a view the node is not in: an old one, or one not reached."""


class QuorumError(AuthorityError):
    """Too few distinct members signed: a certificate or a view change needs a quorum of n - f."""


class ReplayError(AuthorityError):
    """A proposal, vote or view change for a height that is already final."""


class FutureHeightError(AuthorityError):
    """A message for a height after the one the node is deciding (it has not caught up yet)."""


class FinalityConflictError(AuthorityError):
    """A block or certificate that would replace a final block (final blocks are never replaced)."""


class EquivocationError(AuthorityError):
    """A member signed two different blocks at one height (or two proposals for one view).

    The node keeps both signed messages as evidence (:class:`minichain.consensus.Equivocation`).
    """


class EvidenceError(AuthorityError):
    """Claimed evidence of equivocation that does not prove it (same block, different heights)."""


class ContractError(ValidationError):
    """A contract call that cannot run or is refused (see :mod:`minichain.contract`).

    A call that raises one of these fails: it changes no state, and its
    transaction stays in the block with a failed receipt.
    """


class ContractRuleError(ContractError):
    """A contract's own rule refused the call (only the holder may split, a split adds up)."""


class OutOfGasError(ContractError):
    """A call ran past its step budget; it stops at the same step on every member."""


class ContractValueError(ContractError):
    """A value that is not plain data (a float, a set, an object) in a call or the state."""


class UnknownContractError(ContractError):
    """A call to a contract the consortium has not installed, or to a method it lacks."""


class CallEncodingError(ContractError):
    """A call transaction that does not spell a call: missing fields, bad arguments, bad digest."""


class GasExhausted(BaseException):  # noqa: N818 - not an error: a stop signal
    """Stops a contract call whose gas ran out, inside the call (see :mod:`minichain.gas`).

    A ``BaseException``, so that ``except Exception`` in a contract does not swallow
    it; it never leaves the executor, which turns it into an :class:`OutOfGasError`.
    """


class NondeterminismError(ContractError):
    """Contract code that could run differently on two members (imports, floats, sets, I/O)."""


class StateRootError(ConsensusError):
    """A block whose committed state root differs from the one this member computed.

    Every member executes the block's calls itself; a member whose result
    differs refuses the block rather than follow a state it cannot reproduce.
    """


class MissingCodeError(ConsensusError):
    """This member lacks the code of an installed contract, so it cannot check a block."""


class StoreError(MinichainError):
    """A chain file that cannot be used: not SQLite, not minichain's, another chain, corrupt."""


class SimulationError(ValidationError):
    """A simulation asked for something impossible: an unknown node, a bad share, no miner."""


def describe_type(value: object) -> str:
    """Name the type of ``value`` the way a user would write it (``str``, ``int``)."""
    return type(value).__name__


def require_bytes(value: Any, field: str, length: int | None = None) -> bytes:
    """Return ``value`` as ``bytes`` or raise a specific error.

    Accepts ``bytes``, ``bytearray`` and ``memoryview``. A ``str`` is refused
    with a hint, because hashing text without choosing an encoding is the
    classic beginner's mistake.

    Raises:
        WrongTypeError: ``value`` is not bytes-like.
        EncodingError: ``length`` is given and ``value`` has another length.
    """
    if isinstance(value, bytes):
        data = value
    elif isinstance(value, (bytearray, memoryview)):
        data = bytes(value)
    elif isinstance(value, str):
        raise WrongTypeError(
            field, "must be bytes, got str (encode text first, e.g. text.encode())"
        )
    else:
        raise WrongTypeError(
            field, "must be bytes, got {value_type}", value_type=describe_type(value)
        )
    if length is not None and len(data) != length:
        raise EncodingError(
            field, "must be {length} bytes, got {data_size}", length=length, data_size=len(data)
        )
    return data


def require_int_type(value: Any, field: str) -> int:
    """Return ``value`` if it is an ``int``.

    ``bool`` is refused even though Python treats it as an ``int``: ``True`` is
    never a sensible nonce or key.

    Raises:
        WrongTypeError: ``value`` is not an ``int`` (or is a ``bool``).
    """
    if isinstance(value, bool) or not isinstance(value, int):
        raise WrongTypeError(
            field, "must be an int, got {value_type}", value_type=describe_type(value)
        )
    return value


def require_int(value: Any, field: str, low: int, high: int) -> int:
    """Return ``value`` if it is an ``int`` (not a ``bool``) with ``low <= value <= high``.

    Raises:
        WrongTypeError: ``value`` is not an ``int`` (or is a ``bool``).
        OutOfRangeError: ``value`` is outside ``[low, high]``.
    """
    number = require_int_type(value, field)
    if not low <= number <= high:
        raise OutOfRangeError(
            field,
            "must be between {low} and {high}, got {number}",
            low=low,
            high=high,
            number=number,
        )
    return number


def require_real(
    value: Any, field: str, low: float, high: float, *, below_high: bool = False
) -> float:
    """Return ``value`` as a float if it is a number with ``low <= value <= high``.

    ``below_high=True`` excludes ``high`` itself; NaN is always refused.

    Raises:
        WrongTypeError: ``value`` is not an ``int`` or ``float`` (or is a ``bool``).
        OutOfRangeError: ``value`` is outside the range.
    """
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise WrongTypeError(
            field, "must be a number, got {value_type}", value_type=describe_type(value)
        )
    inside = low <= value < high if below_high else low <= value <= high  # False for NaN
    if not inside:
        bracket = ")" if below_high else "]"
        raise OutOfRangeError(
            field,
            "must be in [{low}, {high}{bracket}, got {value}",
            low=low,
            high=high,
            bracket=bracket,
            value=value,
        )
    return float(value)


UINT32_MAX = 2**32 - 1
"""Largest value of an unsigned 32-bit field (timestamp, bits, nonce)."""
