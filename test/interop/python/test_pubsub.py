"""google-cloud-pubsub against the kit's Pub/Sub emulator: streaming pull with ack and nack,
ordering keys, filters and dead-lettering, exactly as a Python service would use them."""

import pytest
from google.api_core import exceptions
from google.cloud import pubsub_v1

from streaming import receive, received_within, stream


def publish_all(publisher, topic, messages):
    """Publishes (data, attributes, ordering_key) tuples and waits for every server id."""
    futures = []
    for data, attrs, key in messages:
        if key:
            futures.append(publisher.publish(topic, data, ordering_key=key, **attrs))
        else:
            futures.append(publisher.publish(topic, data, **attrs))
    return [f.result(timeout=20) for f in futures]


def test_streaming_pull_acks_and_redelivers_nacked(publisher, subscriber, pubsub_names):
    topic = pubsub_names.topic("basic")
    sub = pubsub_names.subscription("basic", topic, ack_deadline_seconds=10)
    ids = publish_all(publisher, topic, [(f"m{i}".encode(), {"n": str(i)}, None) for i in range(10)])
    assert len(set(ids)) == 10

    deliveries = {}

    def on_message(message, collected):
        collected.messages.append(message)
        deliveries[message.message_id] = deliveries.get(message.message_id, 0) + 1
        # Odd-numbered messages are refused once: a nack must bring them back, an ack must not.
        if deliveries[message.message_id] == 1 and int(message.attributes["n"]) % 2 == 1:
            message.nack()
        else:
            message.ack()

    messages = stream(subscriber, sub, on_message, until=lambda c: sum(deliveries.values()) >= 15)

    assert set(deliveries) == set(ids)
    by_id = {m.message_id: m for m in messages}
    for message_id, count in deliveries.items():
        n = int(by_id[message_id].attributes["n"])
        assert by_id[message_id].data == f"m{n}".encode()
        assert count == (2 if n % 2 == 1 else 1), f"message {n} delivered {count} times"
    assert received_within(subscriber, sub, 1.5) == []


def test_ordering_keys_deliver_each_key_in_publish_order(subscriber, pubsub_names):
    ordered = pubsub_v1.PublisherClient(
        publisher_options=pubsub_v1.types.PublisherOptions(enable_message_ordering=True)
    )
    try:
        topic = pubsub_names.topic("ordered")
        sub = pubsub_names.subscription("ordered", topic, enable_message_ordering=True)
        plan = [(f"{key}-{i}".encode(), {"seq": str(i)}, key) for i in range(25) for key in ("alpha", "beta")]
        publish_all(ordered, topic, plan)
    finally:
        ordered.transport.close()

    messages = receive(subscriber, sub, len(plan))

    for key in ("alpha", "beta"):
        seqs = [int(m.attributes["seq"]) for m in messages if m.ordering_key == key]
        assert seqs == list(range(25)), f"key {key} arrived as {seqs}"


def test_filter_delivers_only_matching_messages(publisher, subscriber, pubsub_names):
    topic = pubsub_names.topic("filtered")
    sub = pubsub_names.subscription(
        "filtered", topic, filter='attributes.kind = "keep" AND hasPrefix(attributes.region, "eu-")'
    )
    publish_all(
        publisher,
        topic,
        [
            (b"1", {"kind": "keep", "region": "eu-west1"}, None),
            (b"2", {"kind": "drop", "region": "eu-west1"}, None),
            (b"3", {"kind": "keep", "region": "us-east1"}, None),
            (b"4", {"region": "eu-north1"}, None),
            (b"5", {"kind": "keep", "region": "eu-north1"}, None),
        ],
    )

    messages = receive(subscriber, sub, 2)

    assert sorted(m.data for m in messages) == [b"1", b"5"]
    assert received_within(subscriber, sub, 1.5) == []


def test_invalid_filter_is_rejected_with_invalid_argument(pubsub_names):
    topic = pubsub_names.topic("badfilter")
    with pytest.raises(exceptions.InvalidArgument):
        pubsub_names.subscription("badfilter", topic, filter='attributes.kind = "unterminated')


def test_dead_letter_topic_receives_message_after_max_attempts(publisher, subscriber, pubsub_names):
    dead = pubsub_names.topic("dead")
    dead_sub = pubsub_names.subscription("dead", dead)
    topic = pubsub_names.topic("work")
    sub = pubsub_names.subscription(
        "work",
        topic,
        dead_letter_policy={"dead_letter_topic": dead, "max_delivery_attempts": 5},
    )
    publish_all(publisher, topic, [(b"poison", {"case": "dlq"}, None)])

    attempts = []

    def refuse(message, collected):
        collected.messages.append(message)
        attempts.append(message.delivery_attempt)
        message.nack()

    stream(subscriber, sub, refuse, until=lambda c: len(attempts) >= 5)

    assert attempts[:5] == [1, 2, 3, 4, 5]
    [dead_lettered] = receive(subscriber, dead_sub, 1)
    assert dead_lettered.data == b"poison"
    assert dead_lettered.attributes["case"] == "dlq"
    # After the fifth attempt the message left the subscription for good.
    assert received_within(subscriber, sub, 1.5) == []
