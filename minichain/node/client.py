"""Talking to a running node as a client: its status (``minichain node status``) and
giving it a transaction (``minichain send --node``)."""

from __future__ import annotations

import asyncio
import contextlib
import os
from collections.abc import Callable

from minichain.node.addresses import LOCALHOST, PeerAddress
from minichain.node.errors import NodeUnreachableError, ProtocolError
from minichain.node.protocol import (
    GetData,
    GetStatus,
    Hello,
    Message,
    Status,
    TxMessage,
    encode,
    read_message,
)
from minichain.tx import Transaction


async def fetch_status(port: int, host: str = LOCALHOST, *, timeout: float = 5.0) -> Status:
    """Connect to the node at ``host:port``, send ``getstatus``, return its answer.

    Raises:
        NodeUnreachableError: nothing listens there, or it does not answer in time.
        ProtocolError: it answered something other than a status.
    """
    (answer,) = await _exchange(host, port, [GetStatus()], lambda message: True, timeout)
    if not isinstance(answer, Status):
        raise ProtocolError("type", "expected a status answer, got {type!r}", type=answer.TYPE)
    return answer


async def _exchange(
    host: str,
    port: int,
    messages: list[Message],
    last: Callable[[Message], bool],
    timeout: float,
) -> list[Message]:
    """Connect, send ``messages``, read answers up to the one ``last`` accepts; close.

    Raises:
        NodeUnreachableError: nothing listens there, it closes the connection
            first, or it does not answer in time.
    """
    where = str(PeerAddress(host, port))
    try:
        reader, writer = await asyncio.wait_for(asyncio.open_connection(host, port), timeout)
    except (OSError, asyncio.TimeoutError) as error:
        reason = failure_reason(error)
        raise NodeUnreachableError(
            "port", "no node answers on {address} ({reason})", address=where, reason=reason
        ) from None
    answers: list[Message] = []
    try:
        for message in messages:
            writer.write(encode(message))
        await writer.drain()
        while not answers or not last(answers[-1]):
            answer = await asyncio.wait_for(read_message(reader), timeout)
            if answer is None:
                raise NodeUnreachableError(
                    "port", "the node on {address} closed the connection", address=where
                )
            answers.append(answer)
    except (OSError, asyncio.TimeoutError):
        raise NodeUnreachableError(
            "port", "the node on {address} did not answer", address=where
        ) from None
    finally:
        writer.close()
        with contextlib.suppress(OSError):
            await writer.wait_closed()
    return answers


def failure_reason(error: Exception) -> str:
    """``Connection refused`` rather than asyncio's ``Connect call failed ('127.0.0.1', 1)``."""
    if isinstance(error, asyncio.TimeoutError):
        return "timed out"
    if isinstance(error, OSError) and error.errno:
        return os.strerror(error.errno)
    return str(error) or type(error).__name__


def query_status(port: int, host: str = LOCALHOST, *, timeout: float = 5.0) -> Status:
    """:func:`fetch_status` for code that is not asynchronous."""
    return asyncio.run(fetch_status(port, host, timeout=timeout))


async def submit_transaction(
    tx: Transaction, hello: Hello, port: int, host: str = LOCALHOST, *, timeout: float = 5.0
) -> bool:
    """Give ``tx`` to the node at ``host:port``; ``True`` if it took it into its mempool.

    The client says ``hello`` (``hello`` describes the chain it built ``tx``
    on, listening port 0), sends the ``tx``, asks for it back with
    ``getdata`` and then asks ``getstatus``: the node answers in order, so a
    ``tx`` before the ``status`` means the node holds it.

    Raises:
        NodeUnreachableError: nothing listens there, it refused the hello
            (closing the connection), or it does not answer in time.
    """
    sent: list[Message] = [hello, TxMessage(tx), GetData(txs=(tx.txid,)), GetStatus()]
    answers = await _exchange(host, port, sent, lambda m: isinstance(m, Status), timeout)
    return any(isinstance(m, TxMessage) and m.tx.txid == tx.txid for m in answers)
