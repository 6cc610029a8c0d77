#!/usr/bin/env bash
# Compares Bearing's full build with Hugo and with the goldmark-only
# baseline on one generated playbook, in one run, on this machine:
#
#   bench/compare.sh [FILES]        # default 10000
#
# Prints wall time, user and system CPU time and peak memory (GNU time's
# maximum resident set size) of each, the run with the best wall time of
# three, and the ratios. "floor" is the baseline run with -parse: the
# least a check must do (read, parse YAML frontmatter, parse every body
# with goldmark), so "check / floor" says how near the check is to it.
# Needs /usr/bin/time (Debian: time) and hugo (Debian: hugo).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
n=${1:-10000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

command -v hugo >/dev/null || { echo "hugo missing: apt-get install hugo" >&2; exit 2; }
[[ -x /usr/bin/time ]] || { echo "/usr/bin/time missing: apt-get install time" >&2; exit 2; }

go build -o "$work/bearing" ./cmd/bearing
go build -o "$work/baseline" ./bench/baseline
go run ./internal/gen/cmd/genplaybook -n "$n" -o "$work/pb" >/dev/null
du -sh "$work/pb/content" | awk '{print "corpus: " $1}'

# Hugo: the same Markdown, a minimal layout, no highlighting, no taxonomies.
mkdir -p "$work/hugo/layouts/_default"
ln -s "$work/pb/content" "$work/hugo/content"
cat > "$work/hugo/hugo.toml" <<'TOML'
baseURL = "http://example.org/"
disableKinds = ["taxonomy", "term", "RSS"]
[markup.highlight]
codeFences = false
[markup.goldmark.renderer]
unsafe = false
TOML
printf '<!DOCTYPE html><html><head><title>{{ .Title }}</title></head><body>{{ .Content }}</body></html>\n' > "$work/hugo/layouts/_default/single.html"
printf '<!DOCTYPE html><html><head><title>{{ .Title }}</title></head><body>{{ .Content }}{{ range .Pages }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}</body></html>\n' > "$work/hugo/layouts/_default/list.html"

# Every run writes a fresh output directory and nothing is deleted until
# the end: ext4 slows down creating files right after many were deleted
# (it skips recently freed inodes), which would charge one tool for the
# clean-up before it. The tools take turns, round by round, so that a
# change in the machine's load falls on all of them.
run() { # name round command...: one run; @OUT@ in the command is its output directory
  local name=$1 round=$2; shift 2
  local args=() a
  for a in "$@"; do args+=("${a//@OUT@/$work/out/$name-$round}"); done
  /usr/bin/time -f "%e %M %U %S" -o "$work/time" "${args[@]}" >/dev/null 2>"$work/err" || { cat "$work/err" >&2; exit 1; }
  local secs kib user system
  read -r secs kib user system < "$work/time"
  local best_var="${name}_s"
  if [[ -z ${!best_var:-} ]] || awk "BEGIN{exit !($secs < ${!best_var})}"; then
    eval "${name}_s=$secs; ${name}_m=$((kib / 1024)); ${name}_u=$user; ${name}_y=$system"
  fi
}
report() { # name: the best run's figures
  local s="${1}_s" u="${1}_u" y="${1}_y" m="${1}_m"
  printf '%-10s %7.2f s wall %7.2f s user %7.2f s sys %6d MiB\n' "$1" "${!s}" "${!u}" "${!y}" "${!m}"
}

echo "machine: $(nproc) cores, $(awk '/MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr)"
echo "files: $n"
echo "uptime: $(uptime)"
mkdir -p "$work/out"
for round in 1 2 3; do
  run baseline "$round" "$work/baseline" -root "$work/pb" -out @OUT@
  run bearing "$round" "$work/bearing" build --root "$work/pb" --out @OUT@ --now 2026-11-26
  run check "$round" "$work/bearing" check --root "$work/pb" --now 2026-11-26
  run floor "$round" "$work/baseline" -root "$work/pb" -parse
  run hugo "$round" hugo --quiet --source "$work/hugo" --destination @OUT@
done
for name in baseline bearing check floor hugo; do report "$name"; done
echo "uptime: $(uptime)"
# Wall time includes the kernel's work creating every file and folder,
# the same for every tool and on a virtual disk often most of the time;
# user CPU is each program's own work.
awk -v b="$baseline_s" -v x="$bearing_s" -v c="$check_s" -v h="$hugo_s" -v f="$floor_s" \
    -v bu="$baseline_u" -v xu="$bearing_u" -v cu="$check_u" -v hu="$hugo_u" -v fu="$floor_u" 'BEGIN{
  printf "                          wall    user cpu\n"
  printf "bearing build / baseline: %.2fx  %.2fx\n", x/b, xu/bu
  printf "bearing build / hugo:     %.2fx  %.2fx\n", x/h, xu/hu
  printf "hugo / baseline:          %.2fx  %.2fx\n", h/b, hu/bu
  printf "bearing check / build:    %.2fx  %.2fx\n", c/x, cu/xu
  printf "bearing check / floor:    %.2fx  %.2fx\n", c/f, cu/fu
  printf "floor / baseline:         %.2fx  %.2fx\n", f/b, fu/bu
}'
