# polis - every entry point: deps, build, demo, test, bench, install.
#
#   make demo        install what is missing, build, analyze an example article
#   make test        install what is missing, build, run every test
#   make SANITIZE=address,undefined test   the same under ASan+UBSan (in build/san-*)
#   make VALGRIND=1 test                   the same under valgrind memcheck
#   make bench       optimized build, benchmarks (needs ../shared/data for the corpus)
#   make install PREFIX=/usr/local
#   make V=1 ...     show full compiler lines; WERROR=1 turns warnings into errors

PKG_CONFIG ?= pkg-config
PREFIX     ?= /usr/local
DESTDIR    ?=
V          ?= 0
SANITIZE   ?=
WERROR     ?= 0

comma := ,
ifeq ($(SANITIZE),)
BUILD ?= build
else
BUILD ?= build/san-$(subst $(comma),-,$(SANITIZE))
SAN_FLAGS := -fsanitize=$(SANITIZE) -fno-omit-frame-pointer -fno-sanitize-recover=all
endif

# Lua 5.4 goes by several pkg-config names across distributions.
LUA_PC := $(shell for p in lua5.4 lua-5.4 lua54; do \
            if $(PKG_CONFIG) --exists $$p 2>/dev/null; then echo $$p; break; fi; done)
DEPS_PC := $(LUA_PC) libpcre2-8 libcjson
PKG_CFLAGS := $(shell $(PKG_CONFIG) --cflags $(DEPS_PC) 2>/dev/null)
PKG_LIBS   := $(shell $(PKG_CONFIG) --libs $(DEPS_PC) 2>/dev/null)

# Lua's own developer warning list, plus the usual.
WARN := -Wall -Wextra -Wshadow -Wundef -Wwrite-strings -Wredundant-decls \
        -Wmissing-declarations -Wmissing-prototypes -Wstrict-prototypes \
        -Wpointer-arith -Wformat=2 -Wno-format-nonliteral
ifeq ($(WERROR),1)
WARN += -Werror
endif

OPT    ?= -O2 -g
CFLAGS ?= $(OPT)
POLIS_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -Iinclude \
               -DPOLIS_PREFIX='"$(PREFIX)"' $(WARN) $(PKG_CFLAGS) $(CFLAGS) $(SAN_FLAGS) \
               -MMD -MP
POLIS_LDFLAGS = $(LDFLAGS) $(SAN_FLAGS) -pthread
POLIS_LIBS    = $(PKG_LIBS) -lm

ifeq ($(V),1)
Q :=
else
Q := @
endif

# The library is every core/ source but the command-line front end (cli*.c).
LIB_SRC  := $(filter-out core/cli%.c,$(wildcard core/*.c))
CLI_SRC  := $(wildcard core/cli*.c)
LIB_OBJ  := $(LIB_SRC:core/%.c=$(BUILD)/obj/%.o)
CLI_OBJ  := $(CLI_SRC:core/%.c=$(BUILD)/obj/%.o)
UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)

.PHONY: all deps demo test check-build _demo _test bench install uninstall clean \
        gazetteer fuzz test-browser

all: $(BUILD)/polis $(BUILD)/libpolis.a

# ---------------------------------------------------------------- deps
# demo and test first install what is missing, then re-enter make so that
# pkg-config is asked again with the libraries in place.
deps:
	@sh tools/deps.sh

demo: deps
	@$(MAKE) --no-print-directory _demo

_demo: $(BUILD)/polis
	$(BUILD)/polis analyze examples/articles/brussels-summit.txt

test: deps
	@$(MAKE) --no-print-directory _test

_test: $(BUILD)/polis $(BUILD)/libpolis.a $(UNIT_BIN) $(BUILD)/tests/embed
	@BUILD=$(BUILD) VALGRIND=$(VALGRIND) sh tests/run.sh

# ---------------------------------------------------------------- build
$(BUILD)/obj/%.o: core/%.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(POLIS_CFLAGS) -c $< -o $@

$(BUILD)/libpolis.a: $(LIB_OBJ)
	@$(if $(Q),echo "  AR      $@")
	$(Q)rm -f $@ && $(AR) rcs $@ $^

$(BUILD)/polis: $(CLI_OBJ) $(BUILD)/libpolis.a
	@$(if $(Q),echo "  LINK    $@")
	$(Q)$(CC) $(POLIS_LDFLAGS) -o $@ $(CLI_OBJ) $(BUILD)/libpolis.a $(POLIS_LIBS)

$(BUILD)/tests/%: tests/unit/%.c $(BUILD)/libpolis.a tests/unit/check.h
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  TEST    $@")
	$(Q)$(CC) $(POLIS_CFLAGS) $(POLIS_LDFLAGS) -o $@ $< $(BUILD)/libpolis.a $(POLIS_LIBS)

$(BUILD)/tests/embed: examples/embed.c $(BUILD)/libpolis.a
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  EXAMPLE $@")
	$(Q)$(CC) $(POLIS_CFLAGS) $(POLIS_LDFLAGS) -o $@ $< $(BUILD)/libpolis.a $(POLIS_LIBS)

-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d)

# ---------------------------------------------------------------- install
install: $(BUILD)/polis $(BUILD)/libpolis.a
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib $(DESTDIR)$(PREFIX)/include \
	           $(DESTDIR)$(PREFIX)/share/polis $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 755 $(BUILD)/polis $(DESTDIR)$(PREFIX)/bin/polis
	install -m 644 $(BUILD)/libpolis.a $(DESTDIR)$(PREFIX)/lib/libpolis.a
	install -m 644 include/polis.h include/polis_text.h $(DESTDIR)$(PREFIX)/include/
	cp -R scripts $(DESTDIR)$(PREFIX)/share/polis/
	if [ -f docs/polis.1 ]; then install -m 644 docs/polis.1 $(DESTDIR)$(PREFIX)/share/man/man1/; fi

uninstall:
	rm -rf $(DESTDIR)$(PREFIX)/bin/polis $(DESTDIR)$(PREFIX)/lib/libpolis.a \
	       $(DESTDIR)$(PREFIX)/include/polis.h $(DESTDIR)$(PREFIX)/include/polis_text.h \
	       $(DESTDIR)$(PREFIX)/share/polis $(DESTDIR)$(PREFIX)/share/man/man1/polis.1

clean:
	rm -rf build

# ---------------------------------------------------------------- gazetteer
# Regenerate scripts/data/gazetteer.tsv (committed; users never need this).
# Needs: apt-get install libgeonames-dev libgeonames-common iso-codes
# (tools/deps.sh installs them when missing). See docs/gazetteer.md.
gazetteer:
	@POLIS_EXTRA_PKGS="libgeonames-dev libgeonames-common iso-codes python3 wamerican" sh tools/deps.sh
	@mkdir -p $(BUILD)/gazetteer
	$(CC) -std=c11 -O2 -Wall -Wextra -o $(BUILD)/gazetteer/geonames_dump \
	    tools/gazetteer/geonames_dump.c $$($(PKG_CONFIG) --cflags --libs geonames)
	LC_ALL=C $(BUILD)/gazetteer/geonames_dump > $(BUILD)/gazetteer/cities.tsv
	python3 tools/gazetteer/allcities.py $(BUILD)/gazetteer/allcities.tsv
	python3 tools/gazetteer/build.py --cities $(BUILD)/gazetteer/cities.tsv \
	    --iso-dir /usr/share/iso-codes/json --countries scripts/data/countries.tsv \
	    --admin1 tools/gazetteer/admin1.tsv --curated scripts/data/places_curated.tsv \
	    --allcities $(BUILD)/gazetteer/allcities.tsv --out scripts/data/gazetteer.tsv
	python3 tools/gazetteer/check.py --data scripts/data

# ---------------------------------------------------------------- fuzz
# make fuzz                  each fuzz target for FUZZ_TIME seconds (default 60)
# make fuzz FUZZ_TARGETS="regex dict" FUZZ_TIME=600
# libFuzzer (clang -fsanitize=fuzzer) with ASan+UBSan, built in build/fuzz.
# Seeds: tests/fuzz/corpus/TARGET; crash inputs become regression inputs in
# tests/fuzz/regressions/TARGET, which make test replays (test_hostile_fuzz).
# See tests/fuzz/README.md.
FUZZ_CC      ?= clang
FUZZ_TIME    ?= 60
FUZZ_TARGETS ?= text jsonl regex dict tpattern analyze
FUZZ_BUILD   := build/fuzz

fuzz:
	@if command -v dpkg >/dev/null 2>&1; then \
	    POLIS_EXTRA_PKGS="clang libclang-rt-dev" sh tools/deps.sh; else sh tools/deps.sh; fi
	@$(MAKE) --no-print-directory CC=$(FUZZ_CC) BUILD=$(FUZZ_BUILD) SANITIZE=address,undefined \
	    CFLAGS="-O1 -g -fsanitize=fuzzer-no-link" FUZZ_TARGETS="$(FUZZ_TARGETS)" _fuzz_bins
	@FUZZ_BUILD=$(FUZZ_BUILD) FUZZ_TIME=$(FUZZ_TIME) sh tests/fuzz/run.sh $(FUZZ_TARGETS)

.PHONY: _fuzz_bins
_fuzz_bins: $(FUZZ_TARGETS:%=$(BUILD)/fuzz/fuzz_%)

$(BUILD)/fuzz/fuzz_jsonl: tests/fuzz/fuzz_jsonl.c tests/fuzz/fuzz.h $(BUILD)/obj/cli_input.o \
                          $(BUILD)/libpolis.a
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  FUZZ    $@")
	$(Q)$(CC) $(POLIS_CFLAGS) -fsanitize=fuzzer $(POLIS_LDFLAGS) -o $@ $< \
	    $(BUILD)/obj/cli_input.o $(BUILD)/libpolis.a $(POLIS_LIBS)

$(BUILD)/fuzz/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h $(BUILD)/libpolis.a
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  FUZZ    $@")
	$(Q)$(CC) $(POLIS_CFLAGS) -fsanitize=fuzzer $(POLIS_LDFLAGS) -o $@ $< \
	    $(BUILD)/libpolis.a $(POLIS_LIBS)

# Unit tests that include other sources (test_hostile_fuzz includes the fuzz
# targets) rebuild when those change.
-include $(UNIT_BIN:=.d)

# ---------------------------------------------------------------- bench
# make bench: an optimized build in build/bench (-O2 -DNDEBUG; the same code
# and flags users get, minus -g), then bench/bench.sh: throughput on the BBC
# corpus replicated to 100 MB against a pcre2grep reference, -j 1 and -j 2,
# peak RSS over a long stream, start-up, the --profile breakdown by stage and
# rule, and tools/bench_core.c. Needs ../shared/data (skipped without it).
# Quick runs: make bench BENCH_MB=20 BENCH_SKIP="long core". docs/performance.md.
BENCH_BUILD ?= build/bench
BENCH_OPT   ?= -O2 -DNDEBUG

bench: deps
	@$(MAKE) --no-print-directory BUILD=$(BENCH_BUILD) OPT='$(BENCH_OPT)' \
	    $(BENCH_BUILD)/polis $(BENCH_BUILD)/bench_core $(BENCH_BUILD)/runstat
	@BUILD=$(BENCH_BUILD) sh bench/bench.sh

$(BUILD)/bench_core: tools/bench_core.c $(BUILD)/libpolis.a
	@$(if $(Q),echo "  BENCH   $@")
	$(Q)$(CC) $(POLIS_CFLAGS) $(POLIS_LDFLAGS) -o $@ $< $(BUILD)/libpolis.a $(POLIS_LIBS)

$(BUILD)/runstat: bench/runstat.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  BENCH   $@")
	$(Q)$(CC) $(POLIS_CFLAGS) $(POLIS_LDFLAGS) -o $@ $<

# ---------------------------------------------------------------- browser test
# make test-browser: the html report in headless Chromium (tests/browser/run.sh:
# the parsed DOM, checks of the laid-out page, a screenshot that is not blank).
# Installs Debian's chromium when missing (through tools/deps.sh); without it
# the test is skipped with a message. CHROMIUM=path picks another browser;
# KEEP=1 keeps the pages and screenshots in build/test-browser/.
test-browser: deps
	@$(MAKE) --no-print-directory $(BUILD)/polis
	@POLIS_EXTRA_PKGS=chromium sh tools/deps.sh || \
	    echo "polis: could not install chromium; the browser test will be skipped" >&2
	@BUILD=$(BUILD) POLIS=$(BUILD)/polis sh tests/browser/run.sh

# ---------------------------------------------------------------- load test
# make load-test: a LOAD_MB (default 200) MB JSON Lines stream, generated on
# the fly, through `polis analyze --input jsonl -j 2` with the default rules:
# one record per line, throughput steady, RSS flat; then one 50 MB document.
# Prints the throughput and RSS at start and end. See tests/load/run.sh.
LOAD_MB ?= 200

.PHONY: load-test
load-test: deps
	@$(MAKE) --no-print-directory $(BUILD)/polis
	@BUILD=$(BUILD) LOAD_MB=$(LOAD_MB) sh tests/load/run.sh
