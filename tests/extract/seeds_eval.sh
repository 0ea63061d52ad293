#!/usr/bin/env bash
# Runs vnnews-extract --format=eval on the seeds and holds the bars of issue 2 with the real
# shared/eval/score.py: persons F1 >= 0.95, dates F1 >= 0.90, event_date 5/5, topics F1 >= 0.85,
# locations F1 >= 0.85, money F1 >= 0.90, organizations F1 >= 0.70, roles recall >= 0.85.
# usage: seeds_eval.sh VNNEWS_EXTRACT SEEDS_DIR SHARED_EVAL_DIR [LEXICON_DIR]
set -euo pipefail
extract="${1:?usage: seeds_eval.sh VNNEWS_EXTRACT SEEDS_DIR SHARED_EVAL_DIR [LEXICON_DIR]}"
seeds="${2:?seeds dir}"
eval_dir="${3:?shared/eval dir}"
lexicon="${4:-}"
# Absolute, because the extractor runs from inside the seeds directory.
extract="$(cd "$(dirname "$extract")" && pwd)/$(basename "$extract")"
[[ -n "$lexicon" ]] && lexicon="$(cd "$lexicon" && pwd)"
if [[ ! -f "$eval_dir/score.py" || ! -f "$eval_dir/seeds.gold.json" ]]; then
  echo "SKIPPED: $eval_dir/score.py or seeds.gold.json not found (shared/ must stand beside the repository)"
  exit 77
fi
args=(--format=eval)
[[ -n "$lexicon" ]] && args+=("--lexicon_dir=$lexicon")
pred="$(mktemp "${TMPDIR:-/tmp}/vnnews-seeds.XXXXXX.jsonl")"
out="$(mktemp "${TMPDIR:-/tmp}/vnnews-seeds-score.XXXXXX.txt")"
trap 'rm -f "$pred" "$out"' EXIT
(cd "$seeds" && "$extract" "${args[@]}" ./*.txt) > "$pred"
status=0
/usr/bin/python3 "$eval_dir/score.py" "$eval_dir/seeds.gold.json" "$pred" --verbose \
  --min-f1 persons=0.95 --min-f1 dates=0.90 --min-f1 event_date=1.0 --min-f1 topics=0.85 \
  --min-f1 locations=0.85 --min-f1 money=0.90 --min-f1 organizations=0.70 > "$out" || status=$?
cat "$out"
# score.py has no bar for a recall; the roles line reads "roles  P=… R=0.xxx F1=…".
recall="$(awk '$1 == "roles" { for (i = 2; i <= NF; ++i) if ($i ~ /^R=/) { sub(/^R=/, "", $i); print $i } }' "$out")"
if [[ -z "$recall" ]]; then
  echo "FAIL: no roles line in score.py's output"
  exit 1
fi
if ! awk -v r="$recall" 'BEGIN { exit !(r >= 0.85) }'; then
  echo "FAIL: roles recall $recall < 0.85"
  status=1
fi
exit "$status"
