"""Simulated time and messages: one queue of what happens next, in time order.

A discrete-event simulation keeps no clock that ticks. It keeps a queue of
things due at future instants (a block is found, a message arrives) and
jumps from one to the next: "now" is the time of the event being handled.
Nothing sleeps, and events due at the same instant come out in the order
they were scheduled, so a run repeats exactly.

Both simulations of the course run on this one model:

* :class:`minichain.sim.Network` sends blocks over links with a latency, so a
  message sent now arrives ``latency`` seconds later;
* :class:`minichain.consortium.Consortium` sends its members' proposals,
  votes and view changes with no latency, so they arrive in the order they
  were sent, each node handling one message at a time.

An event is a small tuple: a kind (an ``int``, cheap to compare) and up to
three values whose meaning the kind gives (for a message: sender, receiver
and payload). Ints and tuples keep the queue fast: a run of the network
simulator handles millions of events. Events due at the current instant (a
message with no latency) wait in a plain first-in, first-out line beside the
time-ordered heap, since nothing can come before them but earlier-scheduled
events of the same instant.
"""

from __future__ import annotations

import heapq
from collections import deque

from minichain.errors import OutOfRangeError

__all__ = ["EventQueue"]


class EventQueue:
    """Simulated time and the events still to come.

    Attributes:
        now: the simulated time in seconds: the time of the last event taken
            out, or a later time the simulation was run to (:meth:`advance`).
    """

    def __init__(self) -> None:
        self.now = 0.0
        self._heap: list[tuple[float, int, int, object, object, object]] = []
        self._now_line: deque[tuple[int, int, object, object, object]] = deque()
        self._sequence = 0  # breaks ties, so events due at one time keep their order

    def __len__(self) -> int:
        return len(self._heap) + len(self._now_line)

    def schedule(
        self, time: float, kind: int, a: object = None, b: object = None, c: object = None
    ) -> None:
        """Add an event of ``kind`` due at ``time`` (never before :attr:`now`).

        Raises:
            OutOfRangeError: ``time`` is in the past.
        """
        self._sequence += 1
        if time > self.now:
            heapq.heappush(self._heap, (time, self._sequence, kind, a, b, c))
        elif time == self.now:
            self._now_line.append((self._sequence, kind, a, b, c))
        else:
            raise OutOfRangeError("time", "{time} is before now ({now})", time=time, now=self.now)

    def send(
        self, delay: float, kind: int, sender: object, receiver: object, payload: object
    ) -> None:
        """A message from ``sender`` to ``receiver`` that arrives ``delay`` seconds from now."""
        self.schedule(self.now + delay, kind, sender, receiver, payload)

    def next_time(self) -> float | None:
        """When the next event is due, or ``None`` when nothing is left."""
        if self._now_line:
            return self.now
        return self._heap[0][0] if self._heap else None

    def pop(self) -> tuple[int, object, object, object]:
        """Take out the next event and move :attr:`now` to its time: ``(kind, a, b, c)``.

        Raises:
            IndexError: nothing is left (check ``len()`` or :meth:`next_time` first).
        """
        line, heap = self._now_line, self._heap
        if line and not (heap and heap[0][0] == self.now and heap[0][1] < line[0][0]):
            _, kind, a, b, c = line.popleft()
            return kind, a, b, c
        self.now, _, kind, a, b, c = heapq.heappop(heap)
        return kind, a, b, c

    def advance(self, time: float) -> None:
        """Move :attr:`now` on to ``time`` (never back): the simulation ran until then.

        Events still due at the old instant keep their place: they come out first.
        """
        self.now = max(self.now, time)
