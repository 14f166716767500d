#!/usr/bin/env python3
"""OpenCV baseline for the image-check benchmark.

What it measures: how fast, and with how much memory, a plain Python + OpenCV script
checks uploaded images for the same things `safetyreg` checks (file size, resolution,
sharpness, exposure), and which reason codes it gives each file. The benchmark runs it
in the same session as safetyreg so that throughput, peak memory and verdicts can be
compared side by side.

Why it is the fair baseline: it is the script a reviewer would otherwise write. Per
file it decodes the whole image at full resolution with cv2.imread, as reviewers do,
and computes the textbook measures on the full-resolution gray image:

    img = cv2.imread(path, cv2.IMREAD_COLOR)      # None: unreadable
    gray = cv2.cvtColor(img, cv2.COLOR_BGR2GRAY)
    lap_var = cv2.Laplacian(gray, cv2.CV_64F).var()   # sharpness
    mean, std = gray.mean(), gray.std()               # exposure, contrast
    height, width = gray.shape; size = os.path.getsize(path)

Reason codes (thresholds are command-line options):
    CORRUPT_FILE        imread returned None or raised
    FILE_TOO_LARGE      size > --max-bytes            (default 20971520)
    RESOLUTION_TOO_LOW  min(width, height) < --min-short-side   (default 1000)
    BLURRY              lap_var < --min-laplacian-var (default 100)
    TOO_DARK            mean < --min-mean             (default 60)
    LOW_CONTRAST        std < --min-std               (default 20)

With --faces, the script also looks for people where the rules ask for them, as a
reviewer would with OpenCV's bundled Haar cascade (haarcascade_frontalface_default.xml,
detectMultiScale with scaleFactor 1.1, minNeighbors 5, minSize 60 px; OpenCV 4, since
OpenCV 5 no longer has the cascades):
    NO_FACE             no face in photo.* or id-handheld.*
    MULTIPLE_FACES      more than one face in photo.*

With --read, the script also reads the documents as a reviewer would with pytesseract
(over the same Tesseract 5 and its chi_sim model): each contract, statement and
hand-held photo whole, as decoded (`pytesseract.image_to_string(gray, lang="chi_sim")`),
then looks for the applicant's name and ID number (from application.yaml, by regex) in
the text, spaces removed:
    CONTENT_NOT_FOUND   the name or the number is not in the text of the contract, the
                        number not in the hand-held photo's, the name not in the statement's
    CONTENT_MISMATCH    another 18-character number ([0-9]{17}[0-9X]) is there instead

Nothing is tuned beyond what a competent engineer would write: no reduced-size
decoding (IMREAD_REDUCED_*), no ROI sampling, no caching. Files are spread over a
multiprocessing.Pool; each worker pins OpenCV to one thread (cv2.setNumThreads(1)),
the usual practice with process pools, so that --jobs J uses J cores and the
per-core figure means what it says.

Install: pip install opencv-python-headless numpy   (measured with OpenCV 5.0.0, numpy 2.4.6)

Usage:
  python3 bench/baseline_opencv.py files DIR [--jobs J] [--repeat R] [--verdicts OUT.json] [thresholds]
      Checks every regular file in DIR (sorted), R times over for timing. Prints
      {"files", "jobs", "seconds", "images_per_second", "images_per_second_per_core",
       "peak_rss_kb", "sum_peak_rss_kb", "opencv"}. --verdicts writes, for the first repetition,
      {filename: {"codes", "lap_var", "mean", "std", "width", "height"}}.

  python3 bench/baseline_opencv.py submissions DIR [--jobs J] [--verdicts OUT.json] [thresholds]
      DIR holds one folder per submission. In each, files ending .jpg, .jpeg or .png
      are checked; .pdf files cannot be read by OpenCV and are counted as "unchecked"
      (a reviewer's OpenCV script skips them); other files are ignored. A submission is
      "reject" if any checked file has a code, else "accept". Parallel over
      submissions. Prints {"submissions", "files" (files checked), "unchecked", "jobs",
      "seconds", "submissions_per_second", "images_per_second", "peak_rss_kb",
      "sum_peak_rss_kb", "opencv"}. --verdicts writes
      {submission_id: {"decision", "files": {name: codes}, "unchecked": [names]}}.

"seconds" is wall time of the checking only: it starts after the pool is created and
every worker has run a tiny warm-up check (decode, convert, filter a 16x16 JPEG), and
ends when the last result is back. "peak_rss_kb" is the largest ru_maxrss reported by
any worker (each worker returns getrusage(RUSAGE_SELF).ru_maxrss with its results);
"sum_peak_rss_kb" adds up every worker's peak, an upper bound on what the J workers
hold at once (to set against one multi-threaded process). Workers are forked after
cv2 and numpy are imported, so each peak includes ~45 MB of shared library pages.
"""
import argparse
import re
import json
import multiprocessing
import os
import resource
import sys
import time

import cv2
import numpy as np

IMAGE_EXTENSIONS = (".jpg", ".jpeg", ".png")
PDF_EXTENSIONS = (".pdf",)

_thresholds = None  # set in each worker by init_worker
_cascade = None  # the face cascade, loaded once per worker with --faces


def read_file(gray, stem, who):
    """CONTENT_* codes for one decoded document, as the pytesseract script sees them."""
    import pytesseract
    kind = stem.split("-")[0]
    wanted = {"contract": ("name", "id"), "statement": ("name",), "id": ("id",)}.get(kind)
    if not wanted or not who:
        return []
    text = "".join(pytesseract.image_to_string(gray, lang="chi_sim").split())
    numbers = set(re.findall(r"[0-9]{17}[0-9X]", text))
    codes = []
    if "id" in wanted and who.get("id") not in numbers and numbers:
        codes.append("CONTENT_MISMATCH")
    elif any(who.get(k) and who[k] not in (text if k == "name" else numbers) for k in wanted):
        codes.append("CONTENT_NOT_FOUND")
    return codes


def applicant(folder):
    """The applicant's name and ID number from application.yaml (a regex, as a script would)."""
    try:
        with open(os.path.join(folder, "application.yaml"), encoding="utf-8") as f:
            text = f.read()
    except OSError:
        return None
    name = re.search(r"^  name: (.+)$", text, re.M)
    number = re.search(r'idNumber: "?([0-9Xx]{18})"?', text)
    return {"name": name.group(1).strip() if name else None, "id": number.group(1).upper() if number else None}


def check_file(path, t, who=None):
    """Reason codes and measures for one file, with thresholds `t` (argparse namespace)."""
    codes = []
    size = os.path.getsize(path)
    if size > t.max_bytes:
        codes.append("FILE_TOO_LARGE")
    try:
        img = cv2.imread(path, cv2.IMREAD_COLOR)
    except Exception:
        img = None
    if img is None:
        codes.insert(0, "CORRUPT_FILE")
        return {"codes": codes, "lap_var": None, "mean": None, "std": None, "width": None, "height": None}

    gray = cv2.cvtColor(img, cv2.COLOR_BGR2GRAY)
    lap_var = float(cv2.Laplacian(gray, cv2.CV_64F).var())
    mean, std = float(gray.mean()), float(gray.std())
    height, width = gray.shape

    # The ID photo is small by design: it has the photo's minimum width, not a page's.
    is_photo = os.path.splitext(os.path.basename(path))[0].lower() == "photo"
    if min(width, height) < (t.photo_min_short_side if is_photo else t.min_short_side):
        codes.append("RESOLUTION_TOO_LOW")
    if lap_var < t.min_laplacian_var:
        codes.append("BLURRY")
    if mean < t.min_mean:
        codes.append("TOO_DARK")
    if std < t.min_std:
        codes.append("LOW_CONTRAST")
    stem = os.path.splitext(os.path.basename(path))[0].lower()
    if t.faces and stem in ("photo", "id-handheld"):
        faces = _cascade.detectMultiScale(gray, scaleFactor=1.1, minNeighbors=5, minSize=(60, 60))
        if len(faces) == 0:
            codes.append("NO_FACE")
        elif stem == "photo" and len(faces) > 1:
            codes.append("MULTIPLE_FACES")
    if t.read:
        codes += read_file(gray, stem, who)
    return {"codes": codes, "lap_var": round(lap_var, 3), "mean": round(mean, 3), "std": round(std, 3),
            "width": width, "height": height}


def init_worker(thresholds, barrier):
    """Per worker: one OpenCV thread, one tiny warm-up check, then wait until every
    worker (and the parent) is ready, so the timed part starts with a warm pool."""
    global _thresholds, _cascade
    _thresholds = thresholds
    cv2.setNumThreads(1)
    os.environ["OMP_THREAD_LIMIT"] = "1"  # the tesseract processes pytesseract starts: one thread each
    if thresholds.faces:
        _cascade = cv2.CascadeClassifier(os.path.join(cv2.data.haarcascades, "haarcascade_frontalface_default.xml"))
    ok, jpeg = cv2.imencode(".jpg", np.full((16, 16, 3), 128, np.uint8))
    gray = cv2.cvtColor(cv2.imdecode(jpeg, cv2.IMREAD_COLOR), cv2.COLOR_BGR2GRAY)
    cv2.Laplacian(gray, cv2.CV_64F).var(), gray.mean(), gray.std()
    barrier.wait()


def rss_kb():
    """(worker pid, its peak RSS in KB so far)."""
    return os.getpid(), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def rss_summary(rss):
    """peak_rss_kb: the largest worker; sum_peak_rss_kb: every worker's peak added up."""
    peaks = {}
    for pid, kb in rss:
        peaks[pid] = max(kb, peaks.get(pid, 0))
    return max(peaks.values(), default=0), sum(peaks.values())


def files_task(path):
    return check_file(path, _thresholds), rss_kb()


def submission_task(folder):
    """Check one submission folder: (decision, {name: codes}, [unchecked pdfs], rss)."""
    files, unchecked = {}, []
    who = applicant(folder) if _thresholds.read else None
    for name in sorted(os.listdir(folder)):
        path = os.path.join(folder, name)
        if not os.path.isfile(path):
            continue
        ext = os.path.splitext(name)[1].lower()
        if ext in PDF_EXTENSIONS:
            unchecked.append(name)
        elif ext in IMAGE_EXTENSIONS:
            files[name] = check_file(path, _thresholds, who)["codes"]
    decision = "reject" if any(files.values()) else "accept"
    return decision, files, unchecked, rss_kb()


def make_pool(jobs, thresholds):
    barrier = multiprocessing.Barrier(jobs + 1)
    pool = multiprocessing.Pool(jobs, initializer=init_worker, initargs=(thresholds, barrier))
    barrier.wait(timeout=120)  # every worker is up and warmed
    return pool


def run_files(args):
    names = sorted(n for n in os.listdir(args.dir) if os.path.isfile(os.path.join(args.dir, n)))
    paths = [os.path.join(args.dir, n) for n in names]
    tasks = paths * args.repeat
    # A few chunks per worker keep IPC negligible without leaving a worker idle at the end.
    chunksize = max(1, min(32, len(tasks) // (args.jobs * 16)))

    pool = make_pool(args.jobs, args)
    start = time.perf_counter()
    results = pool.map(files_task, tasks, chunksize=chunksize)
    seconds = time.perf_counter() - start
    pool.close()
    pool.join()

    if args.verdicts:
        write_json(args.verdicts, {name: r[0] for name, r in zip(names, results)})
    ips = len(tasks) / seconds if seconds > 0 else None
    peak, total = rss_summary(r[1] for r in results)
    return {
        "files": len(paths),
        "jobs": args.jobs,
        "seconds": round(seconds, 3),
        "images_per_second": round(ips, 2) if ips else None,
        "images_per_second_per_core": round(ips / args.jobs, 2) if ips else None,
        "peak_rss_kb": peak,
        "sum_peak_rss_kb": total,
        "opencv": cv2.__version__,
    }


def run_submissions(args):
    ids = sorted(n for n in os.listdir(args.dir) if os.path.isdir(os.path.join(args.dir, n)))
    folders = [os.path.join(args.dir, n) for n in ids]

    pool = make_pool(args.jobs, args)
    start = time.perf_counter()
    # Submissions differ in size, so hand them out one at a time.
    results = pool.map(submission_task, folders, chunksize=1)
    seconds = time.perf_counter() - start
    pool.close()
    pool.join()

    if args.verdicts:
        write_json(args.verdicts, {sid: {"decision": d, "files": f, "unchecked": u}
                                   for sid, (d, f, u, _) in zip(ids, results)})
    checked = sum(len(r[1]) for r in results)
    peak, total = rss_summary(r[3] for r in results)
    return {
        "submissions": len(ids),
        "files": checked,
        "unchecked": sum(len(r[2]) for r in results),
        "jobs": args.jobs,
        "seconds": round(seconds, 3),
        "submissions_per_second": round(len(ids) / seconds, 2) if seconds > 0 else None,
        "images_per_second": round(checked / seconds, 2) if seconds > 0 else None,
        "peak_rss_kb": peak,
        "sum_peak_rss_kb": total,
        "opencv": cv2.__version__,
    }


def write_json(path, data):
    with open(path, "w", encoding="utf-8") as f:
        json.dump(data, f, ensure_ascii=False, indent=2)
        f.write("\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--photo-min-short-side", type=int, default=358,
                    help="minimum short side of files named photo.* (the ID photo), default 358")
    ap.add_argument("mode", choices=["files", "submissions"])
    ap.add_argument("dir", help="folder of files, or folder of submission folders")
    ap.add_argument("--jobs", type=int, default=1, help="worker processes (default 1)")
    ap.add_argument("--repeat", type=int, default=1, help="files mode: check the set R times (default 1)")
    ap.add_argument("--verdicts", metavar="OUT.json", help="write per-file / per-submission verdicts")
    ap.add_argument("--max-bytes", type=int, default=20971520)
    ap.add_argument("--min-short-side", type=int, default=1000)
    ap.add_argument("--min-laplacian-var", type=float, default=100.0)
    ap.add_argument("--min-mean", type=float, default=60.0)
    ap.add_argument("--min-std", type=float, default=20.0)
    ap.add_argument("--faces", action="store_true", help="also look for faces in photo.* and id-handheld.* (Haar cascade)")
    ap.add_argument("--read", action="store_true", help="also read the documents with pytesseract (chi_sim)")
    args = ap.parse_args()
    if args.jobs < 1 or args.repeat < 1:
        ap.error("--jobs and --repeat must be at least 1")
    if not os.path.isdir(args.dir):
        ap.error(f"not a folder: {args.dir}")

    result = run_files(args) if args.mode == "files" else run_submissions(args)
    print(json.dumps(result))


if __name__ == "__main__":
    sys.exit(main())
