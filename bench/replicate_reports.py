"""Replicates the reports of a review into N submissions (REPORTS_IN REPORTS_OUT N), with
a summary.json that lists them, so that `safetyreg merge OUT -o OUT` writes the
reviewer's page for N submissions without reviewing N submissions. Used by the page
benchmark and nothing else."""
import json, os, sys, shutil
src, dst, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
os.makedirs(dst, exist_ok=True)
if os.path.exists(dst + "/thumbs"): shutil.rmtree(dst + "/thumbs")
shutil.copytree(src + "/thumbs", dst + "/thumbs")
summary = json.load(open(src + "/summary.json"))
reports = [json.load(open(f"{src}/{s['submission']}.json")) for s in summary["submissions"]]
items = []
for i in range(n):
    r = dict(reports[i % len(reports)])
    r["submission"] = f"{i+1:05d}-{r['submission'][10:]}"
    json.dump(r, open(f"{dst}/{r['submission']}.json", "w"), ensure_ascii=False)
    items.append({"submission": r["submission"], "kind": r.get("kind"), "decision": r["decision"], "codes": sorted(set(x["code"] for x in r["reasons"]))})
summary["submissions"] = items
json.dump(summary, open(dst + "/summary.json", "w"), ensure_ascii=False)
