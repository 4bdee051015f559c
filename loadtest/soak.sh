#!/usr/bin/env bash
# Soak: Grove at half its sustainable rate for SOAK_SECONDS (default 600), reporting resident memory
# at start and end and the error count. Usage: loadtest/soak.sh  (RATE, SOAK_SECONDS, PORT optional)
set -euo pipefail
source "$(dirname "$0")/common.sh"
SOAK_SECONDS="${SOAK_SECONDS:-600}"

build_jar
run_grove
hammer 4 10 >/dev/null                                   # warm-up (JIT)
if [ -z "${RATE:-}" ]; then
  base=$(hammer 4 10)
  RATE=$(awk -v r="$(field "$base" ok_per_s)" 'BEGIN {printf "%.0f", r / 2}')
  echo "sustainable: $base -> soak rate $RATE/s"
fi
rss_start=$(rss_mb)
errors_start=$(metric 'http_server_requests_seconds_count{application="grove",error=')
soak=$(hammer 16 "$SOAK_SECONDS" "$RATE")
rss_end=$(rss_mb)
echo "soak ($RATE/s, $SOAK_SECONDS s): $soak"
non200=$(tr ' ' '\n' <<<"$soak" | awk -F= '$1 ~ /^s[0-9]+$/ && $1 != "s200" {s += $2} END {print s + 0}')
cat <<REPORT

| figure | value |
| --- | --- |
| rate, duration | $RATE requests/s for $SOAK_SECONDS s, 16 connections |
| answers | $(field "$soak" s200) of 200, $non200 other, $(field "$soak" io_errors) connection errors |
| latency of 200s | p50 $(field "$soak" s200_p50_ms) ms, p99 $(field "$soak" s200_p99_ms) ms, max $(field "$soak" s200_max_ms) ms |
| resident memory | ${rss_start} MB at start, ${rss_end} MB at end (heap capped at 512 MB) |
REPORT
