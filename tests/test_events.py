"""Simulated time: events come out in time order, ties in the order scheduled, never in the past."""

from __future__ import annotations

import pytest

from minichain.errors import OutOfRangeError
from minichain.events import EventQueue


def test_events_come_out_in_time_order_and_move_the_clock():
    queue = EventQueue()
    queue.schedule(5.0, 1, "late")
    queue.schedule(2.0, 1, "early")
    assert queue.pop() == (1, "early", None, None) and queue.now == 2.0
    assert queue.pop() == (1, "late", None, None) and queue.now == 5.0
    assert len(queue) == 0 and queue.next_time() is None


def test_messages_sent_at_one_instant_arrive_in_the_order_sent():
    queue = EventQueue()
    for receiver in ("Nanjing", "Wuxi", "Changzhou"):
        queue.send(0.0, 7, "Shanghai", receiver, "vote")
    arrived = [queue.pop()[2] for _ in range(3)]
    assert arrived == ["Nanjing", "Wuxi", "Changzhou"]


def test_a_message_arrives_after_its_latency():
    queue = EventQueue()
    queue.advance(10.0)
    queue.send(1.5, 0, "a", "b", "block")
    assert queue.next_time() == 11.5


def test_nothing_can_be_scheduled_in_the_past():
    queue = EventQueue()
    queue.advance(3.0)
    with pytest.raises(OutOfRangeError, match="time: 1.0 is before now"):
        queue.schedule(1.0, 0)
    queue.advance(1.0)  # the clock never runs back
    assert queue.now == 3.0


def test_a_message_sent_now_comes_after_events_scheduled_earlier_for_now():
    queue = EventQueue()
    queue.schedule(4.0, 1, "found earlier, due at 4")
    queue.schedule(4.0, 1, "also due at 4")
    queue.advance(3.0)
    queue.send(1.0, 2, "sent at 3 with latency 1", "b", None)
    assert queue.pop()[1] == "found earlier, due at 4" and queue.now == 4.0
    queue.send(0.0, 2, "sent at 4, no latency", "b", None)
    arrived = [queue.pop()[1] for _ in range(3)]
    assert arrived == ["also due at 4", "sent at 3 with latency 1", "sent at 4, no latency"]
    assert len(queue) == 0
