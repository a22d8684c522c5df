# source_sha256: efa973e53144c7eb43886053d9028a16e92de37e1233ea5e3f1d98dfb6c88a77
"""符合标准：同一条记录的两种写法，以及 minichain 对照共享测试向量的核对。"""

import json

from minichain.hashing import sha256
from minichain.standards import check_vectors, load_vectors

# --8<-- [start:two_spellings]
# 银行的程序和承运人的程序描述的是同一个集装箱。
bank_view = {"number": "CSQU3054383", "gross_kg": 18200, "seal": "SL-778812"}
carrier_view = {"seal": "SL-778812", "number": "CSQU3054383", "gross_kg": 18200}
print(f"是同一条记录吗？{bank_view == carrier_view}")
for name, record in (("银行", bank_view), ("承运人", carrier_view)):
    text = json.dumps(record)  # 默认设置：按插入顺序，冒号和逗号之后有空格
    print(f"{name:{8 - len(name)}}", text, sha256(text.encode()).hex()[:16])  # 一个汉字占两列
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
print("它的 SHA-256：" + vector["sha256"])
# --8<-- [end:one_vector]
