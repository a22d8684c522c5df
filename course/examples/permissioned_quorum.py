"""27 Yangtze River Delta cities run a consortium chain: quorums, silence, a double signer."""

# --8<-- [start:cities]
from minichain.consensus import CommitCertificate, Vote, evidence_from_certificates, seeded_keys
from minichain.consortium import YANGTZE_RIVER_DELTA_CITIES, Consortium
from minichain.errors import AuthorityError
from minichain.keys import PrivateKey
from minichain.params import ChainParams

CITIES = YANGTZE_RIVER_DELTA_CITIES  # Shanghai, then Jiangsu, Zhejiang and Anhui

keys = seeded_keys(CITIES)  # keys anyone can recompute from a name: for lessons only
params = ChainParams.regtest(name="yrd-consortium")
delta = Consortium(keys, params)
members = delta.validators
print(f"n = {members.n}, f = {members.f}, quorum = {members.quorum}")
print("proposers of heights 1-3:", [members.proposer(h, 0).name for h in (1, 2, 3)])
# --8<-- [end:cities]

# --8<-- [start:height]
for event in delta.run_height():
    print(event)
# --8<-- [end:height]

# --8<-- [start:certificate]
shanghai = delta.nodes["Shanghai"]
final = shanghai.certificates[1]
print("signed by:", ", ".join(final.signers))


def check(certificate: CommitCertificate) -> str:
    try:
        certificate.verify(members, params.name)
    except AuthorityError as error:
        return f"{type(error).__name__}: {error.field}: {error.rule}"
    return "final"


print(check(final))
too_few = CommitCertificate(1, final.block_hash, final.votes[:18])
print(check(too_few))
padded = CommitCertificate(1, final.block_hash, final.votes[:18] + final.votes[:1])
print(check(padded))
beijing = PrivateKey.from_seed("Beijing")
outsider = Vote.signed(beijing, "Beijing", params.name, 1, final.block_hash)
print(check(CommitCertificate(1, final.block_hash, final.votes[:18] + (outsider,))))
# --8<-- [end:certificate]

# --8<-- [start:silent]
for event in delta.run_height(silent=["Wuxi"]):
    print(event)
# --8<-- [end:silent]

# --8<-- [start:equivocation]
for event in delta.run_height(equivocators=["Suzhou"]):
    print(event)
(evidence,) = delta.evidence
evidence.verify(members, params.name)  # needs nothing but the validator set
print("evidence against", evidence.validator, "holds up")
# --8<-- [end:equivocation]


# --8<-- [start:accountable]
# Two final blocks at one height need more than f = 8 cities to sign both.
# Suppose the 11 cities in the middle of the list do: each block gets 19 votes.
def certify(block_hash: bytes, names: list[str]) -> CommitCertificate:
    votes = [Vote.signed(keys[name], name, params.name, 9, block_hash) for name in names]
    return CommitCertificate(9, block_hash, tuple(votes))


block_a, block_b = bytes(31) + b"\x0a", bytes(31) + b"\x0b"
first, second = certify(block_a, CITIES[:19]), certify(block_b, CITIES[8:])
named = evidence_from_certificates(first, second, members, params.name)
print(len(named), "cities signed both blocks:", ", ".join(e.validator for e in named))
# --8<-- [end:accountable]
