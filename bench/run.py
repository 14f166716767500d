#!/usr/bin/env python3
"""safetyreg benchmarks (`make bench`).

Each section measures our release build and, where the issue asks for one, a baseline
run in the same session on the same machine. Figures are medians of repeated runs;
results are printed and written to bench-out/results.json. BENCHMARKS.md records them
with the machine and the date.

Usage: python3 bench/run.py [section ...]
"""
import json
import os
import platform
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "bench-out")
BIN = os.path.join(ROOT, ".build", "release", "safetyreg")


def build_release():
    subprocess.run(["swift", "build", "-c", "release"], cwd=ROOT, check=True)


def median_seconds(command, runs=15, cwd=ROOT):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def machine():
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return {"cpu": cpu, "cores": os.cpu_count(), "date": time.strftime("%Y-%m-%d")}


def section_validate():
    """One `safetyreg validate` process per application: start-up plus all rules."""
    samples = os.path.join(ROOT, "samples", "applications")
    files = sorted(os.path.join(samples, f) for f in os.listdir(samples))
    per_file = {os.path.basename(f): median_seconds([BIN, "validate", f]) for f in files}
    result = {"median_ms_per_process": round(statistics.median(per_file.values()) * 1000, 2),
              "files": {k: round(v * 1000, 2) for k, v in per_file.items()}}
    print(f"validate: median {result['median_ms_per_process']} ms per process over {len(files)} samples")
    return result


SECTIONS = {"validate": section_validate}


def main():
    wanted = sys.argv[1:] or list(SECTIONS)
    build_release()
    os.makedirs(OUT, exist_ok=True)
    results = {"machine": machine()}
    for name in wanted:
        results[name] = SECTIONS[name]()
    with open(os.path.join(OUT, "results.json"), "w") as f:
        json.dump(results, f, indent=2, ensure_ascii=False)
    print(f"results: {os.path.join(OUT, 'results.json')}")


if __name__ == "__main__":
    main()
