"""Contracts on a consortium chain: the member's node that runs them, and the consortium.

A contract is a small Python class (a subclass of
:class:`~minichain.contract_base.Contract`) whose public methods are the
calls it accepts. The consortium of lesson 8 runs it the way FISCO BCOS runs
its contracts (order, then execute): the proposer puts call transactions
into a block, every member executes the block's calls itself, in block
order, and the block commits the result. Each rule has its own module, read
in this order:

* **plain data** (:mod:`minichain.plain`): what calls carry and state holds,
  and its one byte spelling.
* **invoked by signed transactions** (:mod:`minichain.calls`): a call is an
  issuance of one ``"call"`` document, signed by an enrolled caller with the
  chain's suite (ECDSA, or SM2 on the national suite), never replayable.
* **metered** (:mod:`minichain.gas`): one unit of gas per line, more for
  state access; a call past its budget stops at the same point on every
  member.
* **deterministic** (:mod:`minichain.contract_base`,
  :mod:`minichain.code_rules`): a contract sees only its state, the caller,
  the block's height and time and its admin, and its code is checked when it
  is registered.
* **committed** (:mod:`minichain.commitments`): the state root and receipts
  root in each block's coinbase.
* **atomic, installed by the consortium** (:mod:`minichain.execution`): a
  failing call changes nothing and is recorded as failed; a contract is
  installed by a quorum's approvals, signed and recorded like any call.
* **checked by every member, readable** (this module):
  :class:`ContractChain` executes each proposed block, refuses one whose roots
  differ (:class:`~minichain.errors.StateRootError`), and answers queries;
  :meth:`ContractChain.replay` recomputes the state from the final blocks
  alone: the state's history is the chain's. :class:`ContractConsortium`
  runs every member in one process.

The names of those modules that lessons and exercises use are importable from
here too (``from minichain.contract import ContractConsortium, run_call``).

The meter is a teaching meter, not a security sandbox: Python's built-ins run
in C below it, and code that catches every exception with a bare ``except:``
may run on after its budget is spent (its call still fails). The EVM of FISCO
BCOS charges gas inside its own interpreter and has neither gap.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import Any

from minichain.base58 import b58encode
from minichain.calls import CALL_KIND, Call, call, read_call
from minichain.code_rules import ContractLibrary, check_deterministic, code_hash, gas_bounds
from minichain.commitments import (
    EMPTY_ROOT,
    STATE_TAG,
    Receipt,
    committed_roots,
    receipts_root,
    state_root,
)
from minichain.consensus import ValidatorSet
from minichain.consortium import Consortium, Event, PermissionedChain
from minichain.contract_base import Context, Contract, RulesContract, State, rules_contract
from minichain.errors import (
    ConsensusError,
    ContractError,
    EquivocationError,
    MissingCodeError,
    ReplayError,
    StateRootError,
    WrongTypeError,
    require_int,
)
from minichain.execution import SYSTEM, Members, execute_block, run_call
from minichain.gas import DEFAULT_GAS, Meter, code_cost
from minichain.hashing import short_hex
from minichain.header import block_label
from minichain.ledger import Block
from minichain.merkle import merkle_root
from minichain.params import ChainParams
from minichain.plain import canonical_value
from minichain.pow import mine
from minichain.suite import AnyPrivateKey
from minichain.tx import Transaction, check_identifier, coinbase

__all__ = [
    "CALL_KIND",
    "DEFAULT_GAS",
    "EMPTY_ROOT",
    "STATE_TAG",
    "SYSTEM",
    "Call",
    "Context",
    "Contract",
    "ContractChain",
    "ContractConsortium",
    "ContractLibrary",
    "Members",
    "Meter",
    "Receipt",
    "RulesContract",
    "State",
    "call",
    "canonical_value",
    "check_deterministic",
    "code_cost",
    "code_hash",
    "committed_roots",
    "execute_block",
    "gas_bounds",
    "read_call",
    "receipts_root",
    "rules_contract",
    "run_call",
    "state_root",
]


def _apply(state: Mapping[str, bytes], changes: Mapping[str, bytes | None]) -> dict[str, bytes]:
    """A new state: ``state`` with a block's writes (``None`` deletes the entry)."""
    after = dict(state)
    for key, raw in changes.items():
        if raw is None:
            after.pop(key, None)
        else:
            after[key] = raw
    return after


class ContractChain(PermissionedChain):
    """A member's node that also executes contracts and checks every block's state root.

    Args:
        params: the chain's rules (callers enrolled as issuers of ``"call"`` documents).
        validators: the consortium.
        key: this member's key (``None`` for an observer).
        library: the contract code this member has installed.
        gas: each call's budget (all members must use the same).
        backend: signature backend.
    """

    def __init__(
        self,
        params: ChainParams,
        validators: ValidatorSet,
        key: AnyPrivateKey | None = None,
        *,
        library: ContractLibrary | None = None,
        gas: int = DEFAULT_GAS,
        backend: str = "auto",
    ) -> None:
        super().__init__(params, validators, key, backend=backend)
        self.library = ContractLibrary() if library is None else library
        self.gas = require_int(gas, "gas", 1, 10**9)
        self.suite = params.suite
        self.state: dict[str, bytes] = {}
        self.receipts: dict[bytes, Receipt] = {}
        self.members = Members(
            {member.public_key.address: member.name for member in validators}, validators.quorum
        )
        self._pending: dict[bytes, tuple[dict[str, bytes | None], list[Receipt]]] = {}

    # --- reading ---

    @property
    def state_root(self) -> bytes:
        """The root of the state after the last final block."""
        return state_root(self.state, self.suite)

    def query(self, contract: str, key: str, default: Any = None) -> Any:
        """A contract's state entry ``key`` after the last final block (``default`` if absent)."""
        raw = self.state.get(f"{check_identifier(contract, 'contract')}/{key}")
        return default if raw is None else json.loads(raw)

    def entries(self, contract: str) -> dict[str, Any]:
        """Every state entry of ``contract``, by key, sorted."""
        prefix = check_identifier(contract, "contract") + "/"
        return {
            key[len(prefix) :]: json.loads(raw)
            for key, raw in sorted(self.state.items())
            if key.startswith(prefix)
        }

    def receipt(self, txid: bytes) -> Receipt | None:
        """The receipt of a final call transaction, or ``None``."""
        return self.receipts.get(txid)

    def replay(self) -> dict[str, bytes]:
        """The state recomputed from the final blocks alone, checking each block's roots.

        The state's history is the chain's: anyone with the blocks and the code
        gets the same state, or finds the first block whose roots do not follow.

        Raises:
            StateRootError: a final block's roots differ from its execution here.
            MissingCodeError: this member lacks the code of an installed contract.
        """
        state: dict[str, bytes] = {}
        for height, block in enumerate(self.chain):
            if height == 0:
                continue  # the genesis block holds no calls and no roots
            changes, receipts = execute_block(
                block.transactions[1:],
                height,
                block.header.timestamp,
                state,
                self.library,
                self.members,
                self.gas,
            )
            state = _apply(state, changes)
            roots = (state_root(state, self.suite), receipts_root(receipts, self.suite))
            if committed_roots(block) != roots:
                raise StateRootError(
                    "coinbase.memo",
                    "does not commit to the state and receipts its calls give",
                    block_label(height, block.hash),
                )
        return state

    def submit(self, tx: Transaction) -> Transaction:
        """Put a transaction in this node's mempool; a call is decoded here, once.

        A transaction's own form is checked when it enters the mempool (its
        signature, and for a call its arguments and digest: :func:`read_call`
        keeps what it decodes on the transaction), so a block only executes.
        A malformed call is still taken: it fails in its block, with a receipt.
        """
        accepted = super().submit(tx)
        try:
            read_call(accepted)
        except ContractError:
            pass  # recorded as failed when a block holds it, on every member alike
        return accepted

    # --- executing ---

    def _execute(self, block: Block) -> tuple[dict[str, bytes | None], list[Receipt]]:
        return execute_block(
            block.transactions[1:],
            self.height,
            block.header.timestamp,
            self.state,
            self.library,
            self.members,
            self.gas,
        )

    def _after(self, changes: Mapping[str, bytes | None]) -> dict[str, bytes]:
        return _apply(self.state, changes)

    def _build_block(self, address: str, transactions: Iterable[Transaction] | None) -> Block:
        """Execute the calls of the block the miner builds, then write both roots in its
        coinbase memo: a new coinbase, Merkle root and proof-of-work, the same time."""
        block = super()._build_block(address, transactions)
        changes, receipts = self._execute(block)
        roots = state_root(self._after(changes), self.suite), receipts_root(receipts, self.suite)
        note = STATE_TAG + roots[0] + roots[1]
        reward = block.transactions[0]
        body: tuple[Transaction, ...] = (
            coinbase(self.height, address, reward.outputs[0].amount, note),
        )
        body += block.transactions[1:]
        txids = [tx.txid for tx in body]
        header = replace(
            block.header, merkle_root=merkle_root(txids, node_hash=self.suite.node_hash)
        )
        found = mine(header)
        if found is None:  # pragma: no cover - every nonce failed on this chain's target
            raise StateRootError("coinbase.memo", "no proof-of-work found for the committed block")
        committed = Block(found, body)
        self._pending[committed.hash] = (changes, receipts)
        return committed

    # --8<-- [start:check_roots]
    def _check_block(self, block: Block) -> None:
        """The ledger's rules, then the contracts: execute the calls and compare both roots."""
        super()._check_block(block)
        if block.hash in self._pending:
            return  # this member built it and executed it a moment ago
        where = block_label(self.height, block.hash)
        claimed = committed_roots(block)
        try:
            changes, receipts = self._execute(block)
        except ConsensusError as error:
            raise error.located(where) from None
        computed = (
            state_root(self._after(changes), self.suite),
            receipts_root(receipts, self.suite),
        )
        for label, ours, theirs in zip(("state", "receipts"), computed, claimed):
            if ours != theirs:
                raise StateRootError(
                    "coinbase.memo",
                    "commits to the {label} root {theirs}, but executing the block here gives "
                    "{ours}; this member will not follow a state it cannot reproduce",
                    where,
                    label=label,
                    theirs=short_hex(theirs),
                    ours=short_hex(ours),
                )
        self._pending[block.hash] = (changes, receipts)
        # --8<-- [end:check_roots]

    def _finalise(self, certificate: Any, block: Block) -> None:
        pending = self._pending.get(block.hash)
        changes, receipts = pending if pending is not None else self._execute(block)
        super()._finalise(certificate, block)
        self.state = self._after(changes)
        self.receipts.update((receipt.txid, receipt) for receipt in receipts)
        self._pending.clear()


# --- every member in one process -------------------------------------------------------


class ContractConsortium(Consortium):
    """A :class:`~minichain.consortium.Consortium` whose members run contracts.

    Args:
        keys: ``{name: private key}`` of every member, in rotation order.
        params: the chain's rules (default ``ChainParams.regtest(name="consortium")``).
        clients: addresses besides the members that may sign calls (enrolled identities).
        libraries: a member's own :class:`ContractLibrary` by name (default: an empty
            one each); :meth:`install` registers code in every library.
        gas: each call's budget.
        backend: signature backend of every node.
    """

    def __init__(
        self,
        keys: Mapping[str, AnyPrivateKey],
        params: ChainParams | None = None,
        *,
        clients: Iterable[str] = (),
        libraries: Mapping[str, ContractLibrary] | None = None,
        gas: int = DEFAULT_GAS,
        backend: str = "auto",
    ) -> None:
        params = ChainParams.regtest(name="consortium") if params is None else params
        if isinstance(clients, str):
            raise WrongTypeError("clients", "must be a list of addresses, not one str")
        enrolled = [key.address for key in keys.values()] + list(clients)
        issuers = {kind: list(addresses) for kind, addresses in params.issuers}
        issuers[CALL_KIND] = list(dict.fromkeys(issuers.get(CALL_KIND, []) + enrolled))
        self._libraries = dict(libraries or {})
        self._gas = gas
        self._nonces: dict[str, int] = {}
        self.refusals: list[tuple[str, ConsensusError]] = []
        super().__init__(keys, params.with_issuers(issuers), backend=backend)

    _tolerated = (ReplayError, EquivocationError, StateRootError, MissingCodeError)

    def _make_node(
        self, name: str, params: ChainParams, key: AnyPrivateKey, backend: str
    ) -> PermissionedChain:
        library = self._libraries.get(name) or ContractLibrary()
        return ContractChain(
            params, self.validators, key, library=library, gas=self._gas, backend=backend
        )

    def node(self, name: str) -> ContractChain:
        """Member ``name``'s contract node."""
        node = self.nodes[self.validators.member(name, "name").name]
        if not isinstance(node, ContractChain):  # pragma: no cover - _make_node makes them
            raise WrongTypeError("name", "is not a contract node")
        return node

    @property
    def first(self) -> ContractChain:
        """The first member's node (it may have fallen behind: read the agreed state from
        :attr:`agreed`)."""
        return self.node(self.validators.names[0])

    def call(self, caller: AnyPrivateKey, contract: str, method: str, **args: Any) -> Transaction:
        """Sign ``contract.method(**args)`` as ``caller`` (next nonce); gossip it to every node.

        Raises:
            SuiteError: ``caller`` is a key of another suite than the chain's.
            WrongTypeError: ``caller`` is no private key.
        """
        self.params.suite.check_private_key(caller, "caller")
        nonce = self._nonces.get(caller.address, 0)
        tx = call(caller, self.chain_id, contract, method, nonce=nonce, **args)
        self.submit(tx)
        self._nonces[caller.address] = nonce + 1
        return tx

    def install(self, cls: type[Contract], admin: str) -> bytes:
        """Install ``cls`` in every member's library and have every member approve it.

        The approvals are calls in the mempools; the contract is installed in the
        block where a quorum of them is final. Returns the code hash.
        """
        digest = code_hash(cls)
        for name, node in self.nodes.items():
            if isinstance(node, ContractChain) and name not in self._libraries:
                node.library.register(cls)
        for key in self._keys.values():
            self.call(key, SYSTEM, "approve", name=cls.name, code=b58encode(digest), admin=admin)
        return digest

    @property
    def agreed(self) -> ContractChain:
        """The node to read the agreed state from: the first member's among those furthest
        ahead (:attr:`Consortium.ahead`), never one left behind by a refusal."""
        return self.node(self.ahead.name)

    def receipt(self, txid: bytes) -> Receipt | None:
        """The agreed receipt of a final call (read from :attr:`agreed`)."""
        return self.agreed.receipt(txid)

    def query(self, contract: str, key: str, default: Any = None) -> Any:
        """The agreed state entry (read from :attr:`agreed`)."""
        return self.agreed.query(contract, key, default)

    def run_height(
        self, silent: Iterable[str] = (), equivocators: Iterable[str] = ()
    ) -> list[Event]:
        """Decide the next height (see :meth:`Consortium.run_height`), adding to the trace
        each member that refused a block because its own execution differs.

        A member left behind by such a refusal takes no part any more, as a
        node that cannot follow the chain would.
        """
        before = len(self.refusals)
        events = super().run_height(silent, equivocators)
        extra = [
            Event(events[-1].height, events[-1].view, "refused", f"{name} refuses: {error}")
            for name, error in self.refusals[before:]
        ]
        return events + self._record(extra)

    def _deliver(self) -> list[tuple[str, object, object]]:
        outcomes = super()._deliver()
        for name, _, outcome in outcomes:
            if isinstance(outcome, (StateRootError, MissingCodeError)):
                self.refusals.append((name, outcome))
        return outcomes
