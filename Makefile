# SPDX-License-Identifier: MIT
# agent-onboard — see README.md.  `make demo` runs the wizard against the
# built-in simulator; `make test` builds and runs every test.  Both install the
# Debian packages they need first (scripts/deps.sh).
#
# Sources and tests are found by wildcard, so adding a file never means
# editing this Makefile:
#   src/core/*.c          pure model (libc + cJSON only; see check-core)
#   src/*/*.c             everything else; src/cli/main.c holds main()
#   tests/unit/test_*.c   cmocka, linked against the core alone
#   tests/contract/test_*.c  cmocka, linked against the whole program library
#   tests/e2e/*.sh        the real binary (TAP output)
#   tests/fuzz/fuzz_*.c   libFuzzer targets (clang)

VERSION     := 0.1.0
PREFIX      ?= /usr/local
BINDIR      ?= $(PREFIX)/bin
MANDIR      ?= $(PREFIX)/share/man
DATADIR     ?= $(PREFIX)/share
# Debian's zsh looks in /usr/share/zsh/vendor-completions (a /usr/local
# install may want ZSH_COMPDIR=/usr/local/share/zsh/site-functions)
ZSH_COMPDIR ?= $(DATADIR)/zsh/vendor-completions
FISH_COMPDIR ?= $(DATADIR)/fish/vendor_completions.d
DESTDIR     ?=
PKG_CONFIG  ?= pkg-config
CC          ?= cc
AR          ?= ar
BUILD       ?= build
V           ?= 0

# Hardened by default, the way Debian builds its packages: each of CFLAGS,
# CPPFLAGS and LDFLAGS the user does not set comes from dpkg-buildflags with
# every hardening feature (stack protector, _FORTIFY_SOURCE, PIE, full
# RELRO + BIND_NOW; DEB_BUILD_MAINT_OPTIONS from the environment still
# applies after hardening=+all), or from the same flags spelt out where
# dpkg-buildflags is missing.  A value the user sets replaces the default;
# the flags the project needs (BASE_CFLAGS, pkg-config's) are always added.
# dpkg-buildpackage sets all three, so the package gets Debian's own flags.
DPKG_BUILDFLAGS := $(shell command -v dpkg-buildflags 2>/dev/null)
buildflags = $(shell DEB_BUILD_MAINT_OPTIONS="hardening=+all $(DEB_BUILD_MAINT_OPTIONS)" \
                     dpkg-buildflags --get $(1))
ifeq ($(origin CFLAGS),undefined)
ifneq ($(DPKG_BUILDFLAGS),)
CFLAGS := $(call buildflags,CFLAGS)
else
CFLAGS := -g -O2 -fstack-protector-strong -Wformat -Werror=format-security -fPIE
DEFAULT_PIE := -pie
endif
endif
ifeq ($(origin CPPFLAGS),undefined)
ifneq ($(DPKG_BUILDFLAGS),)
CPPFLAGS := $(call buildflags,CPPFLAGS)
else
CPPFLAGS := -D_FORTIFY_SOURCE=2
endif
# _FORTIFY_SOURCE needs an optimised build (glibc warns otherwise), so a
# user's CFLAGS="-O0 -g" builds without it
ifeq ($(filter-out -O0,$(lastword $(filter -O%,$(CFLAGS)))),)
CPPFLAGS := $(filter-out -D_FORTIFY_SOURCE%,$(CPPFLAGS))
endif
endif
ifeq ($(origin LDFLAGS),undefined)
ifneq ($(DPKG_BUILDFLAGS),)
LDFLAGS := $(call buildflags,LDFLAGS)
else
LDFLAGS := $(DEFAULT_PIE) -Wl,-z,relro -Wl,-z,now
endif
endif

ifeq ($(V),0)
Q := @
else
Q :=
endif

WARNINGS := -Wall -Wextra -Wshadow -Wformat=2 -Wstrict-prototypes \
            -Wmissing-prototypes -Wpointer-arith -Wvla -Wundef
ifeq ($(CI),true)
WARNINGS += -Werror
endif

# pkg-config is evaluated lazily (=) so `make deps` works before the
# libraries exist.
CORE_PKGS := libcjson
APP_PKGS  := libcjson libcurl libcrypto libsecret-1 formw ncursesw libmicrohttpd libqrencode
CORE_PKG_CFLAGS = $(shell $(PKG_CONFIG) --cflags $(CORE_PKGS))
CORE_PKG_LIBS   = $(shell $(PKG_CONFIG) --libs $(CORE_PKGS))
APP_PKG_CFLAGS  = $(shell $(PKG_CONFIG) --cflags $(APP_PKGS))
# libsecret (with GLib) and libmicrohttpd are dlopen()ed on first use
# (src/secret/libsecret_dl.c, src/sandbox/mhd_dl.c): linked, they would cost
# every run ~5 ms and ~3 MB before main().  Tests that call them directly
# link them (TEST_PKG_LIBS).
LAZY_PKGS := libsecret-1 libmicrohttpd
APP_PKG_LIBS    = $(shell $(PKG_CONFIG) --libs $(filter-out $(LAZY_PKGS),$(APP_PKGS))) -lpthread -lm -ldl
TEST_PKG_CFLAGS = $(shell $(PKG_CONFIG) --cflags cmocka)
TEST_PKG_LIBS   = $(shell $(PKG_CONFIG) --libs cmocka $(LAZY_PKGS))

BASE_CFLAGS := -std=gnu11 -D_GNU_SOURCE -Iinclude -MMD -MP \
               -DAO_VERSION='"$(VERSION)"' -DNCURSES_WIDECHAR=1 $(WARNINGS)

CORE_SRC     := $(wildcard src/core/*.c)
MAIN_SRC     := src/cli/main.c
APP_SRC      := $(filter-out $(CORE_SRC) $(MAIN_SRC),$(wildcard src/*/*.c))
CORE_OBJ     := $(CORE_SRC:%.c=$(BUILD)/obj/%.o)
APP_OBJ      := $(APP_SRC:%.c=$(BUILD)/obj/%.o)
MAIN_OBJ     := $(MAIN_SRC:%.c=$(BUILD)/obj/%.o)
SUPPORT_SRC  := $(wildcard tests/support/*.c)
SUPPORT_OBJ  := $(SUPPORT_SRC:%.c=$(BUILD)/obj/%.o)
UNIT_SRC     := $(wildcard tests/unit/test_*.c)
CONTRACT_SRC := $(wildcard tests/contract/test_*.c)
BENCH_SRC    := $(wildcard bench/*.c)
BENCH_BIN    := $(BENCH_SRC:bench/%.c=$(BUILD)/bench/%)
UNIT_BIN     := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/unit/%)
CONTRACT_BIN := $(CONTRACT_SRC:tests/contract/%.c=$(BUILD)/tests/contract/%)
BIN          := $(BUILD)/agent-onboard
CORE_LIB     := $(BUILD)/libao-core.a
APP_LIB      := $(BUILD)/libao-app.a

.PHONY: all programs deps deps-build demo test check check-core unit contract e2e install uninstall \
        clean asan fuzz bench help
.DEFAULT_GOAL := all

all: $(BIN)

# Every program the sources make: the binary, the unit and contract tests,
# the benchmarks (tests/suites/05-clang.sh builds them all with clang).
programs: $(BIN) $(UNIT_BIN) $(CONTRACT_BIN) $(BENCH_BIN)

help:
	@echo "make            build $(BIN)"
	@echo "make demo       build and run the wizard against the built-in simulator"
	@echo "make test       build and run every test (installs missing packages)"
	@echo "make deps       install missing Debian packages"
	@echo "make install    install to \$$DESTDIR\$$PREFIX (default $(PREFIX))"
	@echo "make asan       build with AddressSanitizer+UBSan into build-asan/"
	@echo "make fuzz       build and run the libFuzzer targets (FUZZ_SECONDS=60)"
	@echo "make bench      run the benchmarks and print figures"

deps:
	$(Q)sh scripts/deps.sh test

# building and running only (make demo): no test tools, browser or npm peers
deps-build:
	$(Q)sh scripts/deps.sh build

# --- compile ---------------------------------------------------------------
# The core is compiled with cJSON's flags only and linked into the unit tests
# without any other library, so a curses/curl/libsecret dependency creeping
# into src/core fails the build (check-core also rejects the #include).
$(BUILD)/obj/src/core/%.o: src/core/%.c
	@mkdir -p $(@D)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(BASE_CFLAGS) $(CORE_PKG_CFLAGS) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

$(BUILD)/obj/%.o: %.c
	@mkdir -p $(@D)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(BASE_CFLAGS) $(APP_PKG_CFLAGS) $(TEST_PKG_CFLAGS) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

$(CORE_LIB): $(CORE_OBJ)
	$(Q)rm -f $@ && $(AR) rcs $@ $^

$(APP_LIB): $(APP_OBJ)
	$(Q)rm -f $@ && $(AR) rcs $@ $^

$(BIN): $(MAIN_OBJ) $(APP_LIB) $(CORE_LIB) | check-core
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(MAIN_OBJ) $(APP_LIB) $(CORE_LIB) $(APP_PKG_LIBS)

check-core:
	$(Q)sh scripts/check-core-includes.sh src/core

# --- tests -----------------------------------------------------------------
$(BUILD)/tests/unit/%: tests/unit/%.c $(CORE_LIB)
	@mkdir -p $(@D)
	@$(if $(Q),echo "  TEST    $@")
	$(Q)$(CC) $(BASE_CFLAGS) $(CORE_PKG_CFLAGS) $(TEST_PKG_CFLAGS) -DAO_TEST_DATA='"tests/data"' \
		$(CPPFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $< $(CORE_LIB) $(CORE_PKG_LIBS) $(TEST_PKG_LIBS) -lm

$(BUILD)/tests/contract/%: tests/contract/%.c $(SUPPORT_OBJ) $(APP_LIB) $(CORE_LIB)
	@mkdir -p $(@D)
	@$(if $(Q),echo "  TEST    $@")
	$(Q)$(CC) $(BASE_CFLAGS) $(APP_PKG_CFLAGS) $(TEST_PKG_CFLAGS) -DAO_TEST_DATA='"tests/data"' \
		$(CPPFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $< $(SUPPORT_OBJ) $(APP_LIB) $(CORE_LIB) \
		$(APP_PKG_LIBS) $(TEST_PKG_LIBS)

unit: deps $(UNIT_BIN)
	$(Q)sh tests/run.sh unit $(UNIT_BIN)

contract: deps $(BIN) $(CONTRACT_BIN)
	$(Q)AO_BIN=$(BIN) sh tests/with-test-keyring.sh sh tests/run.sh contract $(CONTRACT_BIN)

e2e: deps $(BIN)
	$(Q)AO_BIN=$(BIN) sh tests/run.sh e2e $(wildcard tests/e2e/*.sh)

# Every suite runs even when an earlier one fails; the summary line at the
# end ("N passed, N failed") is what CI reads.
# The e2e suite runs the ASan+UBSan binary: one end-to-end pass that also
# proves the real program clean under the sanitizers.
# The two builds use every core (make -j), unless the caller set -j itself.
TEST_JOBS := $(if $(filter -j%,$(MAKEFLAGS)),,-j$(shell nproc 2>/dev/null || echo 2))
test: deps
	$(Q)$(MAKE) --no-print-directory $(TEST_JOBS) $(BIN) $(UNIT_BIN) $(CONTRACT_BIN)
	$(Q)$(MAKE) --no-print-directory $(TEST_JOBS) asan
	$(Q)AO_BIN=build-asan/agent-onboard AO_BUILD=$(BUILD) ASAN_OPTIONS=detect_leaks=1 \
		UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
		setsid -w sh tests/run-all.sh "$(UNIT_BIN)" "$(CONTRACT_BIN)" "$(wildcard tests/e2e/*.sh)"

check: test

demo: deps-build $(BIN)
	$(BIN) --demo

# --- sanitizers, fuzzing, benchmarks ----------------------------------------
ASAN_FLAGS := -g -O1 -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=all
asan: deps
	$(Q)$(MAKE) --no-print-directory BUILD=build-asan CFLAGS="$(ASAN_FLAGS)" LDFLAGS="$(ASAN_FLAGS)" \
		build-asan/agent-onboard $(UNIT_SRC:tests/unit/%.c=build-asan/tests/unit/%) \
		$(CONTRACT_SRC:tests/contract/%.c=build-asan/tests/contract/%)

fuzz: deps
	$(Q)sh tests/fuzz/run.sh $${FUZZ_SECONDS:-60}

# Benchmark programs link like contract tests (plus -lutil for forkpty).
$(BUILD)/bench/%: bench/%.c $(SUPPORT_OBJ) $(APP_LIB) $(CORE_LIB)
	@mkdir -p $(@D)
	@$(if $(Q),echo "  BENCH   $@")
	$(Q)$(CC) $(BASE_CFLAGS) $(APP_PKG_CFLAGS) $(TEST_PKG_CFLAGS) -DAO_TEST_DATA='"tests/data"' \
		$(CPPFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $< $(SUPPORT_OBJ) $(APP_LIB) $(CORE_LIB) \
		$(APP_PKG_LIBS) $(TEST_PKG_LIBS) -lutil

bench: deps $(BIN) $(BENCH_BIN)
	$(Q)AO_BIN=$(BIN) AO_BUILD=$(BUILD) sh bench/run.sh

# --- install -----------------------------------------------------------------
install: $(BIN)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 \
		$(DESTDIR)$(DATADIR)/bash-completion/completions
	install -m 755 $(BIN) $(DESTDIR)$(BINDIR)/agent-onboard
	install -m 644 assets/agent-onboard.1 $(DESTDIR)$(MANDIR)/man1/agent-onboard.1
	install -m 644 assets/agent-onboard.bash-completion \
		$(DESTDIR)$(DATADIR)/bash-completion/completions/agent-onboard
	if [ -f assets/agent-onboard.zsh ]; then \
		install -d $(DESTDIR)$(ZSH_COMPDIR) && \
		install -m 644 assets/agent-onboard.zsh $(DESTDIR)$(ZSH_COMPDIR)/_agent-onboard; fi
	if [ -f assets/agent-onboard.fish ]; then \
		install -d $(DESTDIR)$(FISH_COMPDIR) && \
		install -m 644 assets/agent-onboard.fish $(DESTDIR)$(FISH_COMPDIR)/agent-onboard.fish; fi

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/agent-onboard $(DESTDIR)$(MANDIR)/man1/agent-onboard.1 \
		$(DESTDIR)$(DATADIR)/bash-completion/completions/agent-onboard \
		$(DESTDIR)$(ZSH_COMPDIR)/_agent-onboard $(DESTDIR)$(FISH_COMPDIR)/agent-onboard.fish

clean:
	rm -rf $(BUILD) build-asan build-fuzz build-clang

# The test support objects are only named in pattern rules, which would make
# them intermediate files that make deletes after every build (and rebuilds).
.SECONDARY: $(SUPPORT_OBJ)

-include $(CORE_OBJ:.o=.d) $(APP_OBJ:.o=.d) $(MAIN_OBJ:.o=.d) $(SUPPORT_OBJ:.o=.d)
