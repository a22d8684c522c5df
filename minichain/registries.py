"""The government scenarios' business rules as contracts: e-invoices, receivables, bills of lading.

Each class is a :class:`~minichain.contract_base.Contract` that a consortium
installs (:meth:`~minichain.contract.ContractConsortium.install`) with an
*admin*: the tax bureau for invoices, the trade-finance platform for
receivables, the ocean carrier for bills of lading. Every member executes
every call, so a rule written here holds on every member or the block is not
final.

* :class:`InvoiceBook`: Shenzhen's blockchain e-invoice (2018). The bureau
  authorises sellers; a seller issues an invoice to the buyer; the buyer
  claims it at one company (*reimbursed*); a second claim, at the same company
  or another (一票多报), is refused; the seller or the bureau may
  *red-reverse* (红冲) an invoice that was not reimbursed.
* :class:`ReceivableRegistry`: the trade-finance platform of the People's Bank
  of China (2018), built against repeated financing. The platform registers a
  receivable; its holder finances it once (the bank becomes the holder); the
  holder of an open receivable may split it into parts that add up to exactly
  its amount, in **one call** that retires the original and creates the
  parts. A financed receivable cannot be split, and a split one cannot be
  financed: the double financing that two separate transactions allowed is
  gone.
* :class:`BillOfLading`: an electronic bill of lading (UN/CEFACT's transferable
  record: single, one holder at a time, transferable, surrendered). The
  carrier issues it, each holder endorses it to the next, the last holder
  surrenders it at the port of discharge, and the carrier releases the cargo
  only to the one who surrendered it.

Refusals are :class:`~minichain.errors.ContractRuleError` naming the argument
(or ``caller``) and the rule.
"""

from __future__ import annotations

from typing import Any

from minichain.contract_base import Contract

MAX_NUMBER = 32
"""A document number (an invoice's, a receivable's, a bill's) is 1 to 32 characters."""


def _check_number(contract: Contract, number: Any) -> None:
    contract.require(
        isinstance(number, str) and 0 < len(number) <= MAX_NUMBER and "/" not in number,
        "number",
        "must be 1 to {max_number} characters without '/'",
        max_number=MAX_NUMBER,
    )


def _check_amount(contract: Contract, amount: Any, field: str) -> None:
    contract.require(
        isinstance(amount, int) and not isinstance(amount, bool),
        field,
        "must be an int (whole cents)",
    )
    contract.require(amount > 0, field, "must be positive, got {amount}", amount=amount)


def _check_address(contract: Contract, address: Any, field: str) -> None:
    contract.require(isinstance(address, str) and len(address) > 0, field, "must be an address")


class InvoiceBook(Contract):
    """E-invoices: issued by authorised sellers, reimbursed once, or red-reversed (lesson 5)."""

    name = "invoices"

    def authorise(self, seller: str) -> None:
        """The bureau (admin) lets ``seller`` issue invoices (a hotel, a taxi company)."""
        self.require(self.caller == self.admin, "caller", "only the tax bureau authorises sellers")
        _check_address(self, seller, "seller")
        self.state[f"sellers/{seller}"] = True

    # --8<-- [start:invoice_issue]
    def issue(self, number: str, buyer: str, amount: int) -> None:
        """The bureau or an authorised seller issues invoice ``number`` to ``buyer`` (fen)."""
        self.require(
            self.caller == self.admin or self.state.get(f"sellers/{self.caller}") is True,
            "caller",
            "only the tax bureau and the sellers it authorised issue invoices",
        )
        _check_number(self, number)
        self.require(
            number not in self.state, "number", "invoice {number} is already issued", number=number
        )
        _check_address(self, buyer, "buyer")
        _check_amount(self, amount, "amount")
        record = {"amount": amount, "holder": buyer, "seller": self.caller}
        self.state[number] = {**record, "status": "issued"}
        # --8<-- [end:invoice_issue]

    # --8<-- [start:invoice_reimburse]
    def reimburse(self, number: str, company: str) -> None:
        """The invoice's holder claims it at ``company``: once, ever."""
        invoice = self._invoice(number)
        self.require(
            self.caller == invoice["holder"], "caller", "only the invoice's holder claims it"
        )
        self.require(
            invoice["status"] == "issued",
            "number",
            "invoice {number} is {status}; only an issued invoice is reimbursed, once",
            number=number,
            status=invoice["status"],
        )
        _check_address(self, company, "company")
        invoice["status"] = "reimbursed"
        invoice["company"] = company
        self.state[number] = invoice
        # --8<-- [end:invoice_reimburse]

    # --8<-- [start:invoice_reverse]
    def reverse(self, number: str) -> None:
        """The seller (or the bureau) red-reverses (红冲) an invoice not yet reimbursed."""
        invoice = self._invoice(number)
        self.require(
            self.caller in (self.admin, invoice.get("seller")),
            "caller",
            "only the invoice's seller or the tax bureau reverses it",
        )
        self.require(
            invoice["status"] == "issued",
            "number",
            "invoice {number} is {status}; only an issued invoice can be reversed",
            number=number,
            status=invoice["status"],
        )
        invoice["status"] = "reversed"
        self.state[number] = invoice
        # --8<-- [end:invoice_reverse]

    def _invoice(self, number: str) -> Any:
        _check_number(self, number)
        self.require(number in self.state, "number", "no invoice {number}", number=number)
        return self.state[number]


class ReceivableRegistry(Contract):
    """Receivables: registered by the platform, financed once, split without inflating."""

    name = "receivables"

    def register(self, number: str, debtor: str, amount: int, holder: str) -> None:
        """The platform (admin) registers ``debtor``'s debt of ``amount`` cents to ``holder``."""
        self.require(self.caller == self.admin, "caller", "only the platform registers receivables")
        _check_number(self, number)
        self.require(
            number not in self.state, "number", "{number} is already registered", number=number
        )
        _check_address(self, debtor, "debtor")
        _check_amount(self, amount, "amount")
        _check_address(self, holder, "holder")
        self.state[number] = {
            "amount": amount,
            "debtor": debtor,
            "holder": holder,
            "parent": None,
            "status": "open",
        }

    def finance(self, number: str, bank: str) -> None:
        """The holder sells the open receivable to ``bank``, which becomes its holder."""
        receivable = self._open(number)
        _check_address(self, bank, "bank")
        receivable["holder"] = bank
        receivable["status"] = "financed"
        self.state[number] = receivable

    # --8<-- [start:split]
    def split(self, number: str, amounts: list[int]) -> list[str]:
        """Retire the open receivable and create its parts in one call; return the parts."""
        receivable = self._open(number)
        self.require(
            isinstance(amounts, list) and len(amounts) >= 2, "amounts", "needs at least two parts"
        )
        for amount in amounts:
            _check_amount(self, amount, "amounts")
        self.require(
            sum(amounts) == receivable["amount"],
            "amounts",
            "add up to {total}, but the receivable is for {amount}",
            total=sum(amounts),
            amount=receivable["amount"],
        )
        parts = []
        for position, amount in enumerate(amounts, 1):
            part = f"{number}/{position}"
            self.state[part] = {
                "amount": amount,
                "debtor": receivable["debtor"],
                "holder": receivable["holder"],
                "parent": number,
                "status": "open",
            }
            parts.append(part)
        receivable["status"] = "split"
        self.state[number] = receivable
        return parts
        # --8<-- [end:split]

    # --8<-- [start:open]
    def _open(self, number: str) -> Any:
        """The receivable ``number``, if the caller holds it and it is open."""
        self.require(
            isinstance(number, str) and number in self.state, "number", "no such receivable"
        )
        receivable = self.state[number]
        self.require(
            self.caller == receivable["holder"],
            "caller",
            "only the holder of {number} may act",
            number=number,
        )
        self.require(
            receivable["status"] == "open",
            "number",
            "{number} is {status}; only an open receivable can be financed or split",
            number=number,
            status=receivable["status"],
        )
        return receivable
        # --8<-- [end:open]


class BillOfLading(Contract):
    """Bills of lading: issued by the carrier, endorsed, surrendered, cargo released (lesson 9)."""

    name = "bills"

    def issue(self, number: str, shipper: str) -> None:
        """The carrier (admin) issues bill ``number`` to the shipper."""
        self.require(self.caller == self.admin, "caller", "only the carrier issues bills of lading")
        _check_number(self, number)
        self.require(
            number not in self.state, "number", "bill {number} is already issued", number=number
        )
        _check_address(self, shipper, "shipper")
        self.state[number] = {"holders": [shipper], "port": None, "status": "issued"}

    def endorse(self, number: str, to: str) -> None:
        """The holder passes the bill to ``to``."""
        bill = self._held(number)
        _check_address(self, to, "to")
        bill["holders"].append(to)
        self.state[number] = bill

    def surrender(self, number: str, port: str) -> None:
        """The holder surrenders the bill at ``port`` (a UN/LOCODE); nobody moves it after."""
        bill = self._held(number)
        self.require(isinstance(port, str) and len(port) == 5, "port", "must be a UN/LOCODE")
        bill["status"] = "surrendered"
        bill["port"] = port
        self.state[number] = bill

    # --8<-- [start:release]
    def release(self, number: str, port: str, claimant: str) -> str:
        """The carrier's check at ``port``: the cargo goes to the one who surrendered the bill."""
        self.require(self.caller == self.admin, "caller", "only the carrier releases cargo")
        self.require(isinstance(number, str) and number in self.state, "number", "no such bill")
        bill = self.state[number]
        self.require(
            bill["status"] == "surrendered" and bill["port"] == port,
            "number",
            "bill {number} has not been surrendered at {port}",
            number=number,
            port=port,
        )
        self.require(
            claimant == bill["holders"][-1],
            "claimant",
            "{claimant} did not surrender bill {number}",
            claimant=claimant,
            number=number,
        )
        bill["status"] = "released"
        self.state[number] = bill
        return claimant
        # --8<-- [end:release]

    def _held(self, number: str) -> Any:
        self.require(isinstance(number, str) and number in self.state, "number", "no such bill")
        bill = self.state[number]
        self.require(
            bill["status"] == "issued",
            "number",
            "bill {number} is {bill}; after the surrender nobody moves it",
            number=number,
            bill=bill["status"],
        )
        self.require(
            self.caller == bill["holders"][-1],
            "caller",
            "only the holder of bill {number} may",
            number=number,
        )
        return bill
