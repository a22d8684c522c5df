# source_sha256: 8bc84dbc6fcf454d4ac5ca7fe7babfb822fc961cd4f6739a7f962c8a48cd1dc8
"""书记员的核对：摆在法庭上的这份文件，哈希值还和回执上的一样吗？"""

from minichain.hashing import sha256

CONTRACT = b"Licence agreement, page 3: the article may not be republished.\n"

# --8<-- [start:receipt]
# 书记员照着打印的回执敲进来的哈希值：字母是大写的，还多了一个空格。
RECEIPT = " 4D1F687EFE7A92FA4FA4AEFF7B44630B9458FC9BD7D4E8B90A1BCA08453B58ED\n"

fingerprint = sha256(CONTRACT).hex()
print(fingerprint == RECEIPT)  # 同一个哈希值，写法不同
print(fingerprint == RECEIPT.strip().lower())  # 统一写法后再比较
print(sha256(CONTRACT + b" ").hex() == RECEIPT.strip().lower())  # 文件多了一个字节
print(fingerprint == "not a hash at all")  # 回执上的字迹无法辨认：对不上就是对不上
# --8<-- [end:receipt]
