"""google-cloud-scheduler (the SDK the Cloud Scheduler guide documents) against the kit's Scheduler:
jobs of all three target types created, listed, updated with update_mask, paused, resumed, run and
deleted, with state, status and last_attempt_time read back; an HTTP job's OIDC token verified by
google-auth against DEVKIT_OIDC_CERTS_URL, an OAuth job's token by the kit's tokeninfo."""

import base64
import json
import os
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import grpc
import pytest
import requests
from google.api_core import exceptions
from google.auth.transport import requests as auth_requests
from google.cloud import scheduler_v1
from google.cloud.scheduler_v1.services.cloud_scheduler.transports import CloudSchedulerGrpcTransport
from google.oauth2 import id_token
from google.protobuf import field_mask_pb2

INVOKER = "invoker@devkit-local.iam.gserviceaccount.com"
State = scheduler_v1.Job.State


@pytest.fixture(scope="module")
def scheduler():
    host = os.environ.get("CLOUD_SCHEDULER_EMULATOR_HOST")
    if not host:
        pytest.fail("CLOUD_SCHEDULER_EMULATOR_HOST is not set (run through test/interop/python.test.ts)")
    # The Python client has no emulator variable: point its gRPC transport at the emulator.
    channel = grpc.insecure_channel(host)
    client = scheduler_v1.CloudSchedulerClient(transport=CloudSchedulerGrpcTransport(channel=channel))
    yield client
    channel.close()


@pytest.fixture
def parent(project):
    return f"projects/{project}/locations/us-central1"


class Receiver:
    """A local HTTP service that records each call (path, headers, body) and answers `status`."""

    def __init__(self, status=200):
        calls = self.calls = []

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("content-length") or 0))
                calls.append({"path": self.path, "headers": dict(self.headers), "body": body})
                self.send_response(status)
                self.end_headers()

            do_GET = do_PUT = do_POST

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    r = Receiver()
    yield r
    r.close()


def wait_until(check, what, timeout=20.0):
    end = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > end:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


def has(job, field):
    return scheduler_v1.Job.pb(job).HasField(field)


def run_and_wait(scheduler, name):
    """RunJob, then GetJob until the attempt has a status and a last_attempt_time."""
    before = scheduler.get_job(name=name)
    previous = before.last_attempt_time if has(before, "last_attempt_time") else None
    scheduler.run_job(name=name)
    return wait_until(
        lambda: (
            (job := scheduler.get_job(name=name))
            and has(job, "status")
            and has(job, "last_attempt_time")
            and job.last_attempt_time != previous
            and job
        ),
        f"an attempt of {name}",
    )


def lifecycle(scheduler, parent, job, run_check):
    """Create, list, update (update_mask), pause, resume, run and delete one job."""
    created = scheduler.create_job(parent=parent, job=job)
    assert created.name == job.name
    assert created.state == State.ENABLED
    assert has(created, "schedule_time")
    assert not has(created, "last_attempt_time")

    listed = [j.name for j in scheduler.list_jobs(parent=parent)]
    assert job.name in listed

    patch = scheduler_v1.Job(name=job.name, description="updated", schedule="*/5 * * * *", time_zone="Europe/Paris")
    updated = scheduler.update_job(job=patch, update_mask=field_mask_pb2.FieldMask(paths=["description", "schedule"]))
    assert (updated.description, updated.schedule) == ("updated", "*/5 * * * *")
    assert updated.time_zone == created.time_zone, "a field outside update_mask must stay"

    paused = scheduler.pause_job(name=job.name)
    assert paused.state == State.PAUSED
    assert scheduler.get_job(name=job.name).state == State.PAUSED
    with pytest.raises(exceptions.FailedPrecondition):
        scheduler.pause_job(name=job.name)
    resumed = scheduler.resume_job(name=job.name)
    assert resumed.state == State.ENABLED

    ran = run_and_wait(scheduler, job.name)
    run_check(ran)
    assert ran.state == State.ENABLED

    scheduler.delete_job(name=job.name)
    with pytest.raises(exceptions.NotFound):
        scheduler.get_job(name=job.name)
    assert job.name not in [j.name for j in scheduler.list_jobs(parent=parent)]


def test_pubsub_target_job_lifecycle(scheduler, parent, publisher, subscriber, pubsub_names, unique):
    topic = pubsub_names.topic("sched")
    sub = pubsub_names.subscription("sched", topic)
    job = scheduler_v1.Job(
        name=f"{parent}/jobs/py-pubsub-{unique}",
        schedule="0 3 * * *",
        time_zone="Etc/UTC",
        pubsub_target=scheduler_v1.PubsubTarget(topic_name=topic, data=b"tick", attributes={"from": "python"}),
    )

    def check(ran):
        assert ran.status.code == 0, ran.status.message
        response = subscriber.pull(subscription=sub, max_messages=10, timeout=20)
        messages = [m.message for m in response.received_messages]
        assert [(m.data, dict(m.attributes)) for m in messages] == [(b"tick", {"from": "python"})]

    lifecycle(scheduler, parent, job, check)


def test_http_target_job_with_oidc_token(scheduler, parent, receiver, unique):
    audience = "https://worker-abc123-uc.a.run.app"
    job = scheduler_v1.Job(
        name=f"{parent}/jobs/py-http-{unique}",
        schedule="0 3 * * *",
        http_target=scheduler_v1.HttpTarget(
            uri=f"{receiver.url}/tick",
            http_method=scheduler_v1.HttpMethod.POST,
            headers={"Content-Type": "application/json"},
            body=b'{"n": 1}',
            oidc_token=scheduler_v1.OidcToken(service_account_email=INVOKER, audience=audience),
        ),
    )

    def check(ran):
        assert ran.status.code == 0, ran.status.message
        call = wait_until(lambda: receiver.calls and receiver.calls[-1], "the HTTP call")
        headers = {k.lower(): v for k, v in call["headers"].items()}
        assert call["path"] == "/tick" and json.loads(call["body"]) == {"n": 1}
        assert headers["user-agent"] == "Google-Cloud-Scheduler"
        assert headers["x-cloudscheduler"] == "true"
        assert headers["x-cloudscheduler-jobname"] == job.name.rsplit("/", 1)[1]
        token = headers["authorization"].removeprefix("Bearer ")
        # google-auth reads the X.509 certificates of the v1 certs map, as it does Google's.
        claims = id_token.verify_token(
            token, auth_requests.Request(), audience=audience, certs_url=os.environ["DEVKIT_OIDC_CERTS_URL"]
        )
        assert claims["iss"] == "https://accounts.google.com"
        assert (claims["email"], claims["email_verified"]) == (INVOKER, True)
        with pytest.raises(ValueError):
            id_token.verify_token(
                token, auth_requests.Request(), audience="https://other", certs_url=os.environ["DEVKIT_OIDC_CERTS_URL"]
            )
        # The JWKS (v3) form publishes the same key under the token's kid (google-auth needs
        # pyjwt to verify with it, which this suite does not install).
        kid = json.loads(base64.urlsafe_b64decode(token.split(".")[0] + "=="))["kid"]
        jwks = requests.get(os.environ["DEVKIT_OIDC_JWKS_URL"], timeout=10).json()
        pems = requests.get(os.environ["DEVKIT_OIDC_CERTS_URL"], timeout=10).json()
        assert [k["kid"] for k in jwks["keys"]] == [kid] == list(pems)

    lifecycle(scheduler, parent, job, check)


def test_http_target_job_with_oauth_token_and_a_failing_target(scheduler, parent, receiver, unique):
    name = f"{parent}/jobs/py-oauth-{unique}"
    job = scheduler_v1.Job(
        name=name,
        schedule="0 3 * * *",
        http_target=scheduler_v1.HttpTarget(
            uri=f"{receiver.url}/dataflow",
            oauth_token=scheduler_v1.OAuthToken(service_account_email=INVOKER),
        ),
    )

    def check(ran):
        assert ran.status.code == 0, ran.status.message
        call = wait_until(lambda: receiver.calls and receiver.calls[-1], "the HTTP call")
        token = {k.lower(): v for k, v in call["headers"].items()}["authorization"].removeprefix("Bearer ")
        info = requests.get(os.environ["DEVKIT_OAUTH_TOKENINFO_URL"], params={"access_token": token}, timeout=10)
        assert info.status_code == 200
        assert info.json()["email"] == INVOKER
        assert info.json()["scope"] == "https://www.googleapis.com/auth/cloud-platform"
        bad = requests.get(os.environ["DEVKIT_OAUTH_TOKENINFO_URL"], params={"access_token": token + "x"}, timeout=10)
        assert bad.status_code == 400 and bad.json()["error"] == "invalid_token"

    lifecycle(scheduler, parent, job, check)

    # A target that refuses: the status says so (NOT_FOUND for a 404), read back through the client.
    refusing = Receiver(status=404)
    failing = scheduler_v1.Job(
        name=f"{name}-404",
        schedule="0 3 * * *",
        http_target=scheduler_v1.HttpTarget(uri=f"{refusing.url}/missing", http_method=scheduler_v1.HttpMethod.GET),
    )
    try:
        scheduler.create_job(parent=parent, job=failing)
        ran = run_and_wait(scheduler, failing.name)
        assert ran.status.code == 5  # google.rpc.Code NOT_FOUND
        assert refusing.calls and refusing.calls[0]["path"] == "/missing"
    finally:
        refusing.close()
        scheduler.delete_job(name=failing.name)


def test_app_engine_target_job_lifecycle(scheduler, parent, unique):
    job = scheduler_v1.Job(
        name=f"{parent}/jobs/py-appengine-{unique}",
        schedule="0 3 * * *",
        app_engine_http_target=scheduler_v1.AppEngineHttpTarget(
            http_method=scheduler_v1.HttpMethod.POST,
            relative_uri="/tasks/nightly",
            app_engine_routing=scheduler_v1.AppEngineRouting(service="worker"),
            body=b"nightly",
        ),
    )

    def check(ran):
        # Delivered to the local App Engine base URL (default http://127.0.0.1:8080); whatever
        # answers there (usually nothing: UNAVAILABLE), the attempt's outcome is read back.
        assert ran.status.code in (0, 5, 13, 14), ran.status
        assert ran.app_engine_http_target.relative_uri == "/tasks/nightly"
        assert ran.app_engine_http_target.app_engine_routing.service == "worker"

    lifecycle(scheduler, parent, job, check)
