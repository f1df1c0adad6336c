"""google-cloud-tasks against the kit's Cloud Tasks emulator, found through
CLOUD_TASKS_EMULATOR_HOST alone: queues with rate limits and retries, named tasks and their
dedupe, dispatch to a local handler with Google's headers, over gRPC and the REST transport."""

import json
import os
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import grpc
import pytest
from google.api_core import exceptions
from google.auth.credentials import AnonymousCredentials
from google.cloud import tasks_v2
from google.cloud.tasks_v2.services.cloud_tasks.transports import (
    CloudTasksGrpcTransport,
    CloudTasksRestTransport,
)
from google.protobuf import duration_pb2, field_mask_pb2


def host():
    value = os.environ.get("CLOUD_TASKS_EMULATOR_HOST")
    if not value:
        pytest.skip("CLOUD_TASKS_EMULATOR_HOST is not set")
    return value


@pytest.fixture(scope="module")
def client():
    channel = grpc.insecure_channel(host())
    yield tasks_v2.CloudTasksClient(transport=CloudTasksGrpcTransport(channel=channel))
    channel.close()


@pytest.fixture(scope="module")
def rest_client():
    transport = CloudTasksRestTransport(host=host(), url_scheme="http", credentials=AnonymousCredentials())
    return tasks_v2.CloudTasksClient(transport=transport)


@pytest.fixture
def queue_name(project):
    return f"projects/{project}/locations/us-central1/queues/py-{uuid.uuid4().hex[:10]}"


@pytest.fixture
def handler():
    """A local HTTP worker that records each request and answers 500 once, then 200."""
    seen = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            seen.append({"path": self.path, "headers": {k.lower(): v for k, v in self.headers.items()}, "body": body})
            self.send_response(500 if len(seen) == 1 else 200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", seen
    server.shutdown()
    server.server_close()


def wait_for(check, timeout=20):
    deadline = time.time() + timeout
    while not check():
        if time.time() > deadline:
            raise AssertionError("timed out")
        time.sleep(0.05)


def test_queue_lifecycle_over_grpc(client, queue_name):
    parent = queue_name.rsplit("/queues/", 1)[0]
    created = client.create_queue(
        parent=parent,
        queue=tasks_v2.Queue(
            name=queue_name,
            rate_limits=tasks_v2.RateLimits(max_dispatches_per_second=20, max_concurrent_dispatches=3),
            retry_config=tasks_v2.RetryConfig(max_attempts=-1, min_backoff=duration_pb2.Duration(seconds=1)),
        ),
    )
    assert created.state == tasks_v2.Queue.State.RUNNING
    assert created.rate_limits.max_burst_size == 4
    assert created.retry_config.max_attempts == -1
    updated = client.update_queue(
        queue=tasks_v2.Queue(name=queue_name, rate_limits=tasks_v2.RateLimits(max_dispatches_per_second=50)),
        update_mask=field_mask_pb2.FieldMask(paths=["rate_limits.max_dispatches_per_second"]),
    )
    assert updated.rate_limits.max_dispatches_per_second == 50
    assert updated.rate_limits.max_concurrent_dispatches == 3
    assert client.pause_queue(name=queue_name).state == tasks_v2.Queue.State.PAUSED
    assert client.resume_queue(name=queue_name).state == tasks_v2.Queue.State.RUNNING
    assert queue_name in [q.name for q in client.list_queues(parent=parent)]
    with pytest.raises(exceptions.AlreadyExists):
        client.create_queue(parent=parent, queue=tasks_v2.Queue(name=queue_name))
    client.delete_queue(name=queue_name)
    with pytest.raises(exceptions.NotFound):
        client.get_queue(name=queue_name)
    with pytest.raises(exceptions.FailedPrecondition):
        client.create_queue(parent=parent, queue=tasks_v2.Queue(name=queue_name))


def test_named_task_dispatches_with_headers_and_retries(client, queue_name, handler):
    url, seen = handler
    parent = queue_name.rsplit("/queues/", 1)[0]
    client.create_queue(
        parent=parent,
        queue=tasks_v2.Queue(
            name=queue_name,
            retry_config=tasks_v2.RetryConfig(
                min_backoff=duration_pb2.Duration(nanos=100_000_000),
                max_backoff=duration_pb2.Duration(seconds=1),
            ),
        ),
    )
    task_name = f"{queue_name}/tasks/order-42"
    task = tasks_v2.Task(
        name=task_name,
        http_request=tasks_v2.HttpRequest(
            url=f"{url}/orders",
            headers={"Content-Type": "application/json"},
            body=json.dumps({"order": 42}).encode(),
        ),
    )
    client.create_task(parent=queue_name, task=task)
    with pytest.raises(exceptions.AlreadyExists):
        client.create_task(parent=queue_name, task=task)
    wait_for(lambda: len(seen) == 2)
    first, second = seen
    assert first["path"] == "/orders"
    assert json.loads(first["body"]) == {"order": 42}
    assert first["headers"]["x-cloudtasks-queuename"] == queue_name.rsplit("/", 1)[1]
    assert first["headers"]["x-cloudtasks-taskname"] == "order-42"
    assert first["headers"]["x-cloudtasks-taskretrycount"] == "0"
    assert second["headers"]["x-cloudtasks-taskretrycount"] == "1"
    assert second["headers"]["x-cloudtasks-taskpreviousresponse"] == "500"
    wait_for(lambda: not list(client.list_tasks(parent=queue_name)))
    with pytest.raises(exceptions.AlreadyExists):
        client.create_task(parent=queue_name, task=task)


def test_rest_transport_full_view_and_run_task(rest_client, queue_name, handler):
    url, seen = handler
    parent = queue_name.rsplit("/queues/", 1)[0]
    rest_client.create_queue(parent=parent, queue=tasks_v2.Queue(name=queue_name))
    rest_client.pause_queue(name=queue_name)
    created = rest_client.create_task(
        parent=queue_name,
        task=tasks_v2.Task(http_request=tasks_v2.HttpRequest(url=f"{url}/rest", body=b"payload")),
    )
    basic = rest_client.get_task(name=created.name)
    assert basic.view == tasks_v2.Task.View.BASIC
    assert basic.http_request.body == b""
    full = rest_client.get_task(request={"name": created.name, "response_view": tasks_v2.Task.View.FULL})
    assert full.http_request.body == b"payload"
    ran = rest_client.run_task(name=created.name)
    assert ran.dispatch_count == 1
    wait_for(lambda: len(seen) == 1)
    assert seen[0]["body"] == b"payload"
    with pytest.raises(exceptions.NotFound):
        rest_client.get_queue(name=f"{parent}/queues/missing-{uuid.uuid4().hex[:6]}")
