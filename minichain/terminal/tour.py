"""``minichain tour``: the whole course in ten minutes, one step at a time, with live objects.

It speaks the terminal's language (:mod:`minichain.terminal.i18n`): the steps' texts are
marked with ``N_`` and translated where they are shown; the objects themselves (hex,
addresses, the library's own refusals) stay as the code makes them.

Every step makes real minichain objects and shows them: a digest that changes
when one byte does, a Merkle path, blocks, a mined header, a signature, a
refused double spend, a reorganisation, the Bitcoin paper's table and a
consortium of 27 cities. Nothing is pre-recorded. Keys come from seeds and
chains use simulated time, so every run prints the same facts; only the live
hash rate of the mining bar differs from machine to machine.

Each step is a title, a few sentences, the objects, and the lesson that
teaches it. A step builds everything it needs itself, so the tour can start at
any step.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from rich.console import Console, Group
from rich.markup import escape
from rich.panel import Panel
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from minichain.terminal.i18n import N_, _, language
from minichain.terminal.i18n import refusal as say_refusal
from minichain.terminal.progress import HashRateColumn, progress_bar
from minichain.terminal.style import Fitting, labelled
from minichain.terminal.wrap import prose

__all__ = ["STEPS", "Step", "run_tour"]


@dataclass(frozen=True)
class Step:
    """One stop of the tour.

    Attributes:
        title: what the step shows, in a few words.
        explain: two or three sentences of plain explanation.
        lesson: the lesson that teaches it, by number and title.
        page: that lesson's page on the course site, as a path (``hashing/``).
        show: prints the step's live objects.
    """

    title: str
    explain: str
    lesson: str
    page: str
    show: Callable[[Console], None]

    @property
    def address(self) -> str:
        """Where ``make serve`` serves the lesson's page (the English edition)."""
        return f"{LOCAL_SITE}{self.page}"

    def address_in(self, code: str) -> str:
        """The lesson's page in the edition of language ``code`` (the Chinese one is under zh/)."""
        return f"{LOCAL_SITE}{'zh/' if code == 'zh' else ''}{self.page}"


# --- 1. hashing -------------------------------------------------------------------------


def _differing_bits(a: bytes, b: bytes) -> int:
    return bin(int.from_bytes(a, "big") ^ int.from_bytes(b, "big")).count("1")


def show_hashing(console: Console) -> None:
    """SHA-256 of a piece of evidence, and of the same text with one byte changed."""
    from minichain.hashing import sha256

    original = b"Loan contract 2019-118: Party A repays Party B 100000 CNY by 2020-06-30."
    tampered = original.replace(b"100000", b"900000")
    before, after = sha256(original), sha256(tampered)
    changed_hex = sum(x != y for x, y in zip(before.hex(), after.hex(), strict=True))
    marked = Text()
    for x, y in zip(before.hex(), after.hex(), strict=True):
        marked.append(y, style="bold red" if x != y else "")
    texts = [(escape(original.decode()), Text(before.hex())), (escape(tampered.decode()), marked)]
    beside = Table(show_header=True, pad_edge=False)
    beside.add_column(_("text"))
    beside.add_column("SHA-256", no_wrap=True)
    under = Table(show_header=True, pad_edge=False, show_lines=True)
    under.add_column(_("text, then its SHA-256"), overflow="fold")
    for text, digest in texts:
        beside.add_row(text, digest)
        under.add_row(Group(text, digest))
    # Side by side only where the whole sentence fits beside its digest.
    console.print(Fitting(beside, under))
    console.print(
        _(
            "one byte changed ('1' -> '9'): {bits} of 256 bits "
            "and {digits} of 64 hex digits of the digest changed"
        ).format(bits=_differing_bits(before, after), digits=changed_hex)
    )


# --- 2. Merkle proof ----------------------------------------------------------------------


INVOICES = tuple(
    f"e-invoice No. 0038{number:04d}, Shenzhen, {100 + 37 * number} CNY".encode()
    for number in range(8)
)


def show_merkle(console: Console) -> None:
    """A proof that one invoice is in a block of eight, checked from leaf to root."""
    from minichain.hashing import sha256d
    from minichain.merkle import merkle_proof, merkle_root, verify_proof
    from minichain.terminal.proofs import merkle_path

    leaves = [sha256d(invoice) for invoice in INVOICES]
    root = merkle_root(leaves)
    index = 5
    proof = merkle_proof(leaves, index)
    console.print(
        _("leaf {index}: {invoice}").format(index=index, invoice=INVOICES[index].decode())
    )
    console.print(merkle_path(proof, leaves[index], root))
    console.print(
        _("{siblings} sibling hashes prove 1 of {leaves} invoices; verify_proof: {verdict}").format(
            siblings=len(proof.siblings),
            leaves=len(leaves),
            verdict=verify_proof(leaves[index], proof, root),
        )
    )
    forged = sha256d(INVOICES[index].replace(b"CNY", b"USD"))
    console.print(
        _(
            "the same proof for the invoice with 'CNY' changed to 'USD': verify_proof: {verdict}"
        ).format(verdict=verify_proof(forged, proof, root))
    )


# --- 3. blocks ----------------------------------------------------------------------------


def show_blocks(console: Console) -> None:
    """Three blocks mined on a classroom chain, each pointing at the one before."""
    from minichain.chain import Blockchain
    from minichain.hashing import short_hex
    from minichain.keys import PrivateKey
    from minichain.miner import mine_block
    from minichain.params import ChainParams
    from minichain.terminal.blocks import block_panel
    from minichain.terminal.chains import chain_table

    miner = PrivateKey.from_seed("tour miner")
    chain = Blockchain(ChainParams.classroom())
    for _height in range(3):
        mine_block(chain, miner.address)
    console.print(chain_table(chain))
    second, third = chain.block_at(2), chain.block_at(3)
    console.print(block_panel(chain, third))
    rewritten = replace(second.header, timestamp=second.header.timestamp + 1)
    console.print(
        _(
            "block 3's prev hash is block 2's hash: {linked}. Rewrite block 2's time by one "
            "second and its hash becomes {rewritten}, so block 3 no longer points at it."
        ).format(
            linked=third.header.prev_hash == second.hash, rewritten=short_hex(rewritten.hash())
        )
    )


# --- 4. mining ----------------------------------------------------------------------------


MINING_DIFFICULTY_BITS = 20
"""Extra zero bits the mining step asks for: about 2**20 (a million) tries."""


def show_mining(console: Console) -> None:
    """Mine one header whose target is 2**20 times harder than the easiest, with a live bar."""
    from minichain.chain import Blockchain
    from minichain.hashing import to_display_hex
    from minichain.keys import PrivateKey
    from minichain.miner import build_block
    from minichain.params import ChainParams
    from minichain.pow import bits_to_target, block_work, mine, target_to_bits

    params = ChainParams.classroom()
    chain = Blockchain(params)
    template = build_block(chain, PrivateKey.from_seed("tour miner").address).header
    bits = target_to_bits((2**256 - 1) >> MINING_DIFFICULTY_BITS)
    target = bits_to_target(bits)
    header = replace(template, bits=bits, nonce=0)
    expected = block_work(bits)
    with progress_bar(console, HashRateColumn()) as progress:
        task = progress.add_task(_("mining"), total=expected)
        found = mine(header, progress=lambda tried: progress.update(task, completed=tried))
    if found is None:  # pragma: no cover - a 2**-20 target always has a nonce in 2**32
        console.print(_("no nonce found"))
        return
    digest = to_display_hex(found.hash())
    for line in labelled([(_("target"), f"{target:064x}"), (_("hash"), digest)], 8):
        console.print(line)
    console.print(
        _(
            "nonce {nonce} found after {tries} tries "
            "(about {expected} expected: each try wins with probability 1 in {expected})"
        ).format(nonce=f"{found.nonce:,}", tries=f"{found.nonce + 1:,}", expected=f"{expected:,}")
    )


# --- 5. signatures ------------------------------------------------------------------------


def show_signatures(console: Console) -> None:
    """A registrar signs a diploma; a changed diploma and another key fail to verify."""
    from minichain.keys import PrivateKey

    registrar = PrivateKey.from_seed("Fudan University registrar")
    diploma = b"Diploma 102461202005001234: Li Na, B.Sc. Computer Science, 2020-06-30"
    signature = registrar.sign(diploma)
    public = registrar.public_key
    facts = [
        (_("registrar's address"), public.address),
        (_("public key (SEC1)"), public.sec().hex()),
        (_("signature (DER)"), f"{signature.der().hex()[:64]}…"),
    ]
    for line in labelled(facts, 21):
        console.print(line)
    table = Table(pad_edge=False)
    table.add_column(_("check"))
    table.add_column("verify", justify="center")
    table.add_row(_("the diploma as signed"), str(public.verify(diploma, signature)))
    forged = diploma.replace(b"B.Sc.", b"M.Sc.")
    table.add_row(_("the same signature on 'M.Sc.'"), str(public.verify(forged, signature)))
    impostor = PrivateKey.from_seed("a diploma mill").public_key
    table.add_row(_("checked against another key"), str(impostor.verify(diploma, signature)))
    console.print(table)


# --- 6. double spend ----------------------------------------------------------------------


def show_double_spend(console: Console) -> None:
    """An e-invoice claimed twice: the chain refuses the second claim, in its own words."""
    from minichain.chain import Blockchain
    from minichain.errors import ConsensusError
    from minichain.keys import PrivateKey
    from minichain.miner import mine_block
    from minichain.params import ChainParams
    from minichain.terminal.transactions import transaction_table
    from minichain.tx import Document, OutPoint, Transaction, TxIn, TxOut, sign
    from minichain.wallet import issue_document

    bureau, employee, employer, other, miner = (
        PrivateKey.from_seed(name)
        for name in ("tax bureau", "employee", "employer", "other employer", "tour miner")
    )
    params = ChainParams.classroom().with_issuers({"invoice": [bureau.address]})
    chain = Blockchain(params)
    invoice = Document.of("invoice", b"VAT e-invoice No. 00386721; 1280.00 CNY", number="00386721")
    issuance = issue_document(chain, bureau, employee.address, invoice)
    mine_block(chain, miner.address)
    console.print(
        _("the tax bureau issued {invoice} to the employee in block 1").format(
            invoice=invoice.label
        )
    )

    def claim_to(company: PrivateKey) -> Transaction:
        spend = TxIn(OutPoint(issuance.txid, 0))  # the same output, whoever the claim is for
        return sign(
            Transaction((spend,), (TxOut.document_to(company.address, invoice),)),
            employee,
            params.name,
        )

    first, second = claim_to(employer), claim_to(other)
    chain.submit(first)
    console.print(transaction_table(first, chain))
    console.print(_("claim 1, to the employer: {tx} waits in the mempool").format(tx=first.label))

    def refuse(when: str) -> None:
        try:
            chain.submit(second)
        except ConsensusError as error:
            refusal = f"[bold red]{type(error).__name__}[/bold red]"
            console.print(_("claim 2, {when}: {refusal}").format(when=when, refusal=refusal))
            console.print(f"  {escape(say_refusal(error))}")

    refuse(_("to another employer, meanwhile"))
    mine_block(chain, miner.address)
    holder = chain.documents(employer.address)[0].label
    console.print(
        _("block 2 confirms claim 1: the employer holds {invoice}").format(invoice=holder)
    )
    refuse(_("sent again after block 2"))


# --- 7. fork and reorg --------------------------------------------------------------------


def show_fork(console: Console) -> None:
    """Two miners extend genesis apart; the node switches when the other branch has more work."""
    from minichain.chain import Blockchain
    from minichain.keys import PrivateKey
    from minichain.miner import mine_block
    from minichain.params import ChainParams
    from minichain.terminal.forks import added_outcome, fork_tree

    params = ChainParams.classroom()
    alice, bob = PrivateKey.from_seed("miner Alice"), PrivateKey.from_seed("miner Bob")
    names = {alice.address: "Alice", bob.address: "Bob"}
    node, other = Blockchain(params), Blockchain(params)
    for _height in range(2):
        mine_block(node, alice.address)
    bobs = [mine_block(other, bob.address) for _height in range(3)]
    for height, block in enumerate(bobs[:2], 1):
        added = node.add_block(block)
        outcome = added_outcome(added)
        console.print(
            _("Bob's block {height} arrives: {outcome}").format(height=height, outcome=outcome)
        )
    console.print(fork_tree(node, title=_("before"), names=names))
    added = node.add_block(bobs[2])
    outcome = f"[bold]{added_outcome(added)}[/bold]"
    console.print(_("Bob's block {height} arrives: {outcome}").format(height=3, outcome=outcome))
    console.print(fork_tree(node, title=_("after the reorg"), names=names))


# --- 8. the Nakamoto table ----------------------------------------------------------------


def show_nakamoto(console: Console) -> None:
    """The chance that an attacker with share q ever overtakes z confirmations."""
    from minichain.nakamoto import (
        attacker_success_probability,
        confirmations_needed,
        exact_attacker_success_probability,
    )

    shares = (0.1, 0.3)
    table = Table(title=_("attacker success probability"), pad_edge=False)
    table.add_column("z", justify="right")
    for q in shares:
        table.add_column(_("q={q} paper").format(q=q), justify="right")
        table.add_column(_("q={q} exact").format(q=q), justify="right")
    for z in (0, 1, 2, 4, 6, 10):
        cells = []
        for q in shares:
            cells += [
                f"{attacker_success_probability(q, z):.7f}",
                f"{exact_attacker_success_probability(q, z):.7f}",
            ]
        table.add_row(str(z), *cells)
    console.print(table)
    console.print(
        _("confirmations for a risk under 0.1% (paper's formula): {needed}").format(
            needed=", ".join(f"q={q}: z={confirmations_needed(q, 0.001)}" for q in shares)
        )
    )


# --- 9. a permissioned quorum -------------------------------------------------------------


def show_quorum(console: Console) -> None:
    """27 cities decide three heights: a normal one, a silent proposer, a double signer."""
    from minichain.consensus import seeded_keys
    from minichain.consortium import YANGTZE_RIVER_DELTA_CITIES, Consortium
    from minichain.params import ChainParams

    params = ChainParams.regtest(name="yrd-consortium")
    delta = Consortium(seeded_keys(YANGTZE_RIVER_DELTA_CITIES), params)
    members = delta.validators
    console.print(
        _(
            "n = {n} cities, tolerating f = {f} faulty ones: "
            "a block is final with a quorum of {quorum} signatures"
        ).format(n=members.n, f=members.f, quorum=members.quorum)
    )
    silent = members.proposer(delta.final_height + 2, 0).name
    for title, kwargs in (
        (_("a normal height"), {}),
        (_("{city}, the proposer, is silent").format(city=silent), {"silent": [silent]}),
        (_("{city} signs two blocks").format(city="Suzhou"), {"equivocators": ["Suzhou"]}),
    ):
        console.print(f"[bold]{title}[/bold]")
        for event in delta.run_height(**kwargs):
            if "refused as replays" not in str(event):
                console.print(f"  {escape(str(event))}")
    for evidence in delta.evidence:
        evidence.verify(members, params.name)
        console.print(
            _("evidence against {validator} verifies with the validator set alone").format(
                validator=evidence.validator
            )
        )


LOCAL_SITE = "http://127.0.0.1:8000/"
"""The course site as ``make serve`` serves it (``mkdocs serve --dev-addr 127.0.0.1:8000``)."""


# --- the steps ----------------------------------------------------------------------------


STEPS: tuple[Step, ...] = (
    Step(
        N_("Hashing: one byte changes everything"),
        N_(
            "A hash function turns any text into a 32-byte fingerprint. Change one byte and about "
            "half of the fingerprint's bits flip, so a stored fingerprint proves that evidence "
            "was not touched."
        ),
        N_("Lesson 1, Hashing and tamper evidence"),
        "hashing/",
        show_hashing,
    ),
    Step(
        N_("A Merkle proof: one invoice out of many"),
        N_(
            "A Merkle tree hashes pairs of hashes up to one root. To prove that one invoice is in "
            "a block you need only the sibling hashes on its path: three for eight invoices, "
            "twenty for a million."
        ),
        N_("Lesson 3, Merkle trees"),
        "merkle/",
        show_merkle,
    ),
    Step(
        N_("Blocks chained by their hashes"),
        N_(
            "Each block header carries the hash of the block before it. Rewriting an old block "
            "changes its hash and breaks the link from every later block."
        ),
        N_("Lesson 2, Blocks and chaining"),
        "blocks/",
        show_blocks,
    ),
    Step(
        N_("Mining: proof-of-work"),
        N_(
            "A block counts only if its header hashes below a target. The only way to find such "
            "a header is to try nonce after nonce; here the target is a million times harder "
            "than the easiest, so expect about a million tries."
        ),
        N_("Lesson 6, Proof-of-work"),
        "proof-of-work/",
        show_mining,
    ),
    Step(
        N_("Signing and verifying"),
        N_(
            "A private key signs a message; anyone with the public key can check the signature. "
            "The check fails if one letter of the message changes or if another key is used."
        ),
        N_("Lesson 4, Keys and signatures"),
        "signatures/",
        show_signatures,
    ),
    Step(
        N_("A double spend, refused"),
        N_(
            "A transaction spends an earlier output, and an output can be spent only once. The "
            "chain keeps the set of unspent outputs, so a second claim of the same invoice is "
            "refused with the reason."
        ),
        N_("Lesson 5, Transactions and double spends"),
        "transactions/",
        show_double_spend,
    ),
    Step(
        N_("A fork and a reorganisation"),
        N_(
            "Two miners can extend the same block at once: the chain forks. Every node follows "
            "the branch with the most work, and switches (reorganises) when another branch "
            "overtakes it."
        ),
        N_("Lesson 7, Forks and Nakamoto consensus"),
        "nakamoto/",
        show_fork,
    ),
    Step(
        N_("How many confirmations are enough?"),
        N_(
            "An attacker with a share q of the hash power can try to overtake the honest chain "
            "after a merchant has waited for z blocks. Section 11 of the Bitcoin paper computes "
            "his chance; the exact formula is a little higher."
        ),
        N_("Lesson 7, Forks and Nakamoto consensus"),
        "nakamoto/",
        show_nakamoto,
    ),
    Step(
        N_("A permissioned quorum: 27 cities"),
        N_(
            "A consortium chain has known members that vote instead of mining. A block is final "
            "when a quorum signs it, so a silent member only delays a height, and a member that "
            "signs two blocks leaves signed evidence against itself."
        ),
        N_("Lesson 8, Permissioned consensus"),
        "permissioned/",
        show_quorum,
    ),
)


def render_step(console: Console, number: int, steps: Sequence[Step] = STEPS) -> None:
    """Print step ``number`` (from 1): its title, explanation, objects and lesson."""
    step = steps[number - 1]
    heading = _("step {number} of {total}: {title}").format(
        number=number, total=len(steps), title=escape(_(step.title))
    )
    console.print(Rule(f"[bold]{heading}[/bold]"))
    console.print(Panel(prose(_(step.explain)), border_style="cyan"))
    step.show(console)
    console.print(_("[dim]learn more:[/dim] {lesson}").format(lesson=escape(_(step.lesson))))
    address = step.address_in(language())
    console.print("  " + _("{address} [dim](after make serve)[/dim]").format(address=address))


def run_tour(
    console: Console,
    *,
    start: int = 1,
    auto: bool = False,
    ask: Callable[[str], str] | None = None,
    steps: Sequence[Step] = STEPS,
) -> int:
    """Walk through ``steps`` from ``start``; return the number of steps shown.

    Between steps it waits for Enter (``q`` quits) unless ``auto``.

    Args:
        console: where to print.
        start: the first step to show (from 1).
        auto: run without pauses (for tests and captures).
        ask: reads one answer after a prompt (default ``console.input``).
    """
    ask = console.input if ask is None else ask
    welcome = _("minichain tour: {count} steps through the course, about ten minutes.").format(
        count=len(steps)
    )
    made = _("Every object below is real and made as you watch.")
    keys = "" if auto else " " + _("Press Enter for the next step, q then Enter to quit.")
    console.print(
        Panel(prose(f"{welcome}\n{made}{keys}"), title=_("welcome"), border_style="green")
    )
    shown = 0
    for number in range(start, len(steps) + 1):
        render_step(console, number, steps)
        shown += 1
        if number == len(steps):
            break
        if auto:
            console.print()
            continue
        try:
            prompt = _("Enter: step {number} · q: quit").format(number=number + 1)
            answer = ask(f"[dim]{prompt}[/dim] ")
        except (EOFError, KeyboardInterrupt):
            answer = "q"
        if answer.strip().lower() in ("q", "quit", "exit"):
            console.print(
                _(
                    "Tour stopped after step {number}. Resume with: minichain tour --step {next}"
                ).format(number=number, next=number + 1)
            )
            return shown
    console.print(
        Panel(
            prose(
                _(
                    "That was the whole course in brief. Next: read the lessons on the course "
                    "site (make serve), or do the exercises in the terminal: minichain learn."
                )
            ),
            title=_("end of the tour"),
            border_style="green",
        )
    )
    return shown
