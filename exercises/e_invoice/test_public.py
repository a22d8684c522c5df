"""Public checks of the e-invoice exercise: the learner sees and runs these."""

from exercise import claim, invoice_holders, register_invoice

from minichain.chain import Blockchain
from minichain.errors import DoubleSpendError, MinichainError
from minichain.hashing import sha256
from minichain.header import BlockHeader
from minichain.keys import PrivateKey
from minichain.ledger import Block
from minichain.merkle import merkle_root
from minichain.miner import mine_block
from minichain.params import ChainParams
from minichain.pow import mine
from minichain.tx import Document, OutPoint, TxOut, coinbase, issue

TAX_BUREAU = PrivateKey.from_seed("Shenzhen tax bureau")
EMPLOYEE = PrivateKey.from_seed("employee Zhang Wei")
EMPLOYER = PrivateKey.from_seed("employer Qianhai Logistics")
OTHER_EMPLOYER = PrivateKey.from_seed("employer Nanshan Software")
MINER = PrivateKey.from_seed("miner")
PARAMS = ChainParams.regtest().with_issuers({"invoice": [TAX_BUREAU.address]})
INVOICE = b"VAT e-invoice 144031900111 No. 00386721; seller Futian Hotel; total 1280.00 CNY"
NUMBER = "00386721"


def registered():
    """A chain on which the bureau's invoice is confirmed for the employee."""
    chain = Blockchain(PARAMS)
    issuance = register_invoice(TAX_BUREAU, EMPLOYEE.address, INVOICE, NUMBER, PARAMS.name)
    chain.submit(issuance)
    mine_block(chain, MINER.address)
    return chain, issuance, OutPoint(issuance.txid, 0)


def refusal(action):
    """The error ``action()`` raises when the chain refuses it, or None when it is accepted."""
    try:
        action()
    except MinichainError as error:
        return error
    return None


def forge(parent, height, transactions):
    """A block with valid proof-of-work on ``parent`` (a header) that no honest miner would make."""
    body = (coinbase(height, MINER.address, PARAMS.reward(height)), *transactions)
    header = BlockHeader(
        1,
        parent.hash(),
        merkle_root([tx.txid for tx in body]),
        parent.timestamp + 10,
        parent.bits,
        0,
    )
    return Block(mine(header), body)


def test_register_invoice_gives_the_invoice_digest_to_the_employee():
    issuance = register_invoice(TAX_BUREAU, EMPLOYEE.address, INVOICE, NUMBER, PARAMS.name)
    (output,) = issuance.outputs
    assert output.owner == EMPLOYEE.address, "the invoice must go to the employee"
    assert output.document is not None, "the output must carry a Document"
    assert output.document.kind == "invoice", f"kind is {output.document.kind!r}, not 'invoice'"
    assert output.document.digest == sha256(INVOICE), "the digest is not sha256 of the invoice"
    assert dict(output.document.metadata) == {"number": NUMBER}, "metadata must be the number"


def test_register_invoice_is_accepted_by_the_chain():
    chain, issuance, _ = registered()
    held = chain.documents(EMPLOYEE.address)
    assert held == [issuance.outputs[0].document], (
        f"after block 1 the employee should hold the invoice, but holds {held}"
    )


def test_claim_spends_the_invoice_and_gives_it_to_the_employer():
    _, issuance, invoice_at = registered()
    invoice = issuance.outputs[0].document
    tx = claim(EMPLOYEE, invoice_at, invoice, EMPLOYER.address, PARAMS.name)
    assert [tx_in.prevout for tx_in in tx.inputs] == [invoice_at], "spend exactly invoice_at"
    assert tx.outputs == (TxOut.document_to(EMPLOYER.address, invoice),), (
        "the one output must give the invoice to the employer"
    )


def test_claim_is_accepted_and_moves_the_invoice():
    chain, issuance, invoice_at = registered()
    invoice = issuance.outputs[0].document
    chain.submit(claim(EMPLOYEE, invoice_at, invoice, EMPLOYER.address, PARAMS.name))
    mine_block(chain, MINER.address)
    assert chain.documents(EMPLOYER.address) == [invoice], "the employer should hold the invoice"
    assert chain.documents(EMPLOYEE.address) == [], "the employee should hold nothing any more"


def test_claim_a_second_time_is_refused_as_a_double_spend():
    chain, issuance, invoice_at = registered()
    invoice = issuance.outputs[0].document
    chain.submit(claim(EMPLOYEE, invoice_at, invoice, EMPLOYER.address, PARAMS.name))
    second = claim(EMPLOYEE, invoice_at, invoice, OTHER_EMPLOYER.address, PARAMS.name)
    error = refusal(lambda: chain.submit(second))
    assert isinstance(error, DoubleSpendError), f"expected a DoubleSpendError, got {error!r}"


def test_invoice_holders_of_an_honest_chain():
    chain, issuance, invoice_at = registered()
    invoice = issuance.outputs[0].document
    holders = invoice_holders(list(chain), PARAMS)
    assert holders == {NUMBER: EMPLOYEE.address}, (
        f"after the issuance the employee {EMPLOYEE.address} holds it; got {holders}"
    )
    chain.submit(claim(EMPLOYEE, invoice_at, invoice, EMPLOYER.address, PARAMS.name))
    mine_block(chain, MINER.address)
    holders = invoice_holders(list(chain), PARAMS)
    assert holders == {NUMBER: EMPLOYER.address}, (
        f"after the claim the employer {EMPLOYER.address} holds it; got {holders}"
    )


def reimbursed_twice():
    """A chain with the invoice, the two claims of it, and a block holding both."""
    chain, issuance, invoice_at = registered()
    invoice = issuance.outputs[0].document
    first = claim(EMPLOYEE, invoice_at, invoice, EMPLOYER.address, PARAMS.name)
    second = claim(EMPLOYEE, invoice_at, invoice, OTHER_EMPLOYER.address, PARAMS.name)
    return chain, first, forge(chain.tip.header, 2, [first, second])


def test_invoice_holders_skips_a_block_that_reimburses_twice():
    chain, _, both = reimbursed_twice()
    holders = invoice_holders([*chain, both], PARAMS)
    assert holders == {NUMBER: EMPLOYEE.address}, (
        f"a block claiming the same invoice twice must be refused whole; got {holders}"
    )


def test_invoice_holders_never_counts_a_block_built_on_a_refused_one():
    chain, first, both = reimbursed_twice()
    orphan = forge(both.header, 3, [first])  # one valid claim, on a refused parent
    holders = invoice_holders([*chain, both, orphan], PARAMS)
    assert holders == {NUMBER: EMPLOYEE.address}, (
        f"a block whose parent was refused is an orphan and never counts; got {holders}"
    )


def test_invoice_holders_counts_invoices_only():
    params = ChainParams.regtest().with_issuers(
        {"invoice": [TAX_BUREAU.address], "receipt": [TAX_BUREAU.address]}
    )
    chain = Blockchain(params)
    chain.submit(register_invoice(TAX_BUREAU, EMPLOYEE.address, INVOICE, NUMBER, params.name))
    receipt = Document.of("receipt", b"a hotel receipt", number="7")
    chain.submit(issue(TAX_BUREAU, [(EMPLOYER.address, receipt)], params.name))
    mine_block(chain, MINER.address)
    holders = invoice_holders(list(chain), params)
    assert holders == {NUMBER: EMPLOYEE.address}, f"only invoices count; got {holders}"
