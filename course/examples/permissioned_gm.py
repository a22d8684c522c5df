"""The 27 cities' consortium on China's national algorithms: SM2 signatures and SM3 hashes."""

# --8<-- [start:suite]
import tempfile
from pathlib import Path

from minichain.chain import Blockchain
from minichain.consensus import seeded_keys, vote_digest
from minichain.consortium import YANGTZE_RIVER_DELTA_CITIES, Consortium
from minichain.errors import MinichainError
from minichain.gm import sm3
from minichain.keys import PrivateKey
from minichain.params import ChainParams
from minichain.suite import GM
from minichain.wallet import transfer

params = ChainParams.regtest(name="yrd-gm", suite="gm")  # the national suite
keys = seeded_keys(YANGTZE_RIVER_DELTA_CITIES, GM)  # SM2 keys anyone can recompute: lessons only
delta = Consortium(keys, params)
print(params.suite)
print("Shanghai's address:", keys["Shanghai"].address)
print("Shanghai's SM2 key:", keys["Shanghai"].public_key.sec().hex()[:24] + "...")
# --8<-- [end:suite]

# --8<-- [start:height]
for event in delta.run_height():
    print(event)
hefei = delta.nodes["Hefei"]
block = hefei.tip
print("block hash = SM3(80-byte header):", block.hash == sm3(block.header.serialize()))
print(
    "coinbase txid = SM3(its bytes):", block.transactions[0].txid == sm3(block.transactions[0].raw)
)
final = hefei.certificates[1]
vote = final.votes[0]
digest = vote_digest(params.name, 1, vote.block_hash, GM)  # SM3(tag, chain, height, block)
signer = keys[vote.validator].public_key
print(f"{vote.validator}'s vote is an SM2 signature:", signer.verify(digest, vote.signature))
final.verify(delta.validators, params.name)  # raises unless 19 members' SM2 votes verify
print(f"certificate of {len(final.votes)} SM2 votes: height 1 is final")
# --8<-- [end:height]

# --8<-- [start:refused]
bitcoin_key = PrivateKey.from_seed("Shanghai")  # secp256k1, lesson 4
try:
    transfer(hefei.chain, keys["Shanghai"], bitcoin_key.address, 1)
except MinichainError as error:
    print(f"{type(error).__name__}: {error}")
with tempfile.TemporaryDirectory() as folder:
    path = Path(folder) / "yrd-gm.chain"
    with Blockchain.open(path, params):
        pass  # a chain file of the gm suite
    try:
        Blockchain.open(path, ChainParams.regtest(name="yrd-gm"))  # Bitcoin's suite
    except MinichainError as error:
        print(f"{type(error).__name__}: {error.rule}")
# --8<-- [end:refused]
