"""Hidden checks of the e-invoice exercise: only the grader runs these."""

from exercise import claim, invoice_holders, register_invoice

from minichain.chain import Blockchain
from minichain.errors import DocumentError, DoubleSpendError, MinichainError, SignatureError
from minichain.header import BlockHeader
from minichain.keys import PrivateKey
from minichain.ledger import Block
from minichain.merkle import merkle_root
from minichain.miner import mine_block
from minichain.params import ChainParams
from minichain.pow import mine
from minichain.tx import Document, OutPoint, coinbase, issue

TAX_BUREAU = PrivateKey.from_seed("hidden tax bureau")
FORGER = PrivateKey.from_seed("invoice forger")
EMPLOYEE = PrivateKey.from_seed("hidden employee")
EMPLOYER = PrivateKey.from_seed("hidden employer")
OTHER_EMPLOYER = PrivateKey.from_seed("hidden other employer")
MINER = PrivateKey.from_seed("hidden miner")
PARAMS = ChainParams.regtest(name="shenzhen").with_issuers({"invoice": [TAX_BUREAU.address]})
INVOICES = {f"0070{n:04d}": f"hidden invoice {n}; total {n * 37}.50 CNY".encode() for n in range(3)}


def registered():
    chain = Blockchain(PARAMS)
    issuances = {
        number: register_invoice(TAX_BUREAU, EMPLOYEE.address, content, number, PARAMS.name)
        for number, content in INVOICES.items()
    }
    for issuance in issuances.values():
        chain.submit(issuance)
    mine_block(chain, MINER.address)
    return chain, issuances


def claim_of(issuances, number, employer):
    issuance = issuances[number]
    invoice = issuance.outputs[0].document
    return claim(EMPLOYEE, OutPoint(issuance.txid, 0), invoice, employer.address, PARAMS.name)


def refusal(action):
    """The error ``action()`` raises when the chain refuses it, or None when it is accepted."""
    try:
        action()
    except MinichainError as error:
        return error
    return None


def forge(parent, height, transactions):
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


def test_register_invoice_is_accepted_by_the_chain_it_names_only():
    chain = Blockchain(PARAMS)
    issuance = register_invoice(TAX_BUREAU, EMPLOYEE.address, b"x", "1", "another chain")
    assert isinstance(refusal(lambda: chain.submit(issuance)), SignatureError)


def test_register_invoice_is_accepted_by_the_chain_from_the_bureau_only():
    chain = Blockchain(PARAMS)
    fake = register_invoice(FORGER, EMPLOYEE.address, b"fake", "666", PARAMS.name)
    assert isinstance(refusal(lambda: chain.submit(fake)), DocumentError)


def test_register_invoice_is_accepted_by_the_chain_once_per_invoice():
    chain, _ = registered()
    number, content = next(iter(INVOICES.items()))
    again = register_invoice(TAX_BUREAU, OTHER_EMPLOYER.address, content, number, PARAMS.name)
    assert isinstance(refusal(lambda: chain.submit(again)), DocumentError)


def test_claim_a_second_time_is_refused_as_a_double_spend_even_in_one_block():
    chain, issuances = registered()
    number = next(iter(INVOICES))
    both = [claim_of(issuances, number, EMPLOYER), claim_of(issuances, number, OTHER_EMPLOYER)]
    assert isinstance(refusal(lambda: mine_block(chain, MINER.address, both)), DoubleSpendError)
    assert chain.height == 1


def test_claim_is_accepted_and_moves_the_invoice_only_when_its_holder_signs():
    chain, issuances = registered()
    issuance = issuances[next(iter(INVOICES))]
    stolen = claim(
        EMPLOYER,
        OutPoint(issuance.txid, 0),
        issuance.outputs[0].document,
        EMPLOYER.address,
        PARAMS.name,
    )
    assert isinstance(refusal(lambda: chain.submit(stolen)), SignatureError)


def test_claim_spends_the_invoice_and_gives_it_to_the_employer_one_of_several():
    chain, issuances = registered()
    first, second, third = INVOICES
    chain.submit(claim_of(issuances, first, EMPLOYER))
    chain.submit(claim_of(issuances, second, OTHER_EMPLOYER))
    mine_block(chain, MINER.address)
    assert {doc.digest for doc in chain.documents(EMPLOYER.address)} == {
        issuances[first].outputs[0].document.digest
    }
    assert len(chain.documents(EMPLOYEE.address)) == 1


def test_invoice_holders_of_an_honest_chain_of_the_genesis_block_alone():
    assert invoice_holders(list(Blockchain(PARAMS)), PARAMS) == {}


def test_invoice_holders_never_counts_a_block_built_on_a_refused_one_of_two():
    chain, issuances = registered()
    first, second, _ = INVOICES
    twice = forge(
        chain.tip.header,
        2,
        [claim_of(issuances, first, EMPLOYER), claim_of(issuances, first, OTHER_EMPLOYER)],
    )
    child = forge(twice.header, 3, [claim_of(issuances, second, EMPLOYER)])
    holders = invoice_holders([*chain, twice, child], PARAMS)
    assert holders == {number: EMPLOYEE.address for number in INVOICES}


def test_invoice_holders_skips_a_block_that_reimburses_twice_keeping_later_ones():
    chain, issuances = registered()
    first, second, third = INVOICES
    refused = forge(
        chain.tip.header,
        2,
        [claim_of(issuances, first, EMPLOYER), claim_of(issuances, first, OTHER_EMPLOYER)],
    )
    chain.submit(claim_of(issuances, second, OTHER_EMPLOYER))
    mine_block(chain, MINER.address)
    holders = invoice_holders([*list(chain)[:2], refused, *list(chain)[2:]], PARAMS)
    assert holders == {
        first: EMPLOYEE.address,
        second: OTHER_EMPLOYER.address,
        third: EMPLOYEE.address,
    }


def test_invoice_holders_skips_a_block_that_reimburses_twice_or_forges_an_invoice():
    chain = Blockchain(PARAMS)
    fake = Document.of("invoice", b"a fake invoice", number="99999999")
    block = forge(chain.tip.header, 1, [issue(FORGER, [(EMPLOYEE.address, fake)], PARAMS.name)])
    assert invoice_holders([*chain, block], PARAMS) == {}


def test_invoice_holders_counts_invoices_only_not_diplomas():
    diplomas = ChainParams.regtest(name="shenzhen").with_issuers(
        {"invoice": [TAX_BUREAU.address], "diploma": [TAX_BUREAU.address]}
    )
    chain = Blockchain(diplomas)
    diploma = Document.of("diploma", b"a diploma", number="1")
    chain.submit(issue(TAX_BUREAU, [(EMPLOYEE.address, diploma)], diplomas.name))
    mine_block(chain, MINER.address)
    assert invoice_holders(list(chain), diplomas) == {}
