"""Liveness: silent proposers are skipped by view changes, until too few cities are left."""

from minichain.consortium import YANGTZE_RIVER_DELTA_CITIES, Consortium

CITIES = YANGTZE_RIVER_DELTA_CITIES  # Shanghai, then Jiangsu, Zhejiang and Anhui
delta = Consortium.seeded(CITIES)  # keys from names: for lessons only

# --8<-- [start:eight]
# Height 1: the eight cities whose turns come first (Nanjing ... Yancheng) are down.
down = CITIES[1:9]
events = delta.run_height(silent=down)
print(sum(e.kind == "view change" for e in events), "view changes, then:")
for event in events[-4:]:
    print(event)
# --8<-- [end:eight]

# --8<-- [start:nine]
# Height 2: one more city is down. 18 cities speak; a quorum is 19.
for event in delta.run_height(silent=CITIES[1:10]):
    print(event)
print("final height:", delta.final_height)
# --8<-- [end:nine]
