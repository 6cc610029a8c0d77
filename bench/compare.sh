#!/usr/bin/env bash
# Compares Bearing's full build with Hugo and with the goldmark-only
# baseline on one generated playbook, in one run, on this machine:
#
#   bench/compare.sh [FILES]        # default 10000
#
# Prints wall time and peak memory (GNU time's maximum resident set size)
# of each, best of three runs with a fresh output directory each, and the
# ratios. Needs /usr/bin/time (Debian: time) and hugo (Debian: hugo).
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

measure() { # name, command...: best wall seconds over 3 runs, with that run's CPU seconds and peak MiB
  local name=$1; shift
  local best="" mem="" cpu=""
  for _ in 1 2 3; do
    rm -rf "$work/out" "$work/hugo/public"
    /usr/bin/time -f "%e %M %U %S" -o "$work/time" "$@" >/dev/null 2>"$work/err" || { cat "$work/err" >&2; exit 1; }
    read -r secs kib user sys < "$work/time"
    if [[ -z $best ]] || awk "BEGIN{exit !($secs < $best)}"; then
      best=$secs; mem=$((kib / 1024)); cpu=$(awk "BEGIN{print $user + $sys}")
    fi
  done
  printf '%-10s %7.2f s wall %7.2f s cpu %6d MiB\n' "$name" "$best" "$cpu" "$mem"
  eval "${name}_s=$best; ${name}_m=$mem; ${name}_c=$cpu"
}

echo "machine: $(nproc) cores, $(awk '/MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr)"
echo "files: $n"
measure baseline "$work/baseline" -root "$work/pb" -out "$work/out"
measure bearing "$work/bearing" build --root "$work/pb" --out "$work/out" --now 2026-11-26
measure check "$work/bearing" check --root "$work/pb" --now 2026-11-26
measure hugo hugo --quiet --source "$work/hugo" --destination "$work/out"
echo "uptime: $(uptime)"
awk -v b="$baseline_s" -v x="$bearing_s" -v c="$check_s" -v h="$hugo_s" \
    -v bc="$baseline_c" -v xc="$bearing_c" -v cc="$check_c" -v hc="$hugo_c" 'BEGIN{
  printf "                          wall    cpu\n"
  printf "bearing build / baseline: %.2fx  %.2fx\n", x/b, xc/bc
  printf "bearing build / hugo:     %.2fx  %.2fx\n", x/h, xc/hc
  printf "hugo / baseline:          %.2fx  %.2fx\n", h/b, hc/bc
  printf "bearing check / build:    %.2fx  %.2fx\n", c/x, cc/xc
}'
