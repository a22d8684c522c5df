# source_sha256: fcfa7197e726b80d8c83e28a65f0038e4636a53496c97827525d84f0c79c7bcb
"""用 secp256k1 私钥对消息签名并验证：哪些能通过，哪些通不过。"""

# --8<-- [start:keys]
from minichain.keys import PrivateKey

university = PrivateKey.from_seed("minichain university registry")  # 仅供教学！
public = university.public_key
print("公钥（33 字节，SEC 压缩格式）：", public.sec().hex())
print("地址：", public.address)
# --8<-- [end:keys]

# --8<-- [start:sign]
message = b"Li Hua, Bachelor of Engineering, Computer Science, first class, 2020-06-30"
signature = university.sign(message)
der = signature.der()
print("签名：", len(der), "字节的 DER 编码，开头为", der[:8].hex(), "...")
print("同一消息、同一私钥，签名相同：", university.sign(message) == signature)

print("通过验证：", public.verify(message, signature))
edited = message.replace(b"first class", b"distinction")
print("改动后的消息通过验证：", public.verify(edited, signature))
mill = PrivateKey.from_seed("diploma mill")
print("另一把私钥的签名通过验证：", public.verify(message, mill.sign(message)))
# --8<-- [end:sign]
