# The baseline check: passes may only go up, a test passing in the baseline must still pass, and
# every skip must come from skips.json (a real-GCP-only reason). Tests in load-sensitive.json run and
# are reported, but a failure of theirs does not fail the job (each entry says why: the outcome
# depends on the client machine's load, not on the emulator).


def compare(baseline, results, skips, load_sensitive=None):
    """Returns (table rows, problems); any problem fails the job."""
    rows, problems = [], []
    load_sensitive = load_sensitive or {}
    for name, result in results.items():
        base = baseline.get(name, {"passed": 0, "failed": 0, "skipped": 0, "passing": []})
        rows.append((name, base["passed"], result["passed"], base["failed"], result["failed"],
                     base["skipped"], result["skipped"]))
        tests = result["tests"]
        excused = [t for t in base["passing"] if t in load_sensitive
                   and tests.get(t, {}).get("outcome") != "passed"]
        for test_id in excused:
            print(f"system-suites: {name}: load-sensitive {test_id} "
                  f"{tests.get(test_id, {}).get('outcome', 'not run')} (not counted: {load_sensitive[test_id]})")
        if result["passed"] < base["passed"] - len(excused):
            problems.append(f"{name}: {result['passed']} passed, the baseline has {base['passed']}")
        for test_id in base["passing"]:
            outcome = tests.get(test_id, {}).get("outcome", "not run")
            if outcome != "passed" and test_id not in excused:
                problems.append(f"{name}: {test_id} passes in the baseline, now {outcome}")
        for test_id, outcome in sorted(tests.items()):
            if outcome["outcome"] == "skipped" and not _listed(test_id, skips):
                problems.append(f"{name}: {test_id} skipped for a reason not in skips.json: {outcome['detail']}")
        gained = sum(1 for t, o in tests.items() if o["outcome"] == "passed" and t not in base["passing"])
        if gained:
            print(f"system-suites: {name}: {gained} test(s) pass that the baseline does not list "
                  "(raise it: run.py --update-baseline)")
    return rows, problems


def _listed(test_id, skips):
    return any(test_id == s or test_id.startswith(s + "::") or test_id.startswith(s + "[") for s in skips)


def print_table(rows):
    header = ("suite", "passed (base)", "passed", "failed (base)", "failed", "skipped (base)", "skipped")
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    for row in [header, tuple("-" * w for w in widths), *rows]:
        print("  ".join(str(cell).rjust(w) if i else str(cell).ljust(w) for i, (cell, w) in enumerate(zip(row, widths))))
