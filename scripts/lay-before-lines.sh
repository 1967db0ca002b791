#!/usr/bin/env bash
# Scores each batch of lay questions listed in
# knowledge/testdata/lay_batches.tsv against the built-in material (lexicon,
# article phrasings, areas, FAQ, example questions) as it stood just before
# the commit that added the batch with its lexicon lines, using today's
# ranking code. These are the figures of questions nobody had written lines
# for: the nearest estimate of a held-out set of residents' questions.
# Needs the project's git history and ../shared/data/civil_code.jsonl next
# to the repository.
set -euo pipefail
cd "$(dirname "$0")/.."

first=$(grep -v '^#' knowledge/testdata/lay_batches.tsv | head -1 | cut -f1)
if ! git cat-file -e "$first^" 2>/dev/null; then
  echo "lay-before-lines: the git history is not here (a shallow clone or an export); skipping"
  exit 0
fi

# The lay questions lived in knowledge/testdata/lay_questions.tsv before
# they became the built-in examples.
examples_at() {
  git show "$1:knowledge/builtin/examples.tsv" 2>/dev/null ||
    git show "$1:knowledge/testdata/lay_questions.tsv"
}

states=$(mktemp -d)
trap 'rm -rf "$states"' EXIT
while IFS=$'\t' read -r commit _; do
  case "$commit" in ''|'#'*) continue ;; esac
  dir="$states/$commit"
  mkdir -p "$dir"
  for f in faq.jsonl lexicon.txt articles.tsv areas.jsonl; do
    git show "$commit^:knowledge/builtin/$f" >"$dir/$f"
  done
  examples_at "$commit^" >"$dir/examples.tsv"
  # The batch: the questions the commit added.
  examples_at "$commit" | grep -P '\t' | grep -v '^#' | grep -vxF -f <(examples_at "$commit^") >"$dir/batch.tsv"
  echo "$commit" >>"$states/order"
done <knowledge/testdata/lay_batches.tsv

LINLI_LAY_STATES="$states" go test ./knowledge -run '^TestLayBeforeLines$' -count=1 -v |
  grep -v '^=== RUN'
