#!/usr/bin/env bash
# `make install` / `make uninstall`: scripts/install.sh install|uninstall PREFIX
#
# install: the release binary (built by `make release`: Swift runtime linked in statically, catalog and service
# reference built in), a man page made from its --help by swift-argument-parser's generate-manual, bash, zsh and
# fish completions from the binary itself, and the licence of the bundled service data.
# uninstall: removes exactly those files (and the doc folder when it is left empty).
set -euo pipefail
cd "$(dirname "$0")/.."

action=${1:-}
prefix=${2:-}
if [ -z "$prefix" ] || { [ "$action" != install ] && [ "$action" != uninstall ]; }; then
    echo "usage: scripts/install.sh install|uninstall PREFIX" >&2
    exit 64
fi

binary="$prefix/bin/iamgate"
manual="$prefix/share/man/man1/iamgate.1"
bash_completion="$prefix/share/bash-completion/completions/iamgate"
zsh_completion="$prefix/share/zsh/site-functions/_iamgate"
fish_completion="$prefix/share/fish/vendor_completions.d/iamgate.fish"
doc="$prefix/share/doc/iamgate"
licence="$doc/LICENSE-iam-data.txt"

if [ "$action" = uninstall ]; then
    for file in "$binary" "$manual" "$bash_completion" "$zsh_completion" "$fish_completion" "$licence"; do
        if [ -e "$file" ]; then
            rm -f "$file"
            echo "removed $file"
        fi
    done
    rmdir "$doc" 2>/dev/null || true
    exit 0
fi

built=.build/release/iamgate
generator=.build/release/generate-manual
for needed in "$built" "$generator"; do
    if [ ! -x "$needed" ]; then
        echo "install: $needed is missing; run make install (it builds it) or make release" >&2
        exit 1
    fi
done

staging=$(mktemp -d)
trap 'rm -rf "$staging"' EXIT
# The manual's date is the commit's, so the same commit always gives the same page.
date=$(git log -1 --format=%cs 2>/dev/null || date -u +%F)
"$generator" "$built" --date "$date" --output-directory "$staging" >/dev/null
[ -s "$staging/iamgate.1" ] || { echo "install: generate-manual wrote no iamgate.1" >&2; exit 1; }
"$built" --generate-completion-script bash > "$staging/iamgate.bash"
"$built" --generate-completion-script zsh > "$staging/_iamgate"
"$built" --generate-completion-script fish > "$staging/iamgate.fish"

# The DWARF debug info is two fifths of the file; the symbol table stays, so a crash still names its functions.
cp "$built" "$staging/iamgate"
if command -v strip >/dev/null 2>&1; then
    strip --strip-debug "$staging/iamgate"
else
    echo "install: no strip (binutils) on PATH; installing the binary with its debug info" >&2
fi
install -D -m 0755 "$staging/iamgate" "$binary"
install -D -m 0644 "$staging/iamgate.1" "$manual"
install -D -m 0644 "$staging/iamgate.bash" "$bash_completion"
install -D -m 0644 "$staging/_iamgate" "$zsh_completion"
install -D -m 0644 "$staging/iamgate.fish" "$fish_completion"
install -D -m 0644 Sources/CBundledData/service-reference/LICENSE-iam-data.txt "$licence"
for file in "$binary" "$manual" "$bash_completion" "$zsh_completion" "$fish_completion" "$licence"; do
    echo "installed $file"
done
