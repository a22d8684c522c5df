"""Final means final: an observer follows certificates, and a competing final block is refused."""

from minichain.consensus import CommitCertificate, Vote, seeded_keys
from minichain.consortium import YANGTZE_RIVER_DELTA_CITIES, Consortium, PermissionedChain
from minichain.errors import AuthorityError
from minichain.miner import build_block
from minichain.nakamoto import attacker_success_probability
from minichain.params import ChainParams

CITIES = YANGTZE_RIVER_DELTA_CITIES  # Shanghai, then Jiangsu, Zhejiang and Anhui
keys = seeded_keys(CITIES)
params = ChainParams.regtest(name="yrd-consortium")
delta = Consortium(keys, params)
members = delta.validators

# --8<-- [start:observer]
delta.run_height()  # the 27 cities make block 1 final
shanghai = delta.nodes["Shanghai"]
certificate, block = shanghai.certificates[1], shanghai.chain.block_at(1)

# An observer (a court, an auditor) holds no key and saw none of the votes.
# The block and its certificate are all it needs.
observer = PermissionedChain(params, members)
print(observer.receive_certificate(certificate, block), "-> final height", observer.final_height)
# --8<-- [end:observer]


# --8<-- [start:conflict]
def refused(action) -> str:
    try:
        action()
    except AuthorityError as error:
        return f"{type(error).__name__}: {error.field}: {error.rule}"
    return "accepted"


# Nineteen cities, from Yancheng to Xuancheng, sign a rival block 1 as well.
rival_node = PermissionedChain(params, members)  # a node still at height 0
rival = build_block(rival_node.chain, keys["Hefei"].address, [], note=b"rival")
signers = CITIES[8:]
votes = tuple(Vote.signed(keys[c], c, params.name, 1, rival.hash) for c in signers)
rival_certificate = CommitCertificate(1, rival.hash, votes)
print(refused(lambda: observer.receive_certificate(rival_certificate, rival)))
# --8<-- [end:conflict]

# --8<-- [start:nakamoto]
# Lesson 7's chains never say "final": an attacker with 10% of the mining power
# can still undo a payment with this chance, however many blocks the merchant waits.
for confirmations in (1, 6, 12):
    chance = attacker_success_probability(0.1, confirmations)
    print(f"{confirmations:>2} confirmations: {chance:.10f}")
# --8<-- [end:nakamoto]
