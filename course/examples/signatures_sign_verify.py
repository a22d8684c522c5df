"""Sign a message with a secp256k1 key and verify it: what passes and what fails."""

# --8<-- [start:keys]
from minichain.keys import PrivateKey

university = PrivateKey.from_seed("minichain university registry")  # teaching only!
public = university.public_key
print("public key (33 bytes, SEC compressed):", public.sec().hex())
print("address:", public.address)
# --8<-- [end:keys]

# --8<-- [start:sign]
message = b"Li Hua, Bachelor of Engineering, Computer Science, first class, 2020-06-30"
signature = university.sign(message)
der = signature.der()
print("signature:", len(der), "bytes of DER, starting", der[:8].hex(), "...")
print("same message, same key, same signature:", university.sign(message) == signature)

print("verifies:", public.verify(message, signature))
edited = message.replace(b"first class", b"distinction")
print("edited message verifies:", public.verify(edited, signature))
mill = PrivateKey.from_seed("diploma mill")
print("signature by another key verifies:", public.verify(message, mill.sign(message)))
# --8<-- [end:sign]
