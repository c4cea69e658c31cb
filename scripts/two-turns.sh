#!/usr/bin/env bash
# Says a two-turn conversation ("what time is it", "what is five times six") to a relay with
# `pnpm talk` and checks both turns were answered; check-image.sh and check-stack.sh use it.
#   bash scripts/two-turns.sh ws://HOST:PORT/ws      (PARLEY_TOKEN for a relay in jwt mode)
set -euo pipefail
cd "$(dirname "$0")/.."
url=${1:?usage: two-turns.sh WS_URL}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
wav="$work/two-turns.wav"
node --import tsx relay/test/fixtures/conversation.ts "$wav" 48000 \
  1000 'what time is it' 5000 'what is five times six' 4000 >/dev/null
if ! node --import tsx relay/src/talk/cli.ts --url "$url" --wav "$wav" --json >"$work/turns.jsonl"; then
  echo "the conversation failed: $(cat "$work/turns.jsonl")" >&2
  exit 1
fi
node -e '
  const turns = require("fs").readFileSync(process.argv[1], "utf8").trim().split("\n").map(JSON.parse);
  for (const t of turns) console.log(`you: ${t.transcript} | reply: ${t.reply} | ${t.status}`);
  if (turns.length !== 2 || turns.some((t) => t.status !== "completed" || !t.reply)) {
    console.error("expected two answered turns");
    process.exit(1);
  }
' "$work/turns.jsonl"
