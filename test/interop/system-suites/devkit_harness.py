# pytest plugin (-p devkit_harness) for Google's own system suites run unchanged against the
# emulators: credentials and project only, the listed real-GCP-only skips, and a per-test results file.
import json
import os

import pytest
from google.oauth2 import service_account

_outcomes = {}


def _install_credentials():
    """GOOGLE_APPLICATION_CREDENTIALS is a key file the Storage emulator minted (its token_uri is
    the emulator's /token). Under STORAGE_EMULATOR_HOST python-storage's Client() ignores it and
    goes anonymous, so the signing tests would skip: give it the key, as a user on GCS would have."""
    try:
        from google.cloud.storage import client as storage_client
    except ImportError:
        return
    original_init = storage_client.Client.__init__

    def init(self, *args, **kwargs):
        if kwargs.get("credentials") is None and len(args) < 2:
            kwargs["credentials"] = service_account.Credentials.from_service_account_file(
                os.environ["GOOGLE_APPLICATION_CREDENTIALS"],
                scopes=["https://www.googleapis.com/auth/cloud-platform"],
            )
        original_init(self, *args, **kwargs)

    storage_client.Client.__init__ = init


def _install_pubsub_rest_endpoint():
    """python-pubsub 2.35 honours PUBSUB_EMULATOR_HOST for gRPC only: with transport="rest" it hands
    the REST transport a gRPC channel (TypeError). Point REST at the same host over plain HTTP."""
    if not os.environ.get("PUBSUB_EMULATOR_HOST"):
        return
    try:
        from google.pubsub_v1.services import publisher, schema_service, subscriber
    except ImportError:
        return
    for service in (publisher, schema_service, subscriber):
        registry = next(
            c for name, c in vars(service.client).items() if name.endswith("ClientMeta")
        )._transport_registry
        registry["rest"] = _emulator_rest(registry["rest"])


def _emulator_rest(rest_transport):
    class EmulatorRestTransport(rest_transport):
        def __init__(self, *args, channel=None, **kwargs):
            kwargs["host"] = os.environ["PUBSUB_EMULATOR_HOST"]
            kwargs["url_scheme"] = "http"
            super().__init__(*args, **kwargs)

    EmulatorRestTransport.__name__ = rest_transport.__name__
    return EmulatorRestTransport


def _load_skips():
    path = os.environ.get("DEVKIT_SKIPS_FILE")
    if not path:
        return {}
    with open(path) as f:
        return json.load(f)


def pytest_configure(config):
    _install_credentials()
    _install_pubsub_rest_endpoint()


def pytest_collection_modifyitems(config, items):
    skips = _load_skips()
    for item in items:
        # An entry names a test id, a class, or a whole file (a prefix of the node id).
        for test_id, reason in skips.items():
            if item.nodeid == test_id or item.nodeid.startswith(test_id + "::") or (
                item.nodeid.startswith(test_id + "[")
            ):
                item.add_marker(pytest.mark.skip(reason=f"devkit: {reason}"))
                break


def pytest_runtest_logreport(report):
    # One outcome per test: a failing setup, call or teardown fails it; a skip in setup skips it.
    previous = _outcomes.get(report.nodeid)
    if report.failed:
        _outcomes[report.nodeid] = {"outcome": "failed", "detail": str(report.longrepr)[-1500:]}
    elif report.skipped and previous is None:
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        _outcomes[report.nodeid] = {"outcome": "skipped", "detail": reason}
    elif report.when == "call" and report.passed and previous is None:
        _outcomes[report.nodeid] = {"outcome": "passed"}


def pytest_sessionfinish(session, exitstatus):
    # Under pytest-xdist the controller receives every worker's reports and writes the file.
    if hasattr(session.config, "workerinput"):
        return
    path = os.environ.get("DEVKIT_RESULTS_FILE")
    if path:
        with open(path, "w") as f:
            json.dump(_outcomes, f, indent=1, sort_keys=True)
