# deanery: run `make demo` for the main job on the built-in synthetic world,
# `make test` for the tests. Go with cgo is required (DuckDB).

GO        ?= go
TAGS      := duckdb_arrow
GOFLAGS   := -tags=$(TAGS)
BIN       := bin/deanery
OUT       := out
DEMO_SCALE ?= 0.1
DEMO_SEED  ?= 1
DEMO_TO    ?=
FUZZTIME  ?= 30s

export CGO_ENABLED := 1

.PHONY: all build demo demo-sample test test-short vet fmt bench fuzz schema-doc clean

all: build

build:
	$(GO) build $(GOFLAGS) -o $(BIN) ./cmd/deanery

# The main job on built-in data: generate the synthetic world at
# DEMO_SCALE, load all of it into a fresh warehouse, and check what the
# warehouse holds against the world's truth, deanery by deanery.
demo: build
	@rm -rf $(OUT)/demo && mkdir -p $(OUT)/demo
	$(BIN) world generate --out $(OUT)/demo/world --scale $(DEMO_SCALE) --seed $(DEMO_SEED) $(if $(DEMO_TO),--to $(DEMO_TO))
	$(BIN) --db $(OUT)/demo/deanery.duckdb load $(OUT)/demo/world
	$(BIN) --db $(OUT)/demo/deanery.duckdb world check $(OUT)/demo/world

# The hand-made sample under testdata/sample: every record type, both
# supplier layouts, bad records and broken files among them. Some files are
# rejected on purpose, so the load's exit code 1 is expected here.
demo-sample: build
	@rm -rf $(OUT)/sample && mkdir -p $(OUT)/sample
	$(BIN) --db $(OUT)/sample/deanery.duckdb load testdata/sample || test $$? -eq 1

test:
	$(GO) vet $(GOFLAGS) ./...
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || { echo "gofmt would change:"; gofmt -l $$(git ls-files '*.go'); exit 1; }
	$(GO) test $(GOFLAGS) -count=1 -timeout 20m ./...

vet:
	$(GO) vet $(GOFLAGS) ./...

fmt:
	gofmt -w $$(git ls-files '*.go')

# Benchmarks: loads of a million-row STF file and placements extract beside
# DuckDB's own read_csv of the same file; results in bench/results.json.
bench: build
	$(GO) test $(GOFLAGS) -run='^$$' -bench=. -benchmem -benchtime=1x -timeout 60m ./ingest/ | tee bench/last-run.txt
	$(GO) run $(GOFLAGS) ./bench/record < bench/last-run.txt

# Each parser's fuzzer for FUZZTIME.
fuzz:
	@for pkg in ./ingest/ident ./ingest/iface ./ingest/extract ./ingest/extract/refconfig; do \
	  for f in $$($(GO) test $(GOFLAGS) -list '^Fuzz' $$pkg | grep '^Fuzz'); do \
	    echo "== $$pkg $$f"; \
	    $(GO) test $(GOFLAGS) -run='^$$' -fuzz="^$$f$$" -fuzztime=$(FUZZTIME) $$pkg || exit 1; \
	  done; \
	done

schema-doc:
	$(GO) test $(GOFLAGS) ./sql -run TestSchemaDocumentIsCurrent -update

clean:
	rm -rf bin $(OUT)
