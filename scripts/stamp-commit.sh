#!/usr/bin/env bash
# Writes Sources/CBundledData/build-commit.h (ignored by git) with the commit the binary is built from, so that
# `iamgate --version` can name it: the full commit id, with `-dirty` when tracked files differ from it. The file is
# rewritten only when its text changes, so an unchanged commit rebuilds nothing. Outside a git checkout (a source
# tarball) nothing is written and the binary says its commit is unknown.
set -euo pipefail
cd "$(dirname "$0")/.."
header=Sources/CBundledData/build-commit.h
if ! commit=$(git rev-parse --verify HEAD 2>/dev/null); then
    rm -f "$header"
    exit 0
fi
git diff --quiet HEAD -- 2>/dev/null || commit="$commit-dirty"
text="// Written by scripts/stamp-commit.sh; not in git.
#define IAMGATE_BUILD_COMMIT \"$commit\""
if [ ! -f "$header" ] || [ "$(cat "$header")" != "$text" ]; then
    printf '%s\n' "$text" > "$header"
fi
