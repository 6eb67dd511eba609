#!/usr/bin/env bash
# CTest mcp_sdk_client: runs client.mjs (the official MCP TypeScript SDK) against
# `loopkeeper-cli mcp` over a workspace holding a freshly trained run.
#
#   run-client.sh SOURCE_DIR WORK_DIR LOOPKEEPER_CLI
#
# The package is installed with `npm ci` from the committed lock file into WORK_DIR (a copy in
# the build tree), only when node_modules is missing or the lock file changed: the source tree
# never gets a node_modules folder, and later runs need no network.
set -euo pipefail

src=$1
work=$2
cli=$3

command -v node >/dev/null || { echo "node is missing: apt-get install nodejs npm" >&2; exit 1; }
command -v npm >/dev/null || { echo "npm is missing: apt-get install npm" >&2; exit 1; }

mkdir -p "$work"
cp "$src/package.json" "$src/package-lock.json" "$src/client.mjs" "$work/"
stamp="$work/node_modules/.installed-from-lock"
if [ ! -d "$work/node_modules/@modelcontextprotocol/sdk" ] || ! cmp -s "$src/package-lock.json" "$stamp"; then
    echo "npm ci in $work (node $(node --version))"
    (cd "$work" && npm ci --no-audit --no-fund)
    cp "$src/package-lock.json" "$stamp"
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$cli" train -w "$tmp/ws" --epochs 3 --limit 800 --test-limit 200 --batch 32 >"$tmp/train.jsonl"

cd "$work"
node client.mjs "$cli" "$tmp/ws"
