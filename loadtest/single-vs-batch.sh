#!/usr/bin/env bash
# 100 sequential single /predict calls on one keep-alive connection versus one /predict-batch of
# the same 100 rows. Usage: loadtest/single-vs-batch.sh [BASE_URL] [ROUNDS]
set -euo pipefail
base=${1:-http://127.0.0.1:8000}
rounds=${2:-20}
rows=("[5.1,3.5,1.4,0.2]" "[6.7,3.0,5.2,2.3]" "[5.9,3.0,4.2,1.5]" "[6.3,2.9,5.6,1.8]")

single_args=()
batch_rows=()
for i in $(seq 0 99); do
  row=${rows[$((i % 4))]}
  [ $i -gt 0 ] && single_args+=(--next)
  single_args+=(-s -o /dev/null -H 'content-type: application/json' -d "{\"features\":$row}" "$base/predict")
  batch_rows+=("$row")
done
batch_body="{\"rows\":[$(IFS=,; echo "${batch_rows[*]}")]}"

ms() { echo $(( ($2 - $1) / 1000 )); }
best_single=999999999; best_batch=999999999; sum_single=0; sum_batch=0
for r in $(seq 1 "$rounds"); do
  t0=$(date +%s%N); curl "${single_args[@]}"; t1=$(date +%s%N)
  curl -s -o /dev/null -H 'content-type: application/json' -d "$batch_body" "$base/predict-batch"; t2=$(date +%s%N)
  s=$(ms "$t0" "$t1"); b=$(ms "$t1" "$t2")
  sum_single=$((sum_single + s)); sum_batch=$((sum_batch + b))
  [ "$s" -lt "$best_single" ] && best_single=$s
  [ "$b" -lt "$best_batch" ] && best_batch=$b
done
printf '100 single calls: best %d us, mean %d us\n' "$best_single" $((sum_single / rounds))
printf '1 batch of 100:   best %d us, mean %d us\n' "$best_batch" $((sum_batch / rounds))
