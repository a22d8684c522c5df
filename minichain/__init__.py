"""minichain: a small blockchain, exact enough to verify real Bitcoin data.

Read the teaching modules in the order of :data:`TEACHING_MODULES`, below:
each one imports only those listed before it (``tests/test_architecture.py``
checks). The README's table of the library and the API reference's index say
in a line what each one teaches, in the same order (tests check the README's).

The tooling (the ``minichain`` command) lives in :mod:`minichain.cli`, on top.
"""

__version__ = "0.1.0"
"""The version, written only here: pyproject.toml reads it (``dynamic = ["version"]``)."""

TEACHING_MODULES = (
    "minichain.errors",
    "minichain.hashing",
    "minichain.base58",
    "minichain.merkle",
    "minichain.encoding",
    "minichain.keys",
    "minichain.gm",
    "minichain.suite",
    "minichain.header",
    "minichain.pow",
    "minichain.tx",
    "minichain.params",
    "minichain.sigcache",
    "minichain.headers",
    "minichain.ledger",
    "minichain.mempool",
    "minichain.store",
    "minichain.chain",
    "minichain.miner",
    "minichain.wallet",
    "minichain.events",
    "minichain.locator",
    "minichain.nakamoto",
    "minichain.consensus",
    "minichain.consortium",
    "minichain.plain",
    "minichain.calls",
    "minichain.gas",
    "minichain.contract_base",
    "minichain.code_rules",
    "minichain.commitments",
    "minichain.execution",
    "minichain.contract",
    "minichain.registries",
    "minichain.sim",
    "minichain.standards",
)
"""The library in reading order: each module may import only modules listed before it."""
