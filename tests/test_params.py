"""Chain parameters: the numbers two nodes must share to share a chain."""

from __future__ import annotations

from dataclasses import replace

import pytest

from minichain.errors import MinichainError, OutOfRangeError, WrongTypeError
from minichain.params import ChainParams
from minichain.pow import bits_to_target
from tests.bitcoin_headers import MAINNET_HEADERS
from tests.ledger_fixtures import ALICE, TAX_BUREAU


def test_bitcoins_genesis_is_the_real_block_zero():
    params = ChainParams.bitcoin()
    genesis = params.bitcoin_genesis
    assert genesis is not None and genesis.serialize().hex() == MAINNET_HEADERS[0]
    assert genesis.hash_hex() == "000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f"
    assert params.genesis_bits == genesis.bits == 0x1D00FFFF


def test_only_bitcoins_rules_carry_bitcoins_genesis():
    assert ChainParams.classroom().bitcoin_genesis is None
    assert ChainParams.regtest().bitcoin_genesis is None


def test_genesis_bits_round_trip_to_the_pow_limit_as_compact_bits_can():
    for params in (ChainParams.classroom(), ChainParams.regtest(), ChainParams.bitcoin()):
        target = bits_to_target(params.genesis_bits)
        assert target <= params.pow_limit
        # the mantissa keeps 16 to 24 significant bits, so the error is below a 2**-15 share
        assert params.pow_limit - target < params.pow_limit >> 15


def test_the_reward_halves_every_interval_and_ends_after_64_halvings():
    bitcoin = ChainParams.bitcoin()
    assert bitcoin.reward(0) == bitcoin.reward(209_999) == 5_000_000_000
    assert bitcoin.reward(210_000) == 2_500_000_000
    assert bitcoin.reward(840_000) == 312_500_000  # the fourth halving, April 2024
    assert bitcoin.reward(64 * 210_000) == 0


def test_a_chain_without_a_halving_interval_pays_the_same_reward_forever():
    assert ChainParams.classroom().reward(10**9) == 50


def test_issuers_are_kept_sorted_by_kind_and_looked_up_by_kind():
    params = ChainParams.regtest().with_issuers(
        {"invoice": [TAX_BUREAU.address], "diploma": [ALICE.address]}
    )
    assert [kind for kind, _ in params.issuers] == ["diploma", "invoice"]
    assert params.issuers_of("invoice") == (TAX_BUREAU.address,)
    assert params.issuers_of("bill of lading") == ()


@pytest.mark.parametrize(
    ("issuers", "error", "field"),
    [
        ({"invoice": TAX_BUREAU.address}, WrongTypeError, "issuers[invoice]"),
        ({"invoice": []}, OutOfRangeError, "issuers[invoice]"),
        ((("invoice",),), WrongTypeError, "issuers[0]"),
    ],
    ids=["one str, not a list", "nobody", "not a pair"],
)
def test_an_issuer_list_that_is_not_a_list_of_addresses_is_refused(issuers, error, field):
    with pytest.raises(error) as refused:
        replace(ChainParams.regtest(), issuers=issuers)
    assert refused.value.field == field


def test_an_issuer_that_is_not_an_address_is_refused():
    with pytest.raises(MinichainError):
        ChainParams.regtest().with_issuers({"invoice": ["not an address"]})


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"name": ""}, "name"),
        ({"pow_limit": 0}, "pow_limit"),
        ({"pow_limit": 2**256}, "pow_limit"),
        ({"block_reward": -1}, "block_reward"),
        ({"retarget_interval": 0}, "retarget_interval"),
        ({"max_block_size": 999}, "max_block_size"),
        ({"genesis_timestamp": 2**32}, "genesis_timestamp"),
        ({"coinbase_maturity": 1.5}, "coinbase_maturity"),
    ],
    ids=lambda value: str(value),
)
def test_a_number_out_of_its_range_is_refused_by_name(change, field):
    with pytest.raises(MinichainError) as refused:
        ChainParams.classroom(**change)
    assert refused.value.field == field
