# Parley: the two commands of the README, and a few for development.
SHELL := /bin/bash
MVN ?= mvn -B -q

.PHONY: run test build unit e2e clean bench bench-smoke soak fuzz

## Build what is needed and run Parley on Payara Micro at http://localhost:8080 (embedded Redis unless REDIS_ADDRESS is set).
run: build
	./scripts/run.sh

## Install what the tests need if missing (Chromium, Firefox ESR, playwright-core, puppeteer-core, a Redis), then run every test:
## unit and container tests, the two-process cluster test, the browser tests and a benchmark smoke run.
test:
	./scripts/install-test-tools.sh
	$(MVN) verify
	./e2e/run.sh web/target
	E2E_NETWORK=veth ./e2e/run.sh web/target
	./bench/install-tools.sh smoke
	./bench/run.sh smoke target

build:
	$(MVN) -DskipTests package

## Unit and container integration tests only.
unit:
	$(MVN) verify

## Browser end-to-end tests only (needs a build): Chromium on loopback, then Firefox and native libwebrtc with Chromium on a veth pair.
e2e: build
	./e2e/run.sh web/target
	E2E_NETWORK=veth ./e2e/run.sh web/target

clean:
	$(MVN) clean

## The churn soak for 15 minutes (make test runs it for two): joins, media, mutes, ICE restarts and leaves beside a
## participant who stays, then threads, file descriptors, heap, media sessions and Redis keys back where they started.
soak:
	$(MVN) -DskipTests install
	$(MVN) -pl cluster-test verify -Dit.test=ChurnSoakIT -Dparley.soak.duration=PT15M

## Fuzz every parser of untrusted bytes with Jazzer (docs/fuzzing.md): each fuzz test for FUZZ_SECONDS, one after another,
## printing runs, coverage and findings per test; FUZZ_TARGETS="StunFuzzTest SdpParserFuzzTest#parse" picks some.
## Every test run (make test, make unit) replays the inputs in src/test/resources without fuzzing.
FUZZ_SECONDS ?= 120
FUZZ_TARGETS ?=
fuzz:
	FUZZ_SECONDS="$(FUZZ_SECONDS)" FUZZ_TARGETS="$(FUZZ_TARGETS)" MVN="$(MVN)" ./scripts/fuzz.sh

## Benchmarks (root, 18-30 min): Parley beside Janus and two ceiling relays, in network namespaces; writes
## bench/results/results.md, chart.png and profile.md.
bench: build
	./bench/install-tools.sh full
	./bench/run.sh full target

## A tiny benchmark run for CI (root, < 2 min): fails only if media did not flow; no timing assertions.
bench-smoke: build
	./bench/install-tools.sh smoke
	./bench/run.sh smoke target
