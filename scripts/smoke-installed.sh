#!/usr/bin/env bash
# End-to-end smoke test of an installed iamgate (`make install PREFIX=DIR`, then scripts/smoke-installed.sh DIR):
# the binary runs from a working directory that holds only the user's own files, with a PATH that has no Swift
# toolchain and no Swift runtime libraries to load; its man page and completions are in place. `.ci/run` runs it.
set -euo pipefail
prefix=$(cd "${1:?usage: scripts/smoke-installed.sh PREFIX}" && pwd)
expected_commit=${2:-}
repo=$(cd "$(dirname "$0")/.." && pwd)
bin="$prefix/bin/iamgate"
fail() { echo "smoke: FAIL: $*" >&2; exit 1; }
pass() { echo "smoke: ok: $*"; }

[ -x "$bin" ] || fail "$bin is not installed"
# The libraries the binary itself names: libcurl, libxml2 and the C and C++ runtime of the base system; no
# libswift*, no Foundation, nothing from a toolchain. And the loader finds all of them (with what they bring).
needed=$(readelf -d "$bin" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | sort | tr '\n' ' ')
for library in $needed; do
    case "$library" in
    libcurl.so.* | libxml2.so.* | libc.so.* | libm.so.* | ld-linux-*.so.* | libstdc++.so.* | libgcc_s.so.*) ;;
    *) fail "the installed binary needs $library (needs: $needed)" ;;
    esac
done
case "$needed" in *libcurl.so*) ;; *) fail "the binary does not name libcurl (needs: $needed)" ;; esac
if ldd "$bin" | grep -Ei 'swift|foundation|not found'; then
    fail "the loader resolves Swift runtime libraries for the binary, or misses one (ldd above)"
fi
pass "the binary needs only: $needed"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/pipeline/iam" "$work/pipeline/sql"
cp "$repo/policies/examples/ci-deployer.json" "$repo/policies/examples/ci-deployer-boundary.json" "$work/pipeline/iam/"
cp "$repo/policies/examples/sql/deploy-image.iql" "$work/pipeline/sql/"
cd "$work/pipeline"
# No toolchain: a PATH of the system's own folders, and the loader told nothing.
run() { env -i HOME="$work" PATH=/usr/bin:/bin LANG=C.UTF-8 "$bin" "$@"; }
env -i PATH=/usr/bin:/bin sh -c 'command -v swift' >/dev/null 2>&1 && fail "swift is on the smoke test's PATH"

version=$(run --version)
echo "$version" | sed 's/^/    /'
echo "$version" | grep -q '^service reference [0-9]\{4\}-[0-9]\{2\}-[0-9]\{2\} ' || fail "--version names no data date"
if [ -n "$expected_commit" ]; then
    echo "$version" | grep -qx "commit $expected_commit" || fail "--version does not name commit $expected_commit"
fi
pass "--version"

set +e
report=$(run check --principal arn:aws:sts::111122223333:assumed-role/ci-deployer/build-42 \
    --policy iam/ci-deployer.json --boundary iam/ci-deployer-boundary.json \
    --sql-file sql/deploy-image.iql --var region=us-east-1 --var env=prod --format json)
status=$?
set -e
[ "$status" -eq 2 ] || fail "check exited $status, expected 2 (the boundary denies the delete)"
verdicts=$(printf '%s' "$report" | python3 -c '
import json, sys
report = json.load(sys.stdin)
print(" ".join("%s=%s" % (o["operation"], o["verdict"]) for o in report["operations"]))')
[ "$verdicts" = "create_resource=allowed get_resource=allowed update_resource=allowed delete_resource=denied" ] ||
    fail "unexpected verdicts: $verdicts"
pass "check from $(pwd): $verdicts"

[ "$(run catalog list | wc -l)" -eq 8 ] || fail "catalog list does not show the eight built-in resources"
run actions --operation delete_resource | grep -q 'imagebuilder:DeleteImage' || fail "actions lacks DeleteImage"
run lint iam/ci-deployer.json >/dev/null || fail "lint of the example policy failed"
pass "catalog list, actions, lint"

grep -q '^\.Dt IAMGATE 1' "$prefix/share/man/man1/iamgate.1" || fail "the man page has no .Dt IAMGATE 1 header"
grep -q 'check' "$prefix/share/man/man1/iamgate.1" || fail "the man page does not mention check"
bash -c "source '$prefix/share/bash-completion/completions/iamgate' && complete -p iamgate" >/dev/null ||
    fail "the bash completion does not register"
grep -q '#compdef iamgate' "$prefix/share/zsh/site-functions/_iamgate" || fail "the zsh completion has no #compdef"
grep -q "^complete -c 'iamgate'" "$prefix/share/fish/vendor_completions.d/iamgate.fish" || fail "the fish completion has no complete -c 'iamgate'"
pass "man page, bash/zsh/fish completions"
echo "smoke: passed"
