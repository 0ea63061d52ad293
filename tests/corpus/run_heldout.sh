#!/usr/bin/env bash
# Scores vnnews-extract on the held-out corpus against gold.json with the bars of issue 2.
# usage: run_heldout.sh VNNEWS_EXTRACT [LEXICON_DIR] [extra score.py args, e.g. --verbose]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
extract="${1:?usage: run_heldout.sh VNNEWS_EXTRACT [LEXICON_DIR] [score.py args]}"
shift
lexicon_args=()
if [[ $# -gt 0 && "$1" != --* ]]; then
  lexicon_args=("--lexicon_dir=$1")
  shift
fi
if [[ ! -x "$extract" ]]; then
  echo "heldout_corpus_eval: no executable at $extract" >&2
  exit 2
fi
pred="$(mktemp "${TMPDIR:-/tmp}/vnnews-heldout.XXXXXX.jsonl")"
trap 'rm -f "$pred"' EXIT
# The scorer keys documents by file name, so the paths given here need not match gold.json's.
"$extract" --format=eval "${lexicon_args[@]}" "$here"/articles/*.txt > "$pred"
# /usr/bin/python3, as everywhere in the project (score.py needs only the standard library).
exec /usr/bin/python3 "$here/score.py" "$here/gold.json" "$pred" \
  --min-f1 persons=0.90 --min-f1 dates=0.93 --verbose "$@"
