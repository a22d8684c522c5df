# source_sha256: 05b6d634dd36d82bb0036165e8934780d6fcfffbef2f4a2d5e4166696e74b4ce
"""一份用哈希值串起来的取证日志：改动其中一条记录，它之后的每一个链接值都会断裂。"""

import runpy
from pathlib import Path

# 日志的规则就是练习自己的规则：从练习的 starter 文件载入 GENESIS 和 link()，
# 这样本页和练习在这条规则上永远不会出现分歧。
STARTER = Path(__file__).resolve().parents[3] / "exercises" / "evidence_hash" / "starter.py"
rules = runpy.run_path(str(STARTER))
GENESIS, link = rules["GENESIS"], rules["link"]

# --8<-- [start:chain]
records = [b"capture started", b"page.html", b"screenshot.png", b"capture ended"]

links = []
previous = GENESIS
for record in records:
    previous = link(previous, record)
    links.append(previous)

for index, value in enumerate(links):
    print(index, value.hex()[:16], "...")
# --8<-- [end:chain]

# --8<-- [start:tamper]
records[1] = b"page-edited.html"  # 链接值公布之后，有人改动了第 1 条记录

previous = GENESIS
for index, record in enumerate(records):
    previous = link(previous, record)
    verdict = "相符" if previous == links[index] else "断裂"
    print(index, previous.hex()[:16], "...", verdict)
# --8<-- [end:tamper]
