"""Shared pieces of the contract tests: four members, a counter contract, a gm consortium."""

import hashlib

from minichain.consensus import seeded_keys
from minichain.contract import ContractConsortium
from minichain.contract_base import Contract
from minichain.keys import PrivateKey
from minichain.params import ChainParams
from minichain.suite import GM, GMPrivateKey

MEMBERS = ("Shanghai", "Nanjing", "Hangzhou", "Hefei")
KEYS = seeded_keys(MEMBERS)
ADMIN = PrivateKey.from_seed("contract admin")
ALICE = PrivateKey.from_seed("alice, an enrolled client")
STRANGER = PrivateKey.from_seed("stranger, not enrolled")


class Counter(Contract):
    """A small contract for the tests: a counter, a loop, a failing write."""

    name = "counter"

    def add(self, amount: int) -> int:
        total = self.state.get("total", 0) + amount
        self.state["total"] = total
        return total

    def add_then_fail(self, amount: int) -> None:
        self.state["total"] = self.state.get("total", 0) + amount
        self.require(False, "amount", "refused after writing")

    def spin(self, rounds: int) -> int:
        count = 0
        for _ in range(rounds):
            count += 1
        return count

    def spin_and_swallow(self, rounds: int) -> str:
        try:
            for _ in range(rounds):
                pass
        except Exception:  # noqa: BLE001 - what a contract must not be able to do
            return "swallowed"
        return "done"

    def crash(self) -> int:
        return {}["missing"]


def consortium(contract=Counter, **options):
    """Four members with ``contract`` installed at height 1 (ADMIN is its admin)."""
    chain = ContractConsortium(KEYS, clients=[ADMIN.address, ALICE.address], **options)
    chain.install(contract, ADMIN.address)
    chain.run_height()
    return chain


def final(chain, tx):
    """Run one height and return ``tx``'s receipt."""
    chain.run_height()
    return chain.receipt(tx.txid)


GM_KEYS = seeded_keys(MEMBERS, GM)
GM_ADMIN = GMPrivateKey.from_seed("contract admin")
GM_ALICE = GMPrivateKey.from_seed("alice, an enrolled client")
GM_PARAMS = ChainParams.regtest(name="gm-contracts", suite="gm")


def openssl_sm3(data: bytes) -> bytes:
    """SM3 as OpenSSL computes it (through hashlib), not as minichain does."""
    return hashlib.new("sm3", data).digest()


def sm3_tree(leaves: list[bytes]) -> bytes:
    """A Merkle root whose every parent is OpenSSL's SM3 of its two children."""
    level = leaves
    while len(level) > 1:
        if len(level) % 2:
            level = level + level[-1:]
        level = [openssl_sm3(level[i] + level[i + 1]) for i in range(0, len(level), 2)]
    return level[0]


def gm_consortium():
    """Four members on SM2/SM3 with Counter installed at height 1."""
    chain = ContractConsortium(GM_KEYS, GM_PARAMS, clients=[GM_ADMIN.address, GM_ALICE.address])
    chain.install(Counter, GM_ADMIN.address)
    chain.run_height()
    return chain
