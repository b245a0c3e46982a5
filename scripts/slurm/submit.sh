#!/usr/bin/env bash
# Grades a class on a Slurm cluster: builds the grader once, submits one grading task per
# shard (grade-class.sbatch, a job array), then the merge (merge.sbatch), which starts
# once every task has ended, whether it succeeded or not.
#
#     scripts/slurm/submit.sh CLASS_DIR [SHARDS]      # SHARDS defaults to 4
#
# Run it on a login node, where cargo can download crates. Results go to
# $GRADES/shard-1 ... $GRADES/shard-N and the merged reports to $GRADES/merged (GRADES
# defaults to grades/ in the kit), with each job's log beside them. Running it again for
# the same class and shard count resumes: students already graded from the same sources
# are skipped.
set -euo pipefail

usage="usage: $0 CLASS_DIR [SHARDS]"
CLASS=$(cd "${1:?$usage}" && pwd -P)
SHARDS=${2:-4}
case "$SHARDS" in
    '' | *[!0-9]* | 0*)
        echo "SHARDS must be a positive number: $usage" >&2
        exit 2
        ;;
esac

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
KIT=$(cd "$here/../.." && pwd -P)
GRADES=${GRADES:-$KIT/grades}
mkdir -p "$GRADES"
GRADES=$(cd "$GRADES" && pwd -P)

# The jobs run from the kit's root: they find the kit through SLURM_SUBMIT_DIR.
cd "$KIT"

# Once, here, for every task: `grade`, and `grade-rustc`, the compile wrapper it runs
# students' builds through, into target/release on the shared filesystem.
cargo build --release -p grading --bins
# Every crate the kit's Cargo.lock names, into ~/.cargo: the students' builds use that
# lock file, and compute nodes often have no network.
cargo fetch

# sbatch passes this environment on to the jobs (its default, --export=ALL).
export GRADES SHARDS

array=$(sbatch --parsable --array="1-$SHARDS" \
    --output="$GRADES/slurm-grade-%A_%a.out" \
    "$here/grade-class.sbatch" "$CLASS")
array=${array%%;*} # --parsable prints "jobid" or "jobid;cluster"

merge=$(sbatch --parsable --dependency="afterany:$array" \
    --output="$GRADES/slurm-merge-%j.out" \
    "$here/merge.sbatch")
merge=${merge%%;*}

echo "grading: job array $array ($SHARDS tasks) -> $GRADES/shard-1 ... $GRADES/shard-$SHARDS"
echo "merge:   job $merge, after the array ends -> $GRADES/merged"
echo "watch with: squeue -j $array,$merge"
