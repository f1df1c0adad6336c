"""Fixtures for the interop suite: the official Python clients, configured only through the
environment variables users set (PUBSUB_EMULATOR_HOST, STORAGE_EMULATOR_HOST, REDIS_URL), and
unique resource names per test so runs never see each other's topics or buckets."""

import os
import uuid

import pytest
from google.api_core import exceptions
from google.auth.credentials import AnonymousCredentials
from google.cloud import pubsub_v1, storage

REQUIRED = ("PUBSUB_EMULATOR_HOST", "STORAGE_EMULATOR_HOST", "GOOGLE_CLOUD_PROJECT")


def pytest_configure(config):
    missing = [name for name in REQUIRED if not os.environ.get(name)]
    if missing:
        raise pytest.UsageError(
            f"{', '.join(missing)} not set: run this suite through `npx vitest run test/interop/python.test.ts`, "
            'or start the emulators with `eval "$(npx devkit start | grep ^export)"` first.'
        )


@pytest.fixture(scope="session")
def project():
    return os.environ["GOOGLE_CLOUD_PROJECT"]


@pytest.fixture
def unique():
    """A short random suffix: every test names its own resources."""
    return uuid.uuid4().hex[:10]


@pytest.fixture(scope="session")
def publisher():
    # No endpoint or credentials given: the client finds PUBSUB_EMULATOR_HOST itself.
    client = pubsub_v1.PublisherClient()
    yield client
    client.transport.close()


@pytest.fixture(scope="session")
def subscriber():
    client = pubsub_v1.SubscriberClient()
    yield client
    client.close()


@pytest.fixture(scope="session")
def gcs(project):
    # The client switches to STORAGE_EMULATOR_HOST by itself; anonymous credentials keep it from
    # looking for Application Default Credentials on a CI machine that has none.
    return storage.Client(project=project, credentials=AnonymousCredentials())


class PubSubNames:
    """Creates topics and subscriptions under one project and deletes them after the test."""

    def __init__(self, project, publisher, subscriber, unique):
        self.project = project
        self.publisher = publisher
        self.subscriber = subscriber
        self.unique = unique
        self.topics = []
        self.subscriptions = []

    def topic(self, name):
        path = self.publisher.topic_path(self.project, f"{name}-{self.unique}")
        self.publisher.create_topic(name=path)
        self.topics.append(path)
        return path

    def subscription(self, name, topic, **fields):
        path = self.subscriber.subscription_path(self.project, f"{name}-{self.unique}")
        self.subscriber.create_subscription(request={"name": path, "topic": topic, **fields})
        self.subscriptions.append(path)
        return path

    def cleanup(self):
        for path in self.subscriptions:
            try:
                self.subscriber.delete_subscription(subscription=path)
            except exceptions.NotFound:
                pass
        for path in self.topics:
            try:
                self.publisher.delete_topic(topic=path)
            except exceptions.NotFound:
                pass


@pytest.fixture
def pubsub_names(project, publisher, subscriber, unique):
    names = PubSubNames(project, publisher, subscriber, unique)
    yield names
    names.cleanup()


@pytest.fixture
def bucket(gcs, unique):
    """A fresh bucket, emptied and deleted after the test."""
    created = gcs.create_bucket(f"interop-{unique}")
    yield created
    for blob in gcs.list_blobs(created):
        blob.delete()
    created.delete()
