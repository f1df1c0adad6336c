"""Collects messages through the client's streaming pull (subscriber.subscribe), the way Python
workers consume Pub/Sub, until a condition holds or a deadline passes."""

import threading
import time


class Collected:
    def __init__(self):
        self.messages = []
        self.lock = threading.Lock()
        self.changed = threading.Condition(self.lock)


def stream(subscriber, subscription, on_message, until, timeout=20.0, must_finish=True):
    """Runs a streaming pull; `on_message(message, collected)` acks or nacks and records,
    `until(collected)` ends the pull. On timeout: AssertionError, or the messages so far when
    `must_finish` is False."""
    collected = Collected()

    def callback(message):
        with collected.lock:
            on_message(message, collected)
            collected.changed.notify_all()

    future = subscriber.subscribe(subscription, callback=callback)
    deadline = time.monotonic() + timeout
    try:
        with collected.lock:
            while not until(collected):
                left = deadline - time.monotonic()
                if left <= 0:
                    if not must_finish:
                        break
                    raise AssertionError(
                        f"streaming pull on {subscription} timed out after {timeout}s "
                        f"with {len(collected.messages)} message(s)"
                    )
                collected.changed.wait(min(left, 0.25))
    finally:
        future.cancel()
        try:
            future.result(timeout=10)
        except Exception:  # noqa: BLE001 - a cancelled stream ends with CancelledError
            pass
    return list(collected.messages)


def ack_all(message, collected):
    collected.messages.append(message)
    message.ack()


def received_within(subscriber, subscription, seconds):
    """Streams for `seconds`, acking whatever arrives, and returns it (to show that nothing does)."""
    return stream(subscriber, subscription, ack_all, until=lambda c: False, timeout=seconds, must_finish=False)


def receive(subscriber, subscription, count, timeout=20.0):
    """Acks and returns the first `count` messages to arrive."""
    return stream(subscriber, subscription, ack_all, until=lambda c: len(c.messages) >= count, timeout=timeout)
