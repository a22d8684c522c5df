"""``minichain verify``: re-check a chain file from genesis and name the first problem exactly.

Only the argument grammar lives at module level; the handler imports the
check (:mod:`minichain.cli.audit`, which says what is checked and how) and
rich when it runs, so ``minichain --help`` stays quick.
"""

from __future__ import annotations

import argparse

from minichain.cli.arguments import add_params_option, chain_params, existing_chain_file, path


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``verify PATH`` to the command line."""
    verify = commands.add_parser(
        "verify",
        help="re-check every block of a chain file from genesis; name the first problem",
        description=(
            "Re-validates the chain file PATH block by block from genesis with every rule, "
            "signatures included, without changing it. Prints a summary and exits 0 when the "
            "file is sound; otherwise prints the first problem (height, block hash, field and "
            "rule) and exits 1."
        ),
    )
    verify.add_argument("path", type=path, metavar="PATH", help="the chain file")
    add_params_option(verify)
    verify.set_defaults(handler=run_verify)


def run_verify(args: argparse.Namespace) -> int:
    """Check the file with a progress bar; 0 and a summary if sound, 1 and the first problem."""
    import sys

    from minichain.cli.audit import Summary, check_chain_file
    from minichain.hashing import short_hex, to_display_hex
    from minichain.terminal.progress import progress_bar
    from minichain.terminal.style import make_console, plural

    path = existing_chain_file(args.path)
    params = chain_params(args.params, path)
    console = make_console()
    bar = progress_bar(console)
    with bar:
        task = bar.add_task("checking blocks", total=None)
        result = check_chain_file(
            path, params, lambda done, total: bar.update(task, completed=done, total=total)
        )
    if isinstance(result, Summary):
        console.print(
            f"✓ {path} is sound: {result.blocks} stored blocks, {result.transactions} "
            "transactions, every rule and signature re-checked from genesis"
        )
        console.print(f"  height  {result.height}")
        console.print(f"  tip     {to_display_hex(result.tip)}")
        if result.side_blocks:
            console.print(f"  side    {plural(result.side_blocks, 'block')} on side branches")
        return 0
    height = "?" if result.height is None else str(result.height)
    console.print(f"✗ {path}: block {height} breaks a rule")
    console.print(f"  height  {height}")
    console.print(f"  block   {to_display_hex(result.block_hash)}")
    console.print(f"  row     {result.row}")
    console.print(f"  field   {result.field}")
    console.print(f"  rule    {result.rule}")
    if result.where:
        console.print(f"  where   {result.where.split(': ')[0]}")
    print(
        f"minichain: {path}: block {height} ({short_hex(result.block_hash)}): "
        f"{result.field}: {result.rule}",
        file=sys.stderr,
    )
    return 1
