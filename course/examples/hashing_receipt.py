"""The clerk's check: does the file in front of the court still have the hash on its receipt?"""

from minichain.hashing import sha256

CONTRACT = b"Licence agreement, page 3: the article may not be republished.\n"

# --8<-- [start:receipt]
# The hash as a clerk typed it from a printed receipt: upper case, a stray space.
RECEIPT = " 4D1F687EFE7A92FA4FA4AEFF7B44630B9458FC9BD7D4E8B90A1BCA08453B58ED\n"

fingerprint = sha256(CONTRACT).hex()
print(fingerprint == RECEIPT)  # the same hash, written differently
print(fingerprint == RECEIPT.strip().lower())  # compare like with like
print(sha256(CONTRACT + b" ").hex() == RECEIPT.strip().lower())  # one byte added
print(fingerprint == "not a hash at all")  # a garbled receipt is simply no match
# --8<-- [end:receipt]
