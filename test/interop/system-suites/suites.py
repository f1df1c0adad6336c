# The pinned Google system suites: which sdist holds them, what to run, and each one's venv
# (downloaded and built once into ~/.cache/gcp-devkit/system-suites).
import hashlib
import os
import subprocess
import sys
import tarfile

HERE = os.path.dirname(os.path.abspath(__file__))
CACHE = os.path.join(
    os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "gcp-devkit", "system-suites"
)

SUITES = {
    "python-storage": {
        "package": "google-cloud-storage",
        "version": "3.10.1",
        "requirements": "storage-requirements.txt",
        "tests": ["tests/system"],
    },
    "python-pubsub": {
        "package": "google-cloud-pubsub",
        "version": "2.35.0",
        "requirements": "pubsub-requirements.txt",
        "tests": ["tests/system.py"],
        # Its tests mostly wait (60 s ack-deadline checks, 15 s callbacks): four workers cut the
        # wall time from about 8 minutes to a quarter; every test makes its own topics.
        "pytest_args": ["-n", "4"],
    },
}

def _say(msg):
    print(f"system-suites: {msg}", flush=True)


def source_dir(name):
    """The suite's tests/ folder from the pinned sdist, downloaded and extracted once into the cache."""
    suite = SUITES[name]
    dest = os.path.join(CACHE, "src", f"{name}-{suite['version']}")
    if os.path.isdir(os.path.join(dest, "tests")):
        return dest
    sdists = os.path.join(CACHE, "sdists")
    os.makedirs(sdists, exist_ok=True)
    stem = f"{suite['package'].replace('-', '_')}-{suite['version']}"
    tarball = os.path.join(sdists, f"{stem}.tar.gz")
    if not os.path.exists(tarball):
        _say(f"downloading the {suite['package']}=={suite['version']} sdist")
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--quiet", "--disable-pip-version-check",
             "--no-binary", ":all:", "--no-deps", "-d", sdists, f"{suite['package']}=={suite['version']}"],
            check=True,
        )
    tmp = dest + ".partial"
    with tarfile.open(tarball) as tar:
        # Only tests/: the sdist's own google/ package must not shadow the installed client.
        members = [m for m in tar.getmembers() if m.name.startswith(f"{stem}/tests/")]
        try:
            tar.extractall(tmp, members=members, filter="data")
        except TypeError:  # Python before 3.11.4 has no extraction filters
            tar.extractall(tmp, members=members)
    os.rename(os.path.join(tmp, stem), dest)
    os.rmdir(tmp)
    return dest


def venv_python(name):
    """The suite's venv (its client at the suite's version, pinned test deps), (re)built when the
    requirements or constraints change."""
    suite = SUITES[name]
    venv = os.path.join(CACHE, f"venv-{name}")
    python = os.path.join(venv, "bin", "python")
    digest = hashlib.sha256()
    for file_name in (suite["requirements"], "constraints.txt"):
        with open(os.path.join(HERE, file_name), "rb") as f:
            digest.update(f.read())
    stamp = os.path.join(venv, "devkit-requirements.sha256")
    if os.path.exists(stamp) and open(stamp).read() == digest.hexdigest():
        return python
    if not os.path.exists(python):
        subprocess.run([sys.executable, "-m", "venv", venv], check=True)
    _say(f"installing {suite['requirements']} into {venv}")
    subprocess.run(
        [python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
         "-r", os.path.join(HERE, suite["requirements"])],
        check=True,
        cwd=HERE,
    )
    with open(stamp, "w") as f:
        f.write(digest.hexdigest())
    return python
