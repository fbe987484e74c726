# organics-stability — one entry point per action. See README.md.
#
#   make deps      install the system LAPACK/OpenBLAS (apt-get, when root) or print the command
#   make build     release build of the CLI: .build/release/organics
#   make test      the whole test suite (release build with -enable-testing; no timing inside)
#   make sweep     the default stability sweep -> results/default/
#   make bench     benchmarks (Benchmarks/, a separate package) -> printed tables
#   make proofs-check   every test named in proofs/ exists and names its claim; cited paths exist
#   make slurm-check    the SLURM scale-out path on a real one-node cluster (CI runs it)
#   make notebooks regenerate the tables and pictures of notebooks-md/

SHELL := /bin/bash
SWIFT ?= swift
# zlib1g-dev: ZIPFoundation (reading .npz case-file arrays) links zlib through pkg-config on Linux.
APT_PACKAGES := liblapack-dev libopenblas-dev pkg-config zlib1g-dev
# One build configuration for binaries and tests, so `make test` and `make build` share work.
SWIFT_CONFIG := -c release -Xswiftc -enable-testing
ORGANICS := .build/release/organics
# LAPACK on one thread per process: the test runner and sweep workers are already parallel.
export OPENBLAS_NUM_THREADS ?= 1

.PHONY: deps build test sweep bench proofs-check notebooks lint clean latex slurm-check

deps:
	@if command -v pkg-config >/dev/null 2>&1 && pkg-config --exists lapack blas zlib; then \
	  echo "deps: LAPACK found ($$(pkg-config --libs lapack))"; \
	elif [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "deps: installing $(APT_PACKAGES)"; \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y $(APT_PACKAGES) >/dev/null 2>&1 || \
	  { apt-get update >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y $(APT_PACKAGES); }; \
	  pkg-config --exists lapack blas zlib || { echo "deps: LAPACK still missing after apt-get" >&2; exit 1; }; \
	else \
	  echo "deps: LAPACK/OpenBLAS are missing. Install them with:" >&2; \
	  echo "    sudo apt-get install -y $(APT_PACKAGES)" >&2; \
	  exit 1; \
	fi

build: deps
	$(SWIFT) build $(SWIFT_CONFIG) --product organics

test: deps proofs-check
	$(SWIFT) build $(SWIFT_CONFIG) --build-tests
	$(SWIFT) test $(SWIFT_CONFIG) --skip-build

sweep: build
	$(ORGANICS) sweep --config sweeps/default.json --output results/default --resume

bench: build
	cd Benchmarks && $(SWIFT) run -c release organics-bench

# A one-node SLURM cluster on this machine runs a sharded sweep, a preemption and a failed
# shard (installs slurm-wlm and munge with apt-get when root): scripts/slurm-check.sh.
slurm-check: build
	@bash scripts/slurm-check.sh

proofs-check:
	@bash scripts/proofs-check.sh

latex: build
	@bash scripts/regenerate-latex.sh

notebooks: build
	@bash scripts/notebooks.sh

lint:
	@! grep -rnE 'try!|as!|fatalError\(' Sources/ || { echo "lint: trap reachable from input?" >&2; exit 1; }

clean:
	rm -rf .build results
