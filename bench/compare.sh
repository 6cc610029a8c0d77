#!/usr/bin/env bash
# Compares Bearing's full build with Hugo and with the goldmark-only
# baseline on one generated playbook, in one run, on this machine:
#
#   bench/compare.sh [FILES]        # default 10000
#
# Prints wall time, user and system CPU time and peak memory (GNU time's
# maximum resident set size) of each, best of three runs with a fresh
# output directory each, and the ratios. Needs /usr/bin/time (Debian:
# time) and hugo (Debian: hugo).
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

measure() { # name, command...: best wall seconds over 3 runs, with that run's user and system CPU seconds and peak MiB
  local name=$1; shift
  local best="" mem="" usr="" sys=""
  for _ in 1 2 3; do
    rm -rf "$work/out" "$work/hugo/public"
    /usr/bin/time -f "%e %M %U %S" -o "$work/time" "$@" >/dev/null 2>"$work/err" || { cat "$work/err" >&2; exit 1; }
    read -r secs kib user system < "$work/time"
    if [[ -z $best ]] || awk "BEGIN{exit !($secs < $best)}"; then
      best=$secs; mem=$((kib / 1024)); usr=$user; sys=$system
    fi
  done
  printf '%-10s %7.2f s wall %7.2f s user %7.2f s sys %6d MiB\n' "$name" "$best" "$usr" "$sys" "$mem"
  eval "${name}_s=$best; ${name}_m=$mem; ${name}_u=$usr"
}

echo "machine: $(nproc) cores, $(awk '/MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr)"
echo "files: $n"
echo "uptime: $(uptime)"
measure baseline "$work/baseline" -root "$work/pb" -out "$work/out"
measure bearing "$work/bearing" build --root "$work/pb" --out "$work/out" --now 2026-11-26
measure check "$work/bearing" check --root "$work/pb" --now 2026-11-26
measure hugo hugo --quiet --source "$work/hugo" --destination "$work/out"
echo "uptime: $(uptime)"
# Wall time includes the kernel's work creating every file and folder,
# the same for all three and on a virtual disk often most of the time;
# user CPU is each program's own work.
awk -v b="$baseline_s" -v x="$bearing_s" -v c="$check_s" -v h="$hugo_s" \
    -v bu="$baseline_u" -v xu="$bearing_u" -v cu="$check_u" -v hu="$hugo_u" 'BEGIN{
  printf "                          wall    user cpu\n"
  printf "bearing build / baseline: %.2fx  %.2fx\n", x/b, xu/bu
  printf "bearing build / hugo:     %.2fx  %.2fx\n", x/h, xu/hu
  printf "hugo / baseline:          %.2fx  %.2fx\n", h/b, hu/bu
  printf "bearing check / build:    %.2fx  %.2fx\n", c/x, cu/xu
}'
