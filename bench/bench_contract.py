"""What executing contracts adds to a consortium height.

* ``contract_call_overhead_ratio`` (issue 16): CPU time for four members to
  make final a height of 100 signed contract calls (the receivable registry's
  ``register``), over the same for a height of 100 plain transfers (a holder
  passing a document on, one signed input each). Both batches are gossiped to
  every member's mempool first, untimed (each transaction's own form is checked
  there alike: its one signature, and a call's arguments and digest, decoded
  once); what is timed is the height itself: the proposer
  builds the block (for the calls: executes them and commits the state and
  receipts roots), and every member checks it (for the calls: executes them
  again and compares both roots), votes and finalises it. The two heights run
  side by side in each round, alternating which goes first; the figure is the
  median of the rounds' ratios. The goal is at most 2.
"""

from __future__ import annotations

import gc
import statistics

from bench.common import cpu_seconds, report
from minichain.consensus import seeded_keys
from minichain.consortium import Consortium
from minichain.contract import ContractConsortium, call
from minichain.keys import PrivateKey
from minichain.params import ChainParams
from minichain.registries import ReceivableRegistry
from minichain.tx import Document, OutPoint, Transaction, TxIn, TxOut, sign
from minichain.wallet import issue_document

CALLS = 100
ROUNDS = 9
KEYS = seeded_keys(("Shanghai", "Nanjing", "Hangzhou", "Hefei"))
PLATFORM = PrivateKey.from_seed("bench platform")
EXPORTER = PrivateKey.from_seed("bench exporter")
BANK = PrivateKey.from_seed("bench bank")


def contract_height(round_number: int) -> Consortium:
    """A consortium with the registry installed and 100 ``register`` calls in every mempool."""
    members = ContractConsortium(KEYS, clients=[PLATFORM.address], gas=10_000)
    members.install(ReceivableRegistry, PLATFORM.address)
    members.run_height()
    for number in range(CALLS):
        members.submit(
            call(
                PLATFORM,
                members.chain_id,
                "receivables",
                "register",
                nonce=number,
                number=f"AR-{round_number}-{number}",
                debtor=BANK.address,
                amount=1_000 + number,
                holder=EXPORTER.address,
            )
        )
    gc.collect()
    return members


def transfer_height(round_number: int) -> Consortium:
    """A plain consortium with 100 documents issued to the exporter, and their signed
    transfers to the bank in every mempool."""
    params = ChainParams.regtest(name="bench-transfers").with_issuers(
        {"receivable": [PLATFORM.address]}
    )
    members = Consortium(KEYS, params)
    node = next(iter(members.nodes.values()))
    documents, issuances = [], []
    for number in range(CALLS):
        document = Document.of("receivable", f"AR-{round_number}-{number}".encode())
        issuance = issue_document(node.chain, PLATFORM, EXPORTER.address, document)
        for other in list(members.nodes.values())[1:]:
            other.submit(issuance)
        documents.append(document)
        issuances.append(issuance)
    members.run_height()
    for document, issuance in zip(documents, issuances):
        unsigned = Transaction(
            (TxIn(OutPoint(issuance.txid, 0)),), (TxOut.document_to(BANK.address, document),)
        )
        members.submit(sign(unsigned, EXPORTER, params.name))
    gc.collect()
    return members


def height_seconds(members: Consortium) -> float:
    """CPU seconds for the consortium to decide its next height (100 transactions waiting)."""
    return cpu_seconds(members.run_height)


def main() -> None:
    calls, transfers = [], []
    for round_number in range(ROUNDS):
        contract, plain = contract_height(round_number), transfer_height(round_number)
        if round_number % 2:  # alternate which height runs first, so both see the same load
            transfers.append(height_seconds(plain))
            calls.append(height_seconds(contract))
        else:
            calls.append(height_seconds(contract))
            transfers.append(height_seconds(plain))
    ratio = statistics.median(c / t for c, t in zip(calls, transfers))
    report(
        "contract_call_overhead_ratio",
        ratio,
        f"goal <= 2; median of {ROUNDS} rounds, 4 members; a height of {CALLS} contract calls "
        f"{statistics.median(calls) * 1e3:.1f} ms / a height of {CALLS} plain transfers "
        f"{statistics.median(transfers) * 1e3:.1f} ms (CPU, building, executing, checking "
        "and finalising)",
    )


if __name__ == "__main__":
    main()
