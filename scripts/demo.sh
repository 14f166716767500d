#!/bin/sh
# The main job on the shipped samples: validate every sample application, then render
# the valid ones (and a blank form of each kind) as print-ready PDFs under out/forms/.
# Usage: scripts/demo.sh PATH/TO/safetyreg
set -u
bin=${1:-.build/debug/safetyreg}
for f in samples/applications/*.yaml samples/applications/*.json; do
  echo "────────────────────────────────────────────────────────────"
  "$bin" validate "$f"
  echo "(exit code $?)"
done
echo "════════════════════════════════════════════════════════════"
echo "申请表 PDF / application forms:"
mkdir -p out/forms
"$bin" form samples/applications -o out/forms --combined out/forms/all-print.pdf | grep -v '^  -'
for kind in initial renewal change reregistration; do
  "$bin" form --blank "$kind" -o "out/forms/blank-$kind.pdf"
done
echo "PDF: $(pwd)/out/forms/"
echo "════════════════════════════════════════════════════════════"
echo "审查样例提交 / reviewing the sample submissions (samples/submissions):"
# --today keeps the samples' deadlines as they were written (2026-11-23).
"$bin" review samples/submissions -o out/reports --today 2026-11-23
echo "每份提交的报告 / one report per submission: $(pwd)/out/reports/<id>.json, summary.csv, summary.json"
echo "════════════════════════════════════════════════════════════"
echo "证件照中的人像 / the person in an ID photo (one face, upright, framed as the specifications say):"
"$bin" photo samples/submissions/2026-0020-photo-head-off-centre/photo.jpg
echo "(exit code $?: 1 means rejected)"
echo "════════════════════════════════════════════════════════════"
echo "申请表照片的扫描 / the form scan of one photographed page (QR code, signature, seal):"
"$bin" inspect --as form samples/submissions/2026-0015-form-unsigned/form-2.jpg
echo "(exit code $?: 1 means rejected)"
