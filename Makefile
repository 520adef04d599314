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
ECHARTS         := reports/assets/echarts.min.js
ECHARTS_VERSION := $(shell cat reports/assets/echarts.version)

export CGO_ENABLED := 1

.PHONY: all build demo demo-sample test test-short vet fmt bench bench-pipeline bench-load fuzz soak schema-doc clean

all: build

build:
	$(GO) build $(GOFLAGS) -o $(BIN) ./cmd/deanery

# The main job on built-in data: generate the synthetic world at
# DEMO_SCALE, load all of it into a fresh warehouse, and check what the
# warehouse holds against the world's truth, deanery by deanery. Then
# replay the whole history of the same world's exchanges through the hub
# into a warehouse of their own, comparing every file the hub builds with
# the world's, and print each deanery's exchange figures beside the truth's
# (exit 1 there means some file or figure differs: shown, not fatal). Last,
# link and score the warehouse (exit 1: a data-quality rule crossed its fail
# threshold, shown, not fatal) and write the quarterly report and every
# deanery dashboard from it.
demo: $(ECHARTS) build
	@rm -rf $(OUT)/demo && mkdir -p $(OUT)/demo
	$(BIN) world generate --out $(OUT)/demo/world --scale $(DEMO_SCALE) --seed $(DEMO_SEED) $(if $(DEMO_TO),--to $(DEMO_TO))
	$(BIN) --db $(OUT)/demo/deanery.duckdb load $(OUT)/demo/world
	$(BIN) --db $(OUT)/demo/deanery.duckdb world check $(OUT)/demo/world
	$(BIN) --db $(OUT)/demo/exchange.duckdb exchange run --world $(OUT)/demo/world --out $(OUT)/demo/exchange-out --show 20 || test $$? -eq 1
	$(BIN) --db $(OUT)/demo/exchange.duckdb world check --exchange $(OUT)/demo/world || test $$? -eq 1
	$(BIN) --db $(OUT)/demo/deanery.duckdb quality || test $$? -eq 1
	$(BIN) --db $(OUT)/demo/deanery.duckdb report quarterly --out $(OUT)/demo/reports/quarterly
	$(BIN) --db $(OUT)/demo/deanery.duckdb report dashboards --out $(OUT)/demo/reports/dashboards
	@echo; echo "Quarterly report:"; ls $(OUT)/demo/reports/quarterly/*.html
	@echo "Deanery dashboards:"; ls $(OUT)/demo/reports/dashboards/*.html

# The charting library the report pages inline (they must open offline):
# npm's tarball of the pinned version, checked against the committed
# SHA-512, never committed itself. The binary embeds it when built.
$(ECHARTS): reports/assets/echarts.version reports/assets/echarts.sha512
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	  (cd "$$tmp" && npm pack --silent echarts@$(ECHARTS_VERSION) >/dev/null) && \
	  (cd "$$tmp" && sha512sum -c --quiet "$(CURDIR)/reports/assets/echarts.sha512") && \
	  tar -xzf "$$tmp/echarts-$(ECHARTS_VERSION).tgz" -C "$$tmp" package/dist/echarts.min.js && \
	  cp "$$tmp/package/dist/echarts.min.js" $@
	@echo "fetched $@ (echarts $(ECHARTS_VERSION), checksum verified)"

# The hand-made sample under testdata/sample (testdata/sample/README.md):
# every record type, both supplier layouts, bad records and broken files
# among them. Loads it, then shows what was loaded and what was rejected and
# why. Some files are rejected on purpose, so the load's exit code 1 is
# expected here; exit 2 (the load could not run) stops it.
SAMPLE_DB     := $(OUT)/sample/deanery.duckdb
SAMPLE_TABLES := deanery trust site interface_pair trainee_version post_version placement_version \
	app_record apc_record dnc_record dcc_record pos_record por_record per_record add_record asg_record \
	pbd_record stf_record rejected_record value_flag sequence_gap
comma         := ,
SAMPLE_COUNTS := SELECT 'source_file' AS table_name$(comma) count(*) AS row_count FROM source_file \
	$(foreach t,$(SAMPLE_TABLES),UNION ALL SELECT '$(t)'$(comma) count(*) FROM $(t))

demo-sample: build
	@rm -rf $(OUT)/sample && mkdir -p $(OUT)/sample
	$(BIN) --db $(SAMPLE_DB) load testdata/sample || test $$? -eq 1
	@echo; echo "== Files, by what became of them (source_file)"
	@$(BIN) --db $(SAMPLE_DB) query "SELECT file_kind, status, coalesce(reason_code, '') AS reason_code, count(*) AS files FROM source_file GROUP BY ALL ORDER BY ALL"
	@echo; echo "== Rows per table"
	@$(BIN) --db $(SAMPLE_DB) query "$(SAMPLE_COUNTS)"
	@echo; echo "== Records rejected, by reason (rejected_record keeps each one's line and raw text)"
	@$(BIN) --db $(SAMPLE_DB) query "SELECT reason_code, record_type, count(*) AS records, min(file_name || ':' || line_number) AS first_at FROM rejected_record GROUP BY ALL ORDER BY ALL"
	@echo; echo "== Values kept but flagged, by code (value_flag)"
	@$(BIN) --db $(SAMPLE_DB) query "SELECT flag_code, record_type, count(*) AS values_flagged FROM value_flag GROUP BY ALL ORDER BY ALL"
	@echo; echo "More: $(BIN) --db $(SAMPLE_DB) query \"SELECT * FROM rejected_record\""

test: $(ECHARTS)
	$(GO) vet $(GOFLAGS) ./...
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || { echo "gofmt would change:"; gofmt -l $$(git ls-files '*.go'); exit 1; }
	$(GO) test $(GOFLAGS) -count=1 -timeout 20m ./...

vet:
	$(GO) vet $(GOFLAGS) ./...

fmt:
	gofmt -w $$(git ls-files '*.go')

# Benchmarks (bench/README.md): the whole pipeline on worlds of
# BENCH_SCALES, each stage timed and measured on its own (deanery bench),
# then loads of a million-row STF file and placements extract beside
# DuckDB's own read_csv of the same file, BENCH_COUNT runs each, and the
# synthetic world's generation at each of BENCH_GENERATE_SCALES (scale 1 is
# the national world: about 8 GB of memory), once each. All record into
# bench/results.json and bench/README.md. DEANERY_BENCH_ROWS sets the rows
# per load file; BENCH_STAGE_TIMEOUT stops a stage that runs longer and
# records it as timed out.
BENCH_COUNT           ?= 3
BENCH_SCALES          ?= 0.1,0.33,1
BENCH_STAGE_TIMEOUT   ?= 60m
BENCH_GENERATE_SCALES ?= 0.1 1

bench: bench-pipeline bench-load

bench-pipeline: $(ECHARTS) build
	$(BIN) bench --scales $(BENCH_SCALES) --stage-timeout $(BENCH_STAGE_TIMEOUT)

bench-load:
	@mkdir -p bench/tmp
	$(GO) test $(GOFLAGS) -run='^$$' -bench='^BenchmarkLoad' -benchmem -benchtime=1x -count=$(BENCH_COUNT) -timeout 120m ./ingest/ | tee bench/tmp/last-run.txt
	DEANERY_BENCH_SCALES="$(BENCH_GENERATE_SCALES)" $(GO) test $(GOFLAGS) -run='^$$' -bench='^BenchmarkGenerate$$' -benchtime=1x -count=1 -timeout 120m ./exchange/sim/ | tee -a bench/tmp/last-run.txt
	$(GO) run $(GOFLAGS) ./bench/record < bench/tmp/last-run.txt

# Each parser's fuzzer for FUZZTIME, and the loader's (FuzzLoad, through a
# real warehouse). A new interesting input is minimised for at most
# FUZZMINIMIZE, so that minimising does not eat a short run. A failure
# stops the run and leaves its input under the package's testdata/fuzz/,
# where plain "go test" replays it from then on. The last line of each
# fuzzer gives its executions (docs/reliability.md records them).
FUZZ_PKGS    := ./ingest/ident ./ingest/iface ./ingest/extract ./ingest/extract/refconfig ./ingest
FUZZMINIMIZE ?= 5s

fuzz:
	@for pkg in $(FUZZ_PKGS); do \
	  for f in $$($(GO) test $(GOFLAGS) -list '^Fuzz' $$pkg | grep '^Fuzz'); do \
	    echo "== $$pkg $$f"; \
	    $(GO) test $(GOFLAGS) -run='^$$' -fuzz="^$$f$$" -fuzztime=$(FUZZTIME) -fuzzminimizetime=$(FUZZMINIMIZE) $$pkg || exit 1; \
	  done; \
	done

# Longer trials than make test (docs/reliability.md): SOAK_CRASH_SCALE
# times the crash test's 50 kills of a load and an exchange run, from
# SOAK_SEED, and a load of a SOAK_BIGFILE_MB file under the memory budget
# of TestAFileLargerThanMemoryStreamsThrough.
SOAK_CRASH_SCALE ?= 4
SOAK_SEED        ?= 9
SOAK_BIGFILE_MB  ?= 1024

soak:
	DEANERY_CRASH_TRIALS_SCALE=$(SOAK_CRASH_SCALE) DEANERY_CRASH_SEED=$(SOAK_SEED) DEANERY_BIGFILE_MB=$(SOAK_BIGFILE_MB) \
	  $(GO) test $(GOFLAGS) -count=1 -timeout 180m -v -run '^(TestKillsDuringALoadAndAnExchangeRunLeaveNoneOrAll|TestAFileLargerThanMemoryStreamsThrough)$$' ./cmd/deanery/

schema-doc:
	$(GO) test $(GOFLAGS) ./sql -run TestSchemaDocumentIsCurrent -update

clean:
	rm -rf bin $(OUT)
