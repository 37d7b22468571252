#!/usr/bin/env bash
# A sweep run by a Slurm job array: every array task is one `saturn sweep` process on the same
# sweep folder of a file system all nodes share (NFS, Lustre, GPFS, BeeGFS). Each claims the
# trials nobody holds (--claim) and takes over those of a task that died; see docs/sweeps.md.
#
#   ./saturn --version                                   # build once, before submitting
#   sbatch examples/sweep-slurm.sh examples/schoenholz.yaml /shared/sweeps/schoenholz
#
# Static parts instead of claims: replace --claim by
#   --shard "$((SLURM_ARRAY_TASK_ID - SLURM_ARRAY_TASK_MIN + 1))/$SLURM_ARRAY_TASK_COUNT"
# (shards count from 1; with --array=1-8 that is simply ${SLURM_ARRAY_TASK_ID}/${SLURM_ARRAY_TASK_COUNT}).
# A shard runs only its own trials: a task that fails is rerun with the same index.
#
#SBATCH --job-name=saturn-sweep
#SBATCH --array=1-8
#SBATCH --cpus-per-task=4
#SBATCH --mem=8G
#SBATCH --time=04:00:00
#SBATCH --output=saturn-sweep-%A_%a.log
set -euo pipefail

grid=${1:?usage: sbatch sweep-slurm.sh GRID.yaml SHARED_SWEEP_DIR}
sweep=${2:?usage: sbatch sweep-slurm.sh GRID.yaml SHARED_SWEEP_DIR}
saturn=${SATURN:-./saturn}    # the launcher of a checkout every node sees, built beforehand

# Two trials at a time per task, each on half of the task's cores. A claim whose heartbeat
# stands still for 10 minutes (a node lost) is taken over; the trial resumes from its last
# checkpoint.
"$saturn" sweep --config "$grid" --out "$sweep" --claim --workers 2 --claim-timeout 10m

# Every task ends by writing results.csv, results.md and report.html from the trials finished
# so far (atomically, while the other tasks run); the last task to end writes them complete.
# The same by hand, at any time: saturn sweep --collect --out SHARED_SWEEP_DIR
"$saturn" sweep --collect --out "$sweep"
