#!/usr/bin/env bash
# Measures what the readings cost a build, as issue 14's bar states it:
# BenchmarkBuild/gen-10k/readings=24 against readings=0 (the same
# generated 10,000-file playbook without its signals' histories), built
# by one test binary, one process per build, the two taking turns and
# changing order every round so that a change in the machine's load
# falls on both.
#
#   bench/readings.sh [ROUNDS] >r14.txt     # default 10 rounds
#   benchstat -col /readings r14.txt
#
# `go test -count N` would not do: it runs each sub-benchmark N times in
# a row. The results are benchstat's format on stdout; on stderr, each
# round's ratios (readings=24 / readings=0) of sec/op and cpu-sec/op and
# their medians. TESTBIN=path uses that test binary of ./internal/build
# instead of building one; CPU=1 runs the builds on one core
# (-test.cpu 1), where cpu-sec/op counts the work and no idle spinning
# of a second thread, so it varies less on a busy machine.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
rounds=${1:-10}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
bin=${TESTBIN:-}
if [[ -z $bin ]]; then
  bin=$work/build.test
  go test -c -o "$bin" ./internal/build
fi
bin=$(realpath "$bin")
echo "# $(nproc) cores, $(uname -sr), $(go version | cut -d' ' -f3), $(git describe --always --dirty)"
cd internal/build
for ((i = 0; i < rounds; i++)); do
  order="0 24"
  ((i % 2 == 0)) || order="24 0"
  echo "# round $i: $(uptime)"
  for r in $order; do
    "$bin" -test.run '^$' -test.bench "BenchmarkBuild/gen-10k/readings=$r\$" -test.count 1 -test.benchmem ${CPU:+-test.cpu "$CPU"} | tee -a "$work/raw" | grep -v '^PASS$'
  done
done
# Each round's ratios, then their medians.
grep '^BenchmarkBuild/gen-10k/readings=' "$work/raw" | awk '
  { r = ($1 ~ /readings=0(-[0-9]+)?$/) ? 0 : 24
    for (i = 3; i < NF; i += 2) v[$(i+1) "," r] = $i
    if (++seen == 2) { seen = 0; n++
      wall[n] = v["ns/op,24"] / v["ns/op,0"]; cpu[n] = v["cpu-sec/op,24"] / v["cpu-sec/op,0"]
      printf "round %d: readings=24/readings=0 sec/op %.3f, cpu-sec/op %.3f\n", n, wall[n], cpu[n] > "/dev/stderr" } }
  function median(a, n,   i, j, t) {
    for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
    return (n % 2) ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2 }
  END { if (n) printf "median of %d rounds: sec/op %.3f, cpu-sec/op %.3f\n", n, median(wall, n), median(cpu, n) > "/dev/stderr" }'
