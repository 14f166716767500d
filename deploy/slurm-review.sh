#!/bin/sh
# Reviews SUBMISSIONS in 8 shards as a Slurm job array, then merges them:
#   jobid=$(sbatch --parsable deploy/slurm-review.sh /shared/submissions /shared/reports 2026-11-23)
#   sbatch --dependency=afterok:$jobid --wrap \
#     "safetyreg merge $(printf '/shared/reports/shard-%s ' 1 2 3 4 5 6 7 8) -o /shared/reports/all"
# A failed or pre-empted task can simply be resubmitted (`--requeue` is safe): the
# re-run reuses every report that is still up to date.
#SBATCH --job-name=safetyreg-review
#SBATCH --array=1-8
#SBATCH --cpus-per-task=2
#SBATCH --mem=1G
#SBATCH --requeue
set -eu
submissions=${1:?usage: slurm-review.sh SUBMISSIONS REPORTS [DATE]}
reports=${2:?usage: slurm-review.sh SUBMISSIONS REPORTS [DATE]}
k=$SLURM_ARRAY_TASK_ID
n=${SLURM_ARRAY_TASK_COUNT:-8}
# Every shard must judge deadlines on the same day, or merge refuses to combine them.
today=${3:-$(date +%F)}
exec safetyreg review "$submissions" -o "$reports/shard-$k" --shard "$k/$n" --jobs "$SLURM_CPUS_PER_TASK" --today "$today"
