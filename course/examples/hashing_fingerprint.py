"""Fingerprint a piece of evidence with SHA-256 and watch one changed byte change everything."""

# --8<-- [start:standard]
import hashlib

from minichain.hashing import sha256

# NIST's published example for SHA-256 (FIPS 180-4): the digest of the three bytes "abc".
print(sha256(b"abc").hex())
print(sha256(b"abc") == hashlib.sha256(b"abc").digest())
# --8<-- [end:standard]

# --8<-- [start:fingerprint]
CONTRACT = b"Licence agreement, page 3: the article may not be republished.\n"
ALTERED = CONTRACT.replace(b"may not", b"may now")  # one byte: t -> w

original = sha256(CONTRACT)
altered = sha256(ALTERED)
print("bytes in the file:    ", len(CONTRACT))
print("bytes in the digest:  ", len(original))
print("original fingerprint: ", original.hex())
print("altered fingerprint:  ", altered.hex())

# How many of the 256 bits differ? About half, wherever the change was made.
changed_bits = bin(int.from_bytes(original, "big") ^ int.from_bytes(altered, "big")).count("1")
print("bits that differ:     ", changed_bits, "of 256")
# --8<-- [end:fingerprint]

# --8<-- [start:text]
from minichain.errors import MinichainError

try:
    sha256("page.html")  # text, not bytes
except MinichainError as error:
    print("refused:", error)
print(sha256("page.html".encode("utf-8")).hex())
# --8<-- [end:text]
