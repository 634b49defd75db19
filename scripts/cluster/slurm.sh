#!/usr/bin/env bash
# A goodhart sweep as a Slurm array job: task i runs shard i/N into <shared>/shard-i, every task
# shares <shared>/cache (runs, and pi_ref of a text spec); a merge job that starts once every task
# has succeeded writes <shared>/merged, the files one machine would have written.
#
#   scripts/cluster/slurm.sh <spec.json> <N> <shared folder> [goodhart run options...]
#
# <shared folder> must be on a file system every node mounts. sbatch options come from its
# environment (SBATCH_PARTITION, SBATCH_TIMELIMIT, SBATCH_ACCOUNT, ...). GOODHART sets the command
# that starts goodhart (default: npx goodhart). Prints the two job ids.
set -euo pipefail
if [ $# -lt 3 ]; then
  echo "usage: $0 <spec.json> <N> <shared folder> [goodhart run options...]" >&2
  exit 2
fi
spec=$1 n=$2 shared=$3
shift 3
goodhart=${GOODHART:-npx goodhart}
q() { if [ $# -gt 0 ]; then printf '%q ' "$@"; fi; } # shell-quoted words, each followed by a space
mkdir -p "$shared"
# Each task: npx goodhart run <spec> --shard $SLURM_ARRAY_TASK_ID/<N> --out <shared>/shard-$SLURM_ARRAY_TASK_ID --cache <shared>/cache --no-timings
dir=$(printf '%q' "$shared")
task="$goodhart run $(q "$spec")--shard \$SLURM_ARRAY_TASK_ID/$n --out $dir/shard-\$SLURM_ARRAY_TASK_ID --cache $dir/cache --no-timings $(q "$@")"
array=$(sbatch --parsable --job-name=goodhart-shards --array="0-$((n - 1))" --output="$shared/shard-%a.log" --wrap="$task")
shards=()
for ((i = 0; i < n; i++)); do shards+=("$shared/shard-$i"); done
merge=$(sbatch --parsable --job-name=goodhart-merge --dependency="afterok:${array%%;*}" --output="$shared/merge.log" --wrap="$goodhart merge $(q "${shards[@]}")--out $dir/merged")
echo "goodhart: shards job $array (0-$((n - 1))), merge job $merge -> $shared/merged"
