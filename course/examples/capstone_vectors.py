"""Standards conformance: two spellings of one record, and minichain against the shared vectors."""

import json

from minichain.hashing import sha256
from minichain.standards import check_vectors, load_vectors

# --8<-- [start:two_spellings]
# The bank's program and the carrier's program describe the same container.
bank_view = {"number": "CSQU3054383", "gross_kg": 18200, "seal": "SL-778812"}
carrier_view = {"seal": "SL-778812", "number": "CSQU3054383", "gross_kg": 18200}
print("same record?", bank_view == carrier_view)
for name, record in (("bank", bank_view), ("carrier", carrier_view)):
    text = json.dumps(record)  # default settings: insertion order, spaces after : and ,
    print(f"{name:8}", text, sha256(text.encode()).hex()[:16])
# --8<-- [end:two_spellings]

# --8<-- [start:check]
vectors = load_vectors()
for result in check_vectors(vectors):
    print(result)
# --8<-- [end:check]

# --8<-- [start:one_vector]
vector = vectors["canonical_json"][1]
print(vector["name"])
print(vector["canonical"])
print("its SHA-256:", vector["sha256"])
# --8<-- [end:one_vector]
