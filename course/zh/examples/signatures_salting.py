# source_sha256: b09cf970a9fd9ccf55ad5156e2a6daa7cb8610919567a77f79cb919609af89da
"""公开的哈希值会泄露学历证书：猜一个、核一个。每份证书加一个随机盐值，就能阻止这种猜测。"""

# --8<-- [start:guess]
import itertools
import json
import secrets

from minichain.hashing import sha256d


def canonical(diploma: dict[str, str]) -> bytes:
    """键按顺序排列、不留空格、UTF-8 编码，与锚定一整届的例子相同。"""
    text = json.dumps(diploma, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return text.encode("utf-8")


# 王芳（Wang Fang）的目标哈希是公开的：它就在她的回执里，也在整届的默克尔树里。
diploma = {"id": "2020-0417", "student": "Wang Fang", "degree": "Bachelor of Engineering"}
public_hash = sha256d(canonical(diploma))

# 陌生人知道该校怎样填写学历证书：一年之内的编号、常见的姓名、该校授予的学位。
# 每猜一次只需算一次哈希；一台笔记本电脑每秒能算几百万次。
names = ["Li Hua", "Wang Wei", "Zhang Wei", "Wang Fang", "Li Na", "Liu Yang", "Chen Jing"]
degrees = ["Bachelor of Engineering", "Bachelor of Arts", "Master of Science"]


def guess(target: bytes) -> tuple[int, dict[str, str] | None]:
    """逐一尝试每个编号、姓名和学位；返回尝试的次数和找到的证书。"""
    tries = 0
    for number, name, degree in itertools.product(range(1000), names, degrees):
        candidate = {"id": f"2020-{number:04d}", "student": name, "degree": degree}
        tries += 1
        if sha256d(canonical(candidate)) == target:
            return tries, candidate
    return tries, None


tries, found = guess(public_hash)
print(f"不加盐：猜了 {tries:,} 次，找到：", found)
# --8<-- [end:guess]

# --8<-- [start:salted]
# 高校在计算哈希之前，为每份学历证书加上 16 个随机字节。毕业生把它们和证书放在一起，
# 证书给谁看，就把它们也给谁看。
salted = {**diploma, "salt": secrets.token_bytes(16).hex()}
salted_hash = sha256d(canonical(salted))
tries, found = guess(salted_hash)  # 同样的猜测，却少了陌生人无从知道的盐值
print(f"加盐：  猜了 {tries:,} 次，找到：", found)
print("用人单位看到证书和盐值后核验：", sha256d(canonical(salted)) == salted_hash)
print("单是猜盐值就需要的次数：2 **", 8 * 16)
# --8<-- [end:salted]
