#!/bin/sh
# Runs deploy/slurm-review.sh for real: a one-node Slurm (Debian's slurm-wlm and munge)
# started in a scratch folder, the job array of shard reviews, then the merge job that
# depends on it. Then reviews the same submissions unsharded and compares the two trees.
#
# usage: run.sh SAFETYREG SUBMISSIONS WORK
# Exit 0: the merged result is byte-identical to the unsharded run. Exit 1: it is not, or
# a job failed (the logs are printed). Exit 77: Slurm cannot start here (the reason is
# printed).
set -eu
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
submissions=$2
work=$3
root=$(cd "$(dirname "$0")/../.." && pwd)
skip() { echo "SKIP: $*"; exit 77; }

[ "$(id -u)" = 0 ] || skip "starting slurmctld, slurmd and munged needs root"
for p in /usr/sbin/slurmctld /usr/sbin/slurmd /usr/sbin/munged /usr/bin/sbatch; do
  [ -x "$p" ] || skip "$p is missing (make test installs slurm-wlm and munge)"
done
[ -r /etc/munge/munge.key ] || skip "/etc/munge/munge.key is missing"

mkdir -p "$work/state" "$work/spool" "$work/log" "$work/bin"
# munged runs as munge, which may not enter $work (a private clone or umask makes it
# 0700): its socket, key seed, pid and log live in a folder of its own under /tmp.
munge=$(mktemp -d /tmp/safetyreg-munge.XXXXXX)
chmod 0755 "$munge"
chown munge:munge "$munge"
host=$(hostname -s)
cpus=$(nproc)
memory=$(awk '/MemTotal/ { print int($2 / 1024 / 2) }' /proc/meminfo)
cat > "$work/slurm.conf" <<CONF
ClusterName=safetyreg-test
SlurmctldHost=$host
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
SlurmctldLogFile=$work/log/slurmctld.log
SlurmdLogFile=$work/log/slurmd.log
SlurmctldPort=16817
SlurmdPort=16818
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core_Memory
ReturnToService=2
MpiDefault=none
NodeName=$host CPUs=$cpus RealMemory=$memory State=UNKNOWN
PartitionName=test Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF="$work/slurm.conf"

# Stops the daemon whose pid is in file $1, and waits (up to 10 s) until it has gone: a
# daemon still shutting down writes into its folder while the folder is being removed.
stop() {
  pid=$(cat "$1" 2>/dev/null) || return 0
  kill "$pid" 2>/dev/null || return 0
  i=0
  while kill -0 "$pid" 2>/dev/null && [ $i -lt 100 ]; do
    sleep 0.1
    i=$((i + 1))
  done
}
# Tidies up without changing the verdict: the script's own exit status stands.
cleanup() {
  status=$?
  set +e
  stop "$work/slurmd.pid"
  stop "$work/slurmctld.pid"
  stop "$munge/munged.pid"
  rm -rf "$munge" || { sleep 1; rm -rf "$munge"; }
  exit $status
}
trap cleanup EXIT

runuser -u munge -- /usr/sbin/munged --socket="$munge/munge.socket" --pid-file="$munge/munged.pid" \
  --log-file="$munge/munged.log" --seed-file="$munge/munge.seed" \
  || skip "munged does not start: $(tail -n 3 "$munge/munged.log" 2>/dev/null)"
# Slurm's munge plugin finds the socket by this option.
echo "AuthInfo=socket=$munge/munge.socket" >> "$work/slurm.conf"
/usr/sbin/slurmctld -f "$work/slurm.conf" || skip "slurmctld does not start: $(tail -n 5 "$work/log/slurmctld.log" 2>/dev/null)"
/usr/sbin/slurmd -f "$work/slurm.conf" || skip "slurmd does not start: $(tail -n 5 "$work/log/slurmd.log" 2>/dev/null)"
i=0
until sinfo -h -o %T 2>/dev/null | grep -q idle; do
  i=$((i + 1))
  [ $i -lt 60 ] || skip "the node never became idle: $(sinfo 2>&1 | tail -n 2); $(tail -n 5 "$work/log/slurmctld.log")"
  sleep 1
done

# The example, as README gives it: the array, then the merge after it.
ln -sf "$bin" "$work/bin/safetyreg"
export PATH="$work/bin:$PATH"
cd "$work"
jobid=$(sbatch --parsable --output="$work/log/shard-%a.out" "$root/deploy/slurm-review.sh" "$submissions" "$work/reports" 2026-11-23)
merge=$(sbatch --parsable --dependency=afterok:"$jobid" --output="$work/log/merge.out" \
  --wrap "safetyreg merge $(printf "$work/reports/shard-%s " 1 2 3 4 5 6 7 8) -o $work/reports/all")
i=0
while squeue -h -j "$jobid,$merge" 2>/dev/null | grep -q .; do
  i=$((i + 1))
  [ $i -lt 600 ] || { echo "jobs did not finish in 10 minutes"; squeue; exit 1; }
  sleep 1
done
[ -f "$work/reports/all/summary.json" ] || { echo "the merge job wrote nothing"; cat "$work"/log/*.out; exit 1; }
echo "array $jobid and merge $merge finished"
cat "$work/log/merge.out"

"$bin" review "$submissions" -o "$work/whole" --today 2026-11-23 --jobs 2 --quiet > /dev/null
if diff -r "$work/whole" "$work/reports/all" > "$work/diff.txt"; then
  echo "IDENTICAL: $(find "$work/whole" -type f | wc -l) files"
else
  echo "DIFFERENT:"
  head -n 20 "$work/diff.txt"
  exit 1
fi
