#!/usr/bin/env bash
# The action's install step: the action's own checkout, installed and built once (npm ci runs the
# package's prepare script, which bundles the CLI and the packs); reused when already built.
set -euo pipefail
cd "$GITHUB_ACTION_PATH"
if [ -f dist/ksl.js ] && [ -d node_modules/@pulumi/policy ]; then
    echo "ksl: already installed in $GITHUB_ACTION_PATH"
    exit 0
fi
npm ci --no-audit --no-fund --loglevel=error
