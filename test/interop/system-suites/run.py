#!/usr/bin/env python3
# Runs Google's pinned python-storage and python-pubsub system suites, unchanged, against the kit's
# emulators; writes the per-test outcomes and compares them with baseline.json (see README.md).
import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor

from compare import compare, print_table
from stack import Stack, mint_service_account_key
from suites import SUITES, source_dir, venv_python

HERE = os.path.dirname(os.path.abspath(__file__))
PER_TEST_TIMEOUT_S = 120
PER_SUITE_TIMEOUT_S = 900
PROJECT = "devkit-system-tests"
_running = []


def _on_sigterm(*_):
    # Stop the suites; each thread then stops its own `devkit start` on the way out.
    for proc in _running:
        proc.kill()
    sys.exit(143)


def run_suite(name, work, python, src):
    results = os.path.join(work, f"{name}.json")
    with Stack(os.path.join(work, f"{name}-devkit.log")) as stack:
        # One key per suite: each stack knows only the keys it minted.
        key = mint_service_account_key(
            os.path.join(work, f"{name}-service-account.json"), stack.env["STORAGE_EMULATOR_HOST"], PROJECT
        )
        env = {
            k: v for k, v in os.environ.items()
            if not k.endswith("_EMULATOR_HOST") and k not in ("GOOGLE_APPLICATION_CREDENTIALS", "PYTHONPATH")
        }
        env.update(
            STORAGE_EMULATOR_HOST=stack.env["STORAGE_EMULATOR_HOST"],
            PUBSUB_EMULATOR_HOST=stack.env["PUBSUB_EMULATOR_HOST"],
            GOOGLE_CLOUD_PROJECT=PROJECT,
            GOOGLE_APPLICATION_CREDENTIALS=key,
            DEVKIT_SKIPS_FILE=os.path.join(HERE, "skips.json"),
            DEVKIT_RESULTS_FILE=results,
            PYTHONPATH=HERE,
            PYTHONDONTWRITEBYTECODE="1",
            PYTHONUNBUFFERED="1",
        )
        cmd = [
            python, "-m", "pytest", "-p", "devkit_harness", "-p", "no:cacheprovider", "-v", "-rfE", "--durations=12",
            f"--timeout={PER_TEST_TIMEOUT_S}", "--rootdir", src,
            *SUITES[name].get("pytest_args", []), *SUITES[name]["tests"],
        ]
        started = time.monotonic()
        with open(os.path.join(work, f"{name}-pytest.log"), "w") as log:
            proc = subprocess.Popen(cmd, cwd=src, env=env, stdout=log, stderr=subprocess.STDOUT)
            _running.append(proc)
            try:
                proc.wait(timeout=PER_SUITE_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
                log.write(f"\n[suite killed after {PER_SUITE_TIMEOUT_S} s]\n")
        elapsed = time.monotonic() - started
    tests = json.load(open(results)) if os.path.exists(results) else {}
    counts = {o: sum(1 for t in tests.values() if t["outcome"] == o) for o in ("passed", "failed", "skipped")}
    print(f"system-suites: {name}: {counts} in {elapsed:.0f} s", flush=True)
    return {**counts, "seconds": round(elapsed), "tests": tests}


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", default=os.path.join(HERE, "out"), help="results folder (default ./out)")
    parser.add_argument("--suite", action="append", choices=sorted(SUITES), help="run only this suite")
    parser.add_argument("--update-baseline", action="store_true", help="write these results as the baseline")
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, _on_sigterm)
    os.makedirs(args.out, exist_ok=True)
    for old in os.listdir(args.out):  # keep the last run's logs only
        if old.startswith("run-"):
            shutil.rmtree(os.path.join(args.out, old), ignore_errors=True)
    work = tempfile.mkdtemp(prefix="run-", dir=args.out)
    names = args.suite or sorted(SUITES)
    prepared = {name: (venv_python(name), source_dir(name)) for name in names}
    # The suites run side by side, each against its own stack: python-pubsub spends most of its
    # time waiting out ack deadlines and sleeping callbacks, not on the CPU.
    with ThreadPoolExecutor(len(names)) as pool:
        futures = {name: pool.submit(run_suite, name, work, *prepared[name]) for name in names}
        results = {name: future.result() for name, future in futures.items()}
    results_path = os.path.join(args.out, "results.json")
    with open(results_path, "w") as f:
        json.dump(results, f, indent=1, sort_keys=True)
    print(f"system-suites: per-test outcomes in {results_path}; logs in {work}")
    baseline_path = os.path.join(HERE, "baseline.json")
    if args.update_baseline:
        baseline = {
            name: {"passed": r["passed"], "failed": r["failed"], "skipped": r["skipped"],
                   "passing": sorted(t for t, o in r["tests"].items() if o["outcome"] == "passed")}
            for name, r in results.items()
        }
        with open(baseline_path, "w") as f:
            json.dump(baseline, f, indent=2)
            f.write("\n")
        print(f"system-suites: wrote {baseline_path}")
    skips = json.load(open(os.path.join(HERE, "skips.json")))
    load_sensitive = json.load(open(os.path.join(HERE, "load-sensitive.json")))
    rows, problems = compare(json.load(open(baseline_path)), results, skips, load_sensitive)
    print_table(rows)
    for problem in problems:
        print(f"system-suites: FAIL {problem}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
