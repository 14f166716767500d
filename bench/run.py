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


def timed(command, cwd=ROOT):
    """Wall seconds and peak RSS (KB) of one command, through GNU time."""
    start = time.perf_counter()
    proc = subprocess.run(["/usr/bin/time", "-f", "%M"] + command, cwd=cwd,
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    seconds = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{command[0]} failed: {proc.stderr[-2000:]}")
    rss = int(proc.stderr.strip().splitlines()[-1])
    return seconds, rss


def make_applications(folder, count):
    """`count` distinct initial applications (names vary, so no cache sees the same text
    twice), deterministic so every run renders the same forms."""
    import random
    os.makedirs(folder, exist_ok=True)
    base = open(os.path.join(ROOT, "samples", "applications", "initial.yaml"), encoding="utf-8").read()
    rng = random.Random(7)
    surnames = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
    given = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红娥玲芬燕彬建国春梅海峰志鹏宇浩然子涵欣怡"
    for i in range(1, count + 1):
        name = rng.choice(surnames) + "".join(rng.choice(given) for _ in range(rng.choice([1, 2])))
        text = base.replace("2026-000101", "2026-9%04d" % i).replace("张伟", name)
        with open(os.path.join(folder, "a%04d.yaml" % i), "w", encoding="utf-8") as f:
            f.write(text)
    return folder


def mean_size(folder):
    sizes = [os.path.getsize(os.path.join(folder, f)) for f in os.listdir(folder) if f.endswith(".pdf")]
    return sum(sizes) / len(sizes)


def section_forms(runs=3):
    """Filled two-page forms per second, bytes per form and peak memory: safetyreg
    (cairo + pango) against ReportLab (bench/baseline_reportlab.py) in the same run."""
    work = os.path.join(OUT, "forms")
    apps_1000 = make_applications(os.path.join(work, "apps-1000"), 1000)
    apps_200 = os.path.join(work, "apps-200")
    os.makedirs(apps_200, exist_ok=True)
    for f in sorted(os.listdir(apps_1000))[:200]:
        with open(os.path.join(apps_1000, f), "rb") as src, open(os.path.join(apps_200, f), "wb") as dst:
            dst.write(src.read())
    # Warm the font-subset cache once, as any second run of the tool would find it.
    subprocess.run([BIN, "form", "--blank", "initial", "-o", os.path.join(work, "warm.pdf")], check=True, stdout=subprocess.DEVNULL)

    def ours(apps, count, jobs):
        out = os.path.join(work, f"ours-{count}-{jobs}")
        subprocess.run(["rm", "-rf", out])
        seconds, rss = timed([BIN, "form", apps, "-o", out, "--jobs", str(jobs)])
        assert len([f for f in os.listdir(out) if f.endswith(".pdf")]) == count, "every form rendered"
        return {"seconds": seconds, "forms_per_second": count / seconds, "bytes_per_form": mean_size(out), "peak_rss_kb": rss}

    def reportlab(count, jobs):
        out = os.path.join(work, f"reportlab-{count}-{jobs}")
        subprocess.run(["rm", "-rf", out])
        proc = subprocess.run([sys.executable, os.path.join(ROOT, "bench", "baseline_reportlab.py"), "--count", str(count),
                               "--out", out, "--jobs", str(jobs)], capture_output=True, text=True, check=True)
        return json.loads(proc.stdout)

    def median_of(samples):
        keys = samples[0].keys()
        return {k: statistics.median([s[k] for s in samples]) for k in keys if isinstance(samples[0][k], (int, float))}

    result = {}
    for label, count, jobs in [("one_process_200", 200, 1), ("batch_1000_jobs_2", 1000, 2)]:
        apps = apps_200 if count == 200 else apps_1000
        ours_runs, rl_runs = [], []
        for _ in range(runs):  # alternate, so that both see the same machine state
            ours_runs.append(ours(apps, count, jobs))
            rl_runs.append(reportlab(count, jobs))
        o, r = median_of(ours_runs), median_of(rl_runs)
        result[label] = {
            "safetyreg": o, "reportlab": r,
            "speedup": o["forms_per_second"] / r["forms_per_second"],
            "size_ratio": o["bytes_per_form"] / r["bytes_per_form"],
            "runs": runs,
        }
        print(f"forms {label}: safetyreg {o['forms_per_second']:.1f}/s, {o['bytes_per_form']/1024:.1f} KiB, "
              f"{o['peak_rss_kb']/1024:.0f} MiB; ReportLab {r['forms_per_second']:.1f}/s, {r['bytes_per_form']/1024:.1f} KiB, "
              f"{r['peak_rss_kb']/1024:.0f} MiB; speed ×{result[label]['speedup']:.2f}, size ×{result[label]['size_ratio']:.2f}")
    return result


def section_validate():
    """One `safetyreg validate` process per application: start-up plus all rules."""
    samples = os.path.join(ROOT, "samples", "applications")
    files = sorted(os.path.join(samples, f) for f in os.listdir(samples))
    per_file = {os.path.basename(f): median_seconds([BIN, "validate", f]) for f in files}
    result = {"median_ms_per_process": round(statistics.median(per_file.values()) * 1000, 2),
              "files": {k: round(v * 1000, 2) for k, v in per_file.items()}}
    print(f"validate: median {result['median_ms_per_process']} ms per process over {len(files)} samples")
    return result


SECTIONS = {"validate": section_validate, "forms": section_forms}


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
