# source_sha256: 67e65793872b2cdec5b83ca451f321ac957800e151d36aebbc3c8df95ccb0e0b
"""用 SHA-256 为一份证据计算指纹，看看只改一个字节怎样让指纹面目全非。"""

# --8<-- [start:standard]
import hashlib

from minichain.hashing import sha256

# NIST 为 SHA-256 公布的示例（FIPS 180-4）：三个字节 abc 的摘要。
print(sha256(b"abc").hex())
print(sha256(b"abc") == hashlib.sha256(b"abc").digest())
# --8<-- [end:standard]

# --8<-- [start:fingerprint]
CONTRACT = b"Licence agreement, page 3: the article may not be republished.\n"
ALTERED = CONTRACT.replace(b"may not", b"may now")  # 只改了一个字节：t -> w

original = sha256(CONTRACT)
altered = sha256(ALTERED)
print("文件字节数：", len(CONTRACT))
print("摘要字节数：", len(original))
print("原文件指纹：", original.hex())
print("改动后指纹：", altered.hex())

# 256 位中有多少位不同？无论改动落在哪里，都是一半左右。
changed_bits = bin(int.from_bytes(original, "big") ^ int.from_bytes(altered, "big")).count("1")
print("不同的位数：", changed_bits, "位，共 256 位")
# --8<-- [end:fingerprint]

# --8<-- [start:text]
from minichain.errors import MinichainError

try:
    sha256("page.html")  # 传入的是文本，不是字节
except MinichainError as error:
    print("被拒绝：", error)
print(sha256("page.html".encode("utf-8")).hex())
# --8<-- [end:text]
