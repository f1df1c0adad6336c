# The baseline check: passes may only go up, a test passing in the baseline must still pass, and
# every skip must come from skips.json (a real-GCP-only reason).


def compare(baseline, results, skips):
    """Returns (table rows, problems); any problem fails the job."""
    rows, problems = [], []
    for name, result in results.items():
        base = baseline.get(name, {"passed": 0, "failed": 0, "skipped": 0, "passing": []})
        rows.append((name, base["passed"], result["passed"], base["failed"], result["failed"],
                     base["skipped"], result["skipped"]))
        if result["passed"] < base["passed"]:
            problems.append(f"{name}: {result['passed']} passed, the baseline has {base['passed']}")
        tests = result["tests"]
        for test_id in base["passing"]:
            outcome = tests.get(test_id, {}).get("outcome", "not run")
            if outcome != "passed":
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
