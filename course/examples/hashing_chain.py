"""A capture log whose entries are chained by hashes: edit one entry and every later link breaks."""

import runpy
from pathlib import Path

# The log's rule is the exercise's own: load GENESIS and link() from its starter file, so
# this page and the exercise can never disagree about it.
STARTER = Path(__file__).resolve().parents[2] / "exercises" / "evidence_hash" / "starter.py"
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
records[1] = b"page-edited.html"  # someone edits entry 1 after the links were published

previous = GENESIS
for index, record in enumerate(records):
    previous = link(previous, record)
    verdict = "matches" if previous == links[index] else "BROKEN"
    print(index, previous.hex()[:16], "...", verdict)
# --8<-- [end:tamper]
