#!/usr/bin/env python3
"""Collects, once, every version of the seed jobs (Jobs/*.yaml) the repository ever held, each with
the registries of its commit, into Tests/KaoheJobsTests/Fixtures/historical-jobs/COMMIT/, so that a
test keeps every job file that once validated validating (issue 22: a job that validated keeps
running; an older spelling gets a warning, never an error). Identical versions are kept once.

    python3 scripts/collect_historical_jobs.py
"""
import hashlib
import os
import shutil
import subprocess

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "Tests", "KaoheJobsTests", "Fixtures", "historical-jobs")


def git(*args):
    return subprocess.run(["git", "-C", ROOT, *args], check=True, capture_output=True).stdout


def main():
    shutil.rmtree(OUT, ignore_errors=True)
    seen = set()
    commits = git("log", "--format=%h %ad", "--date=short", "--", "Jobs/").decode().split("\n")
    for line in reversed([c for c in commits if c]):
        commit, day = line.split()
        paths = [p for p in git("ls-tree", "-r", "--name-only", "-z", commit, "Jobs/").decode().split("\0") if p]
        jobs = [p for p in paths if p.endswith(".yaml") and "/registries/" not in p]
        fresh = []
        for p in jobs:
            text = git("show", f"{commit}:{p}")
            digest = hashlib.sha256(text).hexdigest()
            if digest not in seen:
                seen.add(digest)
                fresh.append((p, text))
        if not fresh:
            continue
        folder = os.path.join(OUT, f"{day}-{commit}")
        for p, text in fresh:
            os.makedirs(folder, exist_ok=True)
            with open(os.path.join(folder, os.path.basename(p)), "wb") as f:
                f.write(text)
        for p in paths:
            if "/registries/" in p:
                os.makedirs(os.path.join(folder, "registries"), exist_ok=True)
                with open(os.path.join(folder, "registries", os.path.basename(p)), "wb") as f:
                    f.write(git("show", f"{commit}:{p}"))
        print(folder, len(fresh), "job versions")


if __name__ == "__main__":
    main()
