#!/usr/bin/env bash
# vnnews-extract as a user runs it: one JSON line per good file in order, an error line on
# stderr naming each bad file and why, the good files still processed, exit code 1.
# usage: cli_test.sh VNNEWS_EXTRACT SEEDS_DIR LEXICON_DIR
set -uo pipefail
extract="${1:?usage: cli_test.sh VNNEWS_EXTRACT SEEDS_DIR LEXICON_DIR}"
seeds="${2:?seeds dir}"
lexicon="${3:?lexicon dir}"
tmp="$(mktemp -d "${TMPDIR:-/tmp}/vnnews-cli.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

printf 'H\xc3\xa0 N\xe1\xbb\x99i \xff ng\xc3\xa0y 4/5' > "$tmp/bad.txt"
printf '... !!! ---' > "$tmp/punct.txt"
good1="$seeds/000_c3244db55ca1ddb1.txt"
good2="$seeds/004_c82e87f4fc8404aa.txt"

"$extract" --lexicon_dir="$lexicon" "$good1" "$tmp/missing.txt" "$tmp/bad.txt" "$tmp" \
  "$tmp/punct.txt" "$good2" > "$tmp/out" 2> "$tmp/err"
rc=$?
[[ $rc -eq 1 ]] || fail "exit code $rc, want 1"
[[ $(wc -l < "$tmp/out") -eq 2 ]] || fail "want 2 lines on stdout, got: $(cat "$tmp/out")"
/usr/bin/python3 - "$tmp/out" "$good1" "$good2" <<'PY' || fail "stdout is not the eval shape"
import json, sys
lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
for line, want in zip(lines, sys.argv[2:]):
    o = json.loads(line)
    assert o["file"] == want, (o["file"], want)
    assert set(o) == {"file", "title", "event_date", "persons", "dates", "organizations",
                      "locations", "money", "topics"}, sorted(o)
first = json.loads(lines[0])
assert first["event_date"] == "2020-06-01", first["event_date"]
assert {"text": "01/6/2020", "value": "2020-06-01"} in first["dates"], first["dates"]
second = json.loads(lines[1])
assert {"text": "56 triệu USD", "amount": 56000000, "currency": "USD"} in second["money"]
assert second["event_date"] is None and second["title"] is None
PY
grep -q "missing.txt: cannot read: No such file or directory" "$tmp/err" || fail "missing file: $(cat "$tmp/err")"
grep -q "bad.txt: text: invalid UTF-8 at byte offset 10" "$tmp/err" || fail "bad UTF-8: $(cat "$tmp/err")"
grep -q "$tmp: cannot read: is a directory" "$tmp/err" || fail "directory: $(cat "$tmp/err")"
grep -q "punct.txt: text: no words" "$tmp/err" || fail "punctuation: $(cat "$tmp/err")"

# --format=json: the protobuf JSON mapping of the whole record.
"$extract" --lexicon_dir="$lexicon" --format=json --publication_date=2020-06-02 "$good1" > "$tmp/json" \
  || fail "--format=json exit code $?"
/usr/bin/python3 - "$tmp/json" <<'PY' || fail "--format=json record"
import json, sys
a = json.loads(open(sys.argv[1], encoding="utf-8").read())
assert a["extractorVersion"].startswith("vnnews-extract/"), a.get("extractorVersion")
assert a["publicationDate"] == "2020-06-02"
assert a["eventDate"]["value"] == "2020-06-01" and a["eventDate"]["firstDay"] == 20200601
assert a["body"] and a["title"]
for d in a["dates"]:
    b, e = d["span"]["begin"], d["span"]["end"]
    assert a["body"][b:e] == d["span"]["text"], d
PY

# Bad flags: exit 2 with the flag named.
"$extract" --format=xml "$good1" > /dev/null 2> "$tmp/err2"
[[ $? -eq 2 ]] && grep -q -- "--format" "$tmp/err2" || fail "--format=xml"
"$extract" --publication_date=2020-02-30 "$good1" > /dev/null 2> "$tmp/err3"
[[ $? -eq 2 ]] && grep -q "publication_date" "$tmp/err3" || fail "--publication_date=2020-02-30"
echo "ok"
