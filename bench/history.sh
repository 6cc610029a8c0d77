#!/usr/bin/env bash
# Measures what reading git history costs, as issue 15's Speed section
# states it, in one run on this machine: on generated playbook
# repositories of 300 files (gen.History: each commit touching 1 to 3
# files) of 100, 1,000 and 10,000 commits,
#
#   check     bearing check --no-history
#   cold      bearing check, the history cache empty
#   warm      bearing check again, the history cached by HEAD's commit id
#   diff      bearing diff of two revisions 20 commits apart
#
#   bench/history.sh [COMMITS...]      # default 100 1000 10000
#
# Each is the median of 5 runs (ROUNDS=N to change), the commands taking
# turns round by round so that a change in the machine's load falls on
# all of them. Wall time, user+system CPU time (git's included) and peak
# memory (GNU time's maximum resident set size) are printed, then the
# ratios the bars are stated in: cold/check <= 11, warm/check <= 2.5,
# cold peak memory/check's <= 2, diff/check <= 2.5.
# Needs git and /usr/bin/time (Debian: time).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
sizes=("$@")
[[ ${#sizes[@]} -gt 0 ]] || sizes=(100 1000 10000)
rounds=${ROUNDS:-5}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

command -v git >/dev/null || { echo "git missing: apt-get install git" >&2; exit 2; }
[[ -x /usr/bin/time ]] || { echo "/usr/bin/time missing: apt-get install time" >&2; exit 2; }

go build -o "$work/bearing" ./cmd/bearing
echo "machine: $(nproc) cores, $(awk '/MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr), $(git --version)"
echo "uptime: $(uptime)"

# median FILE COLUMN: the median of a column of numbers.
median() { sort -n -k"$2" "$1" | awk -v c="$2" '{v[NR]=$c} END{print v[int((NR+1)/2)]}'; }

for n in "${sizes[@]}"; do
  repo="$work/repo-$n"
  go run ./internal/gen/cmd/genplaybook -n 300 -commits "$n" -o "$repo" >/dev/null
  : > "$work/check" ; : > "$work/cold" ; : > "$work/warm" ; : > "$work/diff"
  run() { # name command...: one run, its wall, cpu and peak KiB appended to $work/name
    local name=$1; shift
    /usr/bin/time -f "%e %U %S %M" -o "$work/time" "$@" >/dev/null 2>"$work/err" || [[ $? == 1 ]] || { cat "$work/err" >&2; exit 1; }
    # The last line: GNU time puts "Command exited with non-zero status 1"
    # (check's exit with errors) before the figures.
    awk 'END{printf "%s %.2f %d\n", $1, $2+$3, $4}' "$work/time" >> "$work/$name"
  }
  for round in $(seq "$rounds"); do
    export XDG_CACHE_HOME="$work/cache-$n-$round"
    run check "$work/bearing" check --root "$repo" --now 2026-11-26 --no-history
    run cold "$work/bearing" check --root "$repo" --now 2026-11-26
    run warm "$work/bearing" check --root "$repo" --now 2026-11-26
    run diff "$work/bearing" diff --root "$repo" --now 2026-11-26 HEAD~20 HEAD
  done
  echo
  echo "commits: $n (300 files; median of $rounds)"
  for name in check cold warm diff; do
    printf '%-6s %7.2f s wall %7.2f s cpu %6d MiB\n' "$name" "$(median "$work/$name" 1)" "$(median "$work/$name" 2)" $(( $(median "$work/$name" 3) / 1024 ))
  done
  awk -v c="$(median "$work/check" 1)" -v k="$(median "$work/cold" 1)" -v w="$(median "$work/warm" 1)" -v d="$(median "$work/diff" 1)" \
      -v cu="$(median "$work/check" 2)" -v ku="$(median "$work/cold" 2)" -v wu="$(median "$work/warm" 2)" -v du="$(median "$work/diff" 2)" \
      -v cm="$(median "$work/check" 3)" -v km="$(median "$work/cold" 3)" 'BEGIN{
    printf "                  wall    cpu     bar\n"
    printf "cold / check:   %6.2fx %6.2fx  <= 11\n", k/c, ku/cu
    printf "warm / check:   %6.2fx %6.2fx  <= 2.5\n", w/c, wu/cu
    printf "diff / check:   %6.2fx %6.2fx  <= 2.5\n", d/c, du/cu
    printf "cold peak / check peak: %.2fx   <= 2\n", km/cm
  }'
done
echo
echo "uptime: $(uptime)"
