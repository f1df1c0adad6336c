#!/usr/bin/env python3
# Runs Google's pinned python-storage and python-pubsub system suites, unchanged, against the kit's
# emulators; writes the per-test outcomes and compares them with baseline.json (see README.md).
import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time

from compare import compare, print_table
from stack import Stack, write_service_account_key
from suites import SUITES, source_dir, venv_python

HERE = os.path.dirname(os.path.abspath(__file__))
PER_TEST_TIMEOUT_S = 120
PER_SUITE_TIMEOUT_S = 900
PROJECT = "devkit-system-tests"


def run_suite(name, work):
    python = venv_python(name)
    src = source_dir(name)
    key = write_service_account_key(work, PROJECT, "http://127.0.0.1:9/token")
    results = os.path.join(work, f"{name}.json")
    with Stack(os.path.join(work, f"{name}-devkit.log")) as stack:
        env = {
            k: v for k, v in os.environ.items()
            if not k.endswith("_EMULATOR_HOST") and k not in ("GOOGLE_APPLICATION_CREDENTIALS", "PYTHONPATH")
        }
        env.update(
            STORAGE_EMULATOR_HOST=stack.env["STORAGE_EMULATOR_HOST"],
            PUBSUB_EMULATOR_HOST=stack.env["PUBSUB_EMULATOR_HOST"],
            GOOGLE_CLOUD_PROJECT=PROJECT,
            DEVKIT_SA_KEY_FILE=key,
            DEVKIT_SKIPS_FILE=os.path.join(HERE, "skips.json"),
            DEVKIT_RESULTS_FILE=results,
            PYTHONPATH=HERE,
            PYTHONDONTWRITEBYTECODE="1",
            PYTHONUNBUFFERED="1",
        )
        cmd = [
            python, "-m", "pytest", "-p", "devkit_harness", "-p", "no:cacheprovider", "-q", "-rfE", "--durations=12",
            f"--timeout={PER_TEST_TIMEOUT_S}", "--rootdir", src, *SUITES[name]["tests"],
        ]
        started = time.monotonic()
        with open(os.path.join(work, f"{name}-pytest.log"), "w") as log:
            try:
                subprocess.run(cmd, cwd=src, env=env, stdout=log, stderr=subprocess.STDOUT,
                               timeout=PER_SUITE_TIMEOUT_S)
            except subprocess.TimeoutExpired:
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
    # SIGTERM unwinds like Ctrl-C, so each suite's `devkit start` is stopped on the way out.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    os.makedirs(args.out, exist_ok=True)
    work = tempfile.mkdtemp(prefix="run-", dir=args.out)
    results = {name: run_suite(name, work) for name in (args.suite or sorted(SUITES))}
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
            json.dump(baseline, f, indent=1)
            f.write("\n")
        print(f"system-suites: wrote {baseline_path}")
    skips = json.load(open(os.path.join(HERE, "skips.json")))
    rows, problems = compare(json.load(open(baseline_path)), results, skips)
    print_table(rows)
    for problem in problems:
        print(f"system-suites: FAIL {problem}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
