"""Real nodes on loopback: a chain in SQLite, gossiping blocks and transactions over TCP.

Tooling on top of the teaching library (which never imports it):

* :mod:`minichain.node.errors`: what a node refuses, one class per reason.
* :mod:`minichain.node.addresses`: loopback-only addresses.
* :mod:`minichain.node.protocol`: length-prefixed JSON messages and their limits.
* :mod:`minichain.node.locator`: block locators, for catching up.
* :mod:`minichain.node.peer`: one connection's outbox and bookkeeping.
* :mod:`minichain.node.node`: the node itself; :mod:`minichain.node.client` asks it for its status.

Run one with ``minichain node --port P --data FILE.sqlite [--peer HOST:PORT ...]``.
"""
