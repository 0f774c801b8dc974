# iamgate — `make demo` runs the main job on bundled example data; `make test` runs the whole test suite.
SWIFT ?= swift
BIN := .build/debug/iamgate
BENCH_ARGS ?=

.PHONY: demo test build deps bench format lint-format check-data clean

demo: build
	@scripts/demo.sh

test: deps lint-format check-data
	$(SWIFT) build --build-tests
	.build/debug/iamgate-bench --quick
	$(SWIFT) test --skip-build

build: deps
	$(SWIFT) build

deps:
	@scripts/ensure-deps.sh

# Benchmarks run in release mode; see README "Speed".
bench: deps
	$(SWIFT) build -c release
	.build/release/iamgate-bench $(BENCH_ARGS)

lint-format:
	$(SWIFT) format lint --strict --recursive Sources Tests Benchmarks

format:
	$(SWIFT) format format -i --recursive Sources Tests Benchmarks

# The shipped service reference must be exactly what the generator makes from ../shared/reference/iam-data.
check-data:
	python3 scripts/build-service-reference.py --check

clean:
	rm -rf .build
