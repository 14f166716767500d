#!/bin/sh
# The main job on the shipped samples: validate every sample application.
# Usage: scripts/demo.sh PATH/TO/safetyreg
set -u
bin=${1:-.build/debug/safetyreg}
for f in samples/applications/*.yaml samples/applications/*.json; do
  echo "────────────────────────────────────────────────────────────"
  "$bin" validate "$f"
  echo "(exit code $?)"
done
