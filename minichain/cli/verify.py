"""``minichain verify``: re-check a chain file from genesis and name the first problem exactly.

Only the argument grammar lives at module level; the handler imports the
check (:mod:`minichain.cli.audit`, which says what is checked and how) and
rich when it runs, so ``minichain --help`` stays quick.
"""

from __future__ import annotations

import argparse

from minichain.cli.arguments import add_params_option, chain_params, existing_chain_file, path
from minichain.terminal.i18n import _, say


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``verify PATH`` to the command line."""
    verify = commands.add_parser(
        "verify",
        help=_("re-check every block of a chain file from genesis; name the first problem"),
        description=(
            _(
                "Re-validates the chain file PATH block by block from genesis with every rule, "
                "signatures included, without changing it. Prints a summary and exits 0 when the "
                "file is sound; otherwise prints the first problem (height, block hash, field and "
                "rule) and exits 1."
            )
        ),
    )
    verify.add_argument("path", type=path, metavar="PATH", help=_("the chain file"))
    add_params_option(verify)
    verify.set_defaults(handler=run_verify)


def run_verify(args: argparse.Namespace) -> int:
    """Check the file with a progress bar; 0 and a summary if sound, 1 and the first problem."""
    import sys

    from minichain.cli.audit import Summary, check_chain_file
    from minichain.hashing import short_hex, to_display_hex
    from minichain.terminal.i18n import _, ngettext
    from minichain.terminal.progress import progress_bar
    from minichain.terminal.style import grouped, labelled, make_console

    path = existing_chain_file(args.path)
    params = chain_params(args.params, path)
    console = make_console()
    bar = progress_bar(console)
    with bar:
        task = bar.add_task(_("checking blocks"), total=None)
        result = check_chain_file(
            path, params, lambda done, total: bar.update(task, completed=done, total=total)
        )
    if isinstance(result, Summary):
        console.print(
            _(
                "✓ {file} is sound: {blocks} stored blocks, {transactions} transactions, "
                "every rule and signature re-checked from genesis"
            ).format(file=path, blocks=result.blocks, transactions=result.transactions)
        )
        rows = [(_("height"), str(result.height)), (_("tip"), to_display_hex(result.tip))]
        if result.side_blocks:
            side = ngettext(
                "{count} block on side branches",
                "{count} blocks on side branches",
                result.side_blocks,
            )
            rows.append((_("side"), side.format(count=grouped(result.side_blocks))))
        for line in labelled(rows, 8, indent="  "):
            console.print(line)
        return 0
    height = "?" if result.height is None else str(result.height)
    console.print(_("✗ {file}: block {height} breaks a rule").format(file=path, height=height))
    rows = [
        (_("height"), height),
        (_("block"), to_display_hex(result.block_hash)),
        (_("row"), str(result.row)),
        (_("field"), result.field),
        (_("rule"), say(result.rule)),
    ]
    if result.where:
        rows.append((_("where"), _(", ").join(say(place) for place in result.where)))
    for line in labelled(rows, 8, indent="  "):
        console.print(line)
    reason = f"{path}: " + _("block {height} ({hash}): {field}: {rule}").format(
        height=height, hash=short_hex(result.block_hash), field=result.field, rule=say(result.rule)
    )
    print(_("minichain: {reason}").format(reason=reason), file=sys.stderr)
    return 1
