"""Pictures of minichain objects for the terminal, drawn with rich.

Tooling, not teaching: the teaching modules never import this package. Every
renderer reads the library's own objects and asks the library for anything
that is a rule (work, targets, balances, proof verdicts), so a picture can
never disagree with the code it shows.

* :mod:`minichain.terminal.blocks`: :func:`~minichain.terminal.blocks.block_panel`
* :mod:`minichain.terminal.transactions`:
  :func:`~minichain.terminal.transactions.transaction_table`
* :mod:`minichain.terminal.chains`: :func:`~minichain.terminal.chains.chain_table`
* :mod:`minichain.terminal.addresses`: :func:`~minichain.terminal.addresses.address_panel`
* :mod:`minichain.terminal.proofs`: :func:`~minichain.terminal.proofs.merkle_path`
* :mod:`minichain.terminal.style`: amounts, counts and a console whose output is stable
* :mod:`minichain.terminal.progress`: the progress bar every long command shows
* :mod:`minichain.terminal.forks`: a node's block tree and a simulation's timeline
* :mod:`minichain.terminal.scenarios` and :mod:`~minichain.terminal.simview`: ``minichain sim``
* :mod:`minichain.terminal.tour`: the steps of ``minichain tour``
"""
