#!/usr/bin/env bash
# Installs what `make demo` and `make test` need when it is missing, on a fresh Debian machine as root.
# Idempotent and quiet when everything is already there.
set -euo pipefail

need_apt=()
# libcurl and libxml2 headers for the AWS client layer (CCurl, CLibXML2), pkg-config to find them; openssl for the
# transport's TLS tests (a throw-away certificate), binutils for `make install` to strip the debug info.
for package in libcurl4-openssl-dev libxml2-dev pkg-config openssl binutils; do
    dpkg -s "$package" >/dev/null 2>&1 || need_apt+=("$package")
done
command -v python3 >/dev/null 2>&1 || need_apt+=(python3)
python3 -c 'import venv, ensurepip' >/dev/null 2>&1 || need_apt+=(python3-venv)

if [ "${#need_apt[@]}" -gt 0 ]; then
    if [ "$(id -u)" -ne 0 ]; then
        echo "ensure-deps: missing ${need_apt[*]}; run as root or install them with apt-get" >&2
        exit 1
    fi
    echo "ensure-deps: installing ${need_apt[*]}" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

if ! command -v swift >/dev/null 2>&1; then
    echo "ensure-deps: no Swift toolchain on PATH (iamgate needs Swift 6.0 or later)" >&2
    exit 1
fi

# `make install` builds the binary and needs nothing more.
if [ "${1:-}" = "--build-only" ]; then
    exit 0
fi

# Headless Chromium (Debian's `chromium`) for the tests that open `iamgate audit --format html` as a person would.
if ! dpkg -s chromium >/dev/null 2>&1; then
    if [ "$(id -u)" -ne 0 ]; then
        echo "ensure-deps: missing chromium; run as root or install it with apt-get" >&2
        exit 1
    fi
    echo "ensure-deps: installing chromium" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi

# A project venv for the test suite's Python tools: report schema validation (jsonschema, xmlschema), the SigV4
# comparison and the fake AWS server's signature check (botocore), and moto's server for the live-mode tests (moto
# 5.2 is the version whose IAM, STS and auth behaviour the tests were written against; `[server]` brings flask and
# werkzeug), and cloudsplaining, which `make bench` runs on the same generated account as `iamgate audit` to compare
# the two. The check imports what the tests import, so a half-installed venv is repaired on the next run.
venv=".venv"
python_modules=(jsonschema xmlschema botocore moto.server flask werkzeug cloudsplaining)
pip_packages=(jsonschema xmlschema botocore 'moto[server]~=5.2.1' 'cloudsplaining~=0.9.1')
if [ ! -x "$venv/bin/python3" ] || ! "$venv/bin/python3" -c "import $(IFS=,; echo "${python_modules[*]}")" >/dev/null 2>&1; then
    echo "ensure-deps: preparing $venv with ${pip_packages[*]}" >&2
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check "${pip_packages[@]}"
    "$venv/bin/python3" -c "import $(IFS=,; echo "${python_modules[*]}")"
fi
