# source_sha256: a094fd98ac94c6184a27c27d501d47be2eec8f85d13e93c4d51e1ac4c623f7c5
"""活性：视图切换跳过沉默的提议节点，直到剩下的城市太少。"""

from minichain.consortium import YANGTZE_RIVER_DELTA_CITIES, Consortium

CITIES = YANGTZE_RIVER_DELTA_CITIES  # 上海在前，其后是江苏、浙江、安徽的城市
delta = Consortium.seeded(CITIES)  # 由城市名推算出的密钥：仅限教学使用

# --8<-- [start:eight]
# 高度 1：最先轮到的八个城市（南京……盐城）宕机了。
down = CITIES[1:9]
events = delta.run_height(silent=down)
print(sum(e.kind == "view change" for e in events), "次视图切换，然后：")
for event in events[-4:]:
    print(event)
# --8<-- [end:eight]

# --8<-- [start:nine]
# 高度 2：又多一个城市宕机。发声的城市只有 18 个，而法定人数是 19。
for event in delta.run_height(silent=CITIES[1:10]):
    print(event)
print("已最终确认到高度", delta.final_height)
# --8<-- [end:nine]
