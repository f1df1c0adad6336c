# The emulators the suites run against, started with the kit itself (`devkit start` on free ports),
# and the generated service-account key file the harness signs with.
import json
import os
import signal
import subprocess
import time

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


def write_service_account_key(folder, project, token_uri):
    """A Google-shaped service-account key file with a fresh RSA-2048 key (openssl). The emulator
    does not know this key: see README.md (signed URLs)."""
    pem = subprocess.run(
        ["openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"],
        check=True, capture_output=True, text=True,
    ).stdout
    email = f"devkit-system-tests@{project}.iam.gserviceaccount.com"
    key = {
        "type": "service_account",
        "project_id": project,
        "private_key_id": os.urandom(20).hex(),
        "private_key": pem,
        "client_email": email,
        "client_id": str(100000000000000000000 + int.from_bytes(os.urandom(8), "big")),
        "auth_uri": "https://accounts.google.com/o/oauth2/auth",
        "token_uri": token_uri,
        "auth_provider_x509_cert_url": "https://www.googleapis.com/oauth2/v1/certs",
        "client_x509_cert_url": f"https://www.googleapis.com/robot/v1/metadata/x509/{email}",
        "universe_domain": "googleapis.com",
    }
    path = os.path.join(folder, "service-account.json")
    with open(path, "w") as f:
        json.dump(key, f)
    os.chmod(path, 0o600)
    return path
