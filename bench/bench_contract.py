"""What executing contracts adds to a consortium height.

* ``contract_call_overhead_ratio``: CPU time for four members to take 100
  signed contract calls (the receivable registry's ``register``) into their
  mempools and make a height of them final, over the same for 100 plain
  transfers (a holder passing a document on, one signed input each). Both
  kinds of transaction carry one signature, which every node verifies when the
  transaction enters its mempool; then the height. The difference is what
  contracts add: decoding each call, running it under the meter on every
  member, and the two Merkle roots. The goal (issue 16) is at most 2. The
  figure also prints the ratio of the heights alone (after admission), where
  the meter's line tracing (a Python trace function) dominates.
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
ROUNDS = 5
KEYS = seeded_keys(("Shanghai", "Nanjing", "Hangzhou", "Hefei"))
PLATFORM = PrivateKey.from_seed("bench platform")
EXPORTER = PrivateKey.from_seed("bench exporter")
BANK = PrivateKey.from_seed("bench bank")


def contract_height(round_number: int) -> tuple[ContractConsortium, list[Transaction]]:
    """A consortium with the registry installed, and 100 signed ``register`` calls."""
    members = ContractConsortium(KEYS, clients=[PLATFORM.address], gas=10_000)
    members.install(ReceivableRegistry, PLATFORM.address)
    members.run_height()
    calls = [
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
        for number in range(CALLS)
    ]
    gc.collect()
    return members, calls


def transfer_height(round_number: int) -> tuple[Consortium, list[Transaction]]:
    """A plain consortium with 100 documents issued to the exporter, and their signed transfers."""
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
    transfers = []
    for document, issuance in zip(documents, issuances):
        unsigned = Transaction(
            (TxIn(OutPoint(issuance.txid, 0)),), (TxOut.document_to(BANK.address, document),)
        )
        transfers.append(sign(unsigned, EXPORTER, params.name))
    gc.collect()
    return members, transfers


def admit_and_decide(members: Consortium, transactions: list[Transaction]) -> list[float]:
    """CPU seconds to gossip ``transactions`` to every node, then to decide the height."""
    admitted = cpu_seconds(lambda: [members.submit(tx) for tx in transactions])
    return [admitted, cpu_seconds(members.run_height)]


def main() -> None:
    calls, transfers = [], []
    for round_number in range(ROUNDS):  # alternating, so both see the same load
        calls.append(admit_and_decide(*contract_height(round_number)))
        transfers.append(admit_and_decide(*transfer_height(round_number)))
    whole = statistics.median(sum(c) / sum(t) for c, t in zip(calls, transfers))
    heights = statistics.median(c[1] / t[1] for c, t in zip(calls, transfers))
    report(
        "contract_call_overhead_ratio",
        whole,
        f"goal <= 2; median of {ROUNDS} rounds, 4 members; {CALLS} contract calls admitted and "
        f"final in {statistics.median(sum(c) for c in calls) * 1e3:.1f} ms / {CALLS} plain "
        f"transfers {statistics.median(sum(t) for t in transfers) * 1e3:.1f} ms; the heights "
        f"alone {heights:.1f}x",
    )


if __name__ == "__main__":
    main()
