# source_sha256: e0584cc90bd723adda0ffb13f3320e1da3faf3524ba63b8c9d0fcca1d2d656f6
"""作为合约的提单：背书转让、交回，货物只放给一个持有人。"""

from minichain.consensus import seeded_keys
from minichain.contract import ContractConsortium
from minichain.keys import PrivateKey
from minichain.registries import BillOfLading

carrier = PrivateKey.from_seed("carrier COSCO Shipping Lines")
exporter = PrivateKey.from_seed("exporter Shenzhen Lianhua Electronics")
bank = PrivateKey.from_seed("Bank of Qianhai")
importer = PrivateKey.from_seed("importer Rotterdam Home Retail")
names = {
    key.address: name for name, key in (("出口商", exporter), ("银行", bank), ("进口商", importer))
}

# --8<-- [start:bill]
members = seeded_keys(["Carrier", "Port of Shenzhen", "Port of Rotterdam", "Bank of Qianhai"])
trade = ContractConsortium(members, clients=[carrier.address, *names])
trade.install(BillOfLading, admin=carrier.address)
trade.run_height()
bill = "COSU6123456780"
steps = [
    trade.call(carrier, "bills", "issue", number=bill, shipper=exporter.address),
    trade.call(exporter, "bills", "endorse", number=bill, to=bank.address),
    trade.call(bank, "bills", "endorse", number=bill, to=importer.address),
    trade.call(importer, "bills", "surrender", number=bill, port="NLRTM"),
    trade.call(bank, "bills", "endorse", number=bill, to=exporter.address),
    trade.call(carrier, "bills", "release", number=bill, port="NLRTM", claimant=bank.address),
    trade.call(carrier, "bills", "release", number=bill, port="NLRTM", claimant=importer.address),
]
trade.run_height()
for tx in steps:
    receipt = trade.receipt(tx.txid)
    print(f"{receipt.method:9}", "成功" if receipt.ok else receipt.error)
record = trade.query("bills", bill)
print(f"持有人：{[names[address] for address in record['holders']]} -> {record['status']}")
# --8<-- [end:bill]
