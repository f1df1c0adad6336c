"""google-cloud-storage against the kit's Storage emulator: buckets, objects, generation
preconditions, a resumable upload of a few MB and notifications arriving in Pub/Sub."""

import hashlib
import json
import os

import pytest
from google.api_core import exceptions

from streaming import receive


def test_bucket_crud(gcs, unique):
    name = f"crud-{unique}"
    created = gcs.create_bucket(name, location="US")
    assert created.name == name

    fetched = gcs.get_bucket(name)
    assert fetched.name == name
    assert name in [b.name for b in gcs.list_buckets()]

    fetched.labels = {"team": "interop"}
    fetched.patch()
    assert gcs.get_bucket(name).labels == {"team": "interop"}

    with pytest.raises(exceptions.Conflict):
        gcs.create_bucket(name)

    fetched.delete()
    with pytest.raises(exceptions.NotFound):
        gcs.get_bucket(name)


def test_object_crud_and_generation_preconditions(bucket):
    blob = bucket.blob("dir/hello.txt")
    blob.upload_from_string(b"hello", content_type="text/plain", if_generation_match=0)
    first = blob.generation
    assert first and blob.size == 5

    fetched = bucket.get_blob("dir/hello.txt")
    assert fetched.download_as_bytes() == b"hello"
    assert fetched.content_type == "text/plain"
    assert fetched.md5_hash == blob.md5_hash

    # ifGenerationMatch=0 means "only if absent": a second create must fail with 412.
    with pytest.raises(exceptions.PreconditionFailed):
        bucket.blob("dir/hello.txt").upload_from_string(b"again", if_generation_match=0)

    blob.upload_from_string(b"hello, world", if_generation_match=first)
    assert blob.generation != first
    with pytest.raises(exceptions.PreconditionFailed):
        bucket.blob("dir/hello.txt").upload_from_string(b"stale", if_generation_match=first)

    fetched = bucket.get_blob("dir/hello.txt")
    fetched.metadata = {"stage": "done"}
    fetched.patch()
    assert bucket.get_blob("dir/hello.txt").metadata == {"stage": "done"}

    bucket.blob("dir/other.txt").upload_from_string(b"x")
    bucket.blob("top.txt").upload_from_string(b"y")
    assert sorted(b.name for b in bucket.list_blobs(prefix="dir/")) == ["dir/hello.txt", "dir/other.txt"]

    copy = bucket.copy_blob(bucket.blob("top.txt"), bucket, "copied.txt")
    assert copy.download_as_bytes() == b"y"

    bucket.blob("dir/hello.txt").delete()
    assert bucket.get_blob("dir/hello.txt") is None
    with pytest.raises(exceptions.NotFound):
        bucket.blob("dir/hello.txt").download_as_bytes()


def test_resumable_upload_of_several_megabytes(bucket):
    payload = os.urandom(5 * 1024 * 1024 + 123)
    # A chunk size forces the resumable protocol (5 full chunks and a tail) instead of multipart.
    blob = bucket.blob("big.bin", chunk_size=1024 * 1024)
    blob.upload_from_string(payload, content_type="application/octet-stream")

    fetched = bucket.get_blob("big.bin")
    assert fetched.size == len(payload)
    data = fetched.download_as_bytes(checksum="crc32c")
    assert hashlib.sha256(data).digest() == hashlib.sha256(payload).digest()

    ranged = fetched.download_as_bytes(start=1024 * 1024, end=1024 * 1024 + 99)
    assert ranged == payload[1024 * 1024 : 1024 * 1024 + 100]


def test_notifications_arrive_in_pubsub(project, gcs, bucket, subscriber, pubsub_names):
    topic = pubsub_names.topic("gcs-events")
    sub = pubsub_names.subscription("gcs-events", topic)
    notification = bucket.notification(
        topic_name=topic.split("/")[-1],
        topic_project=project,
        event_types=["OBJECT_FINALIZE", "OBJECT_DELETE"],
        payload_format="JSON_API_V1",
    )
    notification.create()
    assert notification.notification_id
    assert [n.notification_id for n in bucket.list_notifications()] == [notification.notification_id]

    blob = bucket.blob("incoming/unit-1.txt")
    blob.upload_from_string(b"payload", if_generation_match=0)

    [finalize] = receive(subscriber, sub, 1)
    attrs = finalize.attributes
    assert attrs["eventType"] == "OBJECT_FINALIZE"
    assert attrs["bucketId"] == bucket.name
    assert attrs["objectId"] == "incoming/unit-1.txt"
    assert attrs["objectGeneration"] == str(blob.generation)
    assert attrs["payloadFormat"] == "JSON_API_V1"
    assert attrs["notificationConfig"].endswith(f"/notificationConfigs/{notification.notification_id}")
    body = json.loads(finalize.data)
    assert body["name"] == "incoming/unit-1.txt"
    assert body["size"] == "7"

    blob.delete()
    [deleted] = receive(subscriber, sub, 1)
    assert deleted.attributes["eventType"] == "OBJECT_DELETE"

    notification.delete()
    assert list(bucket.list_notifications()) == []
