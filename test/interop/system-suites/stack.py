# The emulators the suites run against, started with the kit itself (`devkit start` on free ports),
# and the service-account key file the suites sign and authenticate with.
import json
import os
import signal
import subprocess
import time
import urllib.request

REPO = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".."))


class Stack:
    """`devkit start` on free ports (no dashboard); `env` holds its export lines."""

    def __init__(self, log_path, timeout_s=180):
        self.log = open(log_path, "w")
        self.proc = subprocess.Popen(
            ["npx", "tsx", "src/cli/main.ts", "start", "--pubsub-port", "0", "--storage-port", "0",
             "--scheduler-port", "0", "--tasks-port", "0", "--no-ui"],
            cwd=REPO,
            stdout=subprocess.PIPE,
            stderr=self.log,
            text=True,
            start_new_session=True,
        )
        self.env = {}
        deadline = time.monotonic() + timeout_s
        for line in self.proc.stdout:
            self.log.write(line)
            if line.startswith("export "):
                key, _, value = line[len("export "):].strip().partition("=")
                self.env[key] = value
                if key == "DEVKIT_TARGET":
                    break
            if time.monotonic() > deadline:
                break
        if "DEVKIT_TARGET" not in self.env:
            self.stop()
            raise RuntimeError(f"devkit start printed no ready line; see {log_path}")

    def stop(self):
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        self.log.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


def mint_service_account_key(path, storage_host, project):
    """A service-account key file minted by the Storage emulator (emulators/identity): it verifies
    what the key signs, and the file's token_uri is that port's /token."""
    body = json.dumps({"email": f"devkit-system-tests@{project}.iam.gserviceaccount.com", "project": project})
    request = urllib.request.Request(
        f"{storage_host}/_devkit/identity/service-account-keys", data=body.encode(), method="POST",
        headers={"content-type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        key = json.load(response)
    with open(path, "w") as f:
        json.dump(key, f)
    os.chmod(path, 0o600)
    return path
