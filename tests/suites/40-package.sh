#!/bin/sh
# SPDX-License-Identifier: MIT
# ao-suite: background
# The Debian package, checked the way a user would check it:
# dpkg-buildpackage -us -uc -b builds the .deb in a scratch copy of the
# tracked files (nothing is built in, or left behind in, this tree); the .deb
# is unpacked into a scratch root (dpkg -x) and, as root, installed into
# another one (dpkg --root) and removed again.  From there the program runs,
# its man page renders, the completions are in place; the control fields name
# the dlopen()ed libraries, the binary is hardened, lintian reports no error.
# DEB_BUILD_OPTIONS=nocheck: the unit tests the package build would run are
# run by the other suites already.
set -u
if [ -z "${AO_PACKAGE_CHECKS:-}" ]; then
	# tests/run.sh counts the TAP lines this script prints below
	AO_PACKAGE_CHECKS=1 exec sh tests/run.sh package "$0"
fi
# Debian's flags for the package, not the caller's; and no counts of the
# package build's own tests in ours
unset CFLAGS CPPFLAGS LDFLAGS MAKEFLAGS MFLAGS MAKELEVEL AO_COUNTS
export LC_ALL=C.UTF-8

status=0
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ao-package.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
ok() { echo "ok - $*"; }
not_ok() { echo "not ok - $*"; }
# check DESCRIPTION COMMAND...: one TAP line for the command's status
check() {
	desc=$1; shift
	if "$@"; then ok "$desc"; else not_ok "$desc"; fi
}
# comments() FILE: FILE's lines as TAP comments (shown, not counted)
comments() { sed 's/^/# /' "$1"; }

for tool in dpkg-buildpackage dh lintian; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		not_ok "$tool is not installed (make deps installs it)"
		exit 1
	fi
done

# --- build ---------------------------------------------------------------------
src=$tmp/src
mkdir "$src"
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
	# the tracked files as they are now (uncommitted edits included)
	git ls-files -z | tar --null -T - --ignore-failed-read -cf - 2>/dev/null | tar -xf - -C "$src"
else
	tar --exclude='./build*' --exclude=./.git -cf - . | tar -xf - -C "$src"
fi
(cd "$src" && find . -path ./.git -prune -o -print | sort) >"$tmp/tree.before"
version=$(dpkg-parsechangelog -l "$src/debian/changelog" -S Version)
arch=$(dpkg-architecture -qDEB_HOST_ARCH)
deb=$tmp/agent-onboard_${version}_$arch.deb
changes=$tmp/agent-onboard_${version}_$arch.changes
if (cd "$src" && DEB_BUILD_OPTIONS="nocheck parallel=$(nproc 2>/dev/null || echo 2)" \
	dpkg-buildpackage -us -uc -b) >"$tmp/build.log" 2>&1 && [ -f "$deb" ]; then
	ok "dpkg-buildpackage -us -uc -b builds agent-onboard_${version}_$arch.deb"
else
	tail -n 60 "$tmp/build.log" | sed 's/^/# /'
	not_ok "dpkg-buildpackage -us -uc -b builds agent-onboard_${version}_$arch.deb"
	exit 1
fi
if grep -E '^dpkg-shlibdeps: warning|^dh_[a-z_]+: warning' "$tmp/build.log" >"$tmp/build.warnings"; then
	comments "$tmp/build.warnings"
	not_ok "the package build prints debhelper/shlibdeps warnings"
else
	ok "the package build prints no debhelper/shlibdeps warning"
fi
(cd "$src" && debian/rules clean) >"$tmp/clean.log" 2>&1
(cd "$src" && find . -path ./.git -prune -o -print | sort) >"$tmp/tree.after"
if diff "$tmp/tree.before" "$tmp/tree.after" >"$tmp/tree.diff"; then
	ok "debian/rules clean leaves only the tracked files"
else
	comments "$tmp/tree.diff"
	not_ok "debian/rules clean leaves only the tracked files"
fi

# --- what the package says about itself ----------------------------------------
depends=$(dpkg-deb -f "$deb" Depends)
recommends=$(dpkg-deb -f "$deb" Recommends)
echo "# Depends: $depends"
echo "# Recommends: $recommends"
echo "# Suggests: $(dpkg-deb -f "$deb" Suggests)"
# names LIST PACKAGE...: every PACKAGE is one of LIST's (alternative) relations
names() {
	list=$1; shift
	for p in "$@"; do
		printf '%s\n' "$list" | tr ',|' '\n\n' | grep -Eq "^ *$p( |$)" || return 1
	done
}
check "Depends names the linked libraries (libc6, libcurl4, libncursesw6: shlibs)" \
	names "$depends" libc6 libcurl4 libncursesw6
check "Depends or Recommends names libsecret-1-0 (dlopen()ed)" \
	names "$depends, $recommends" libsecret-1-0
check "Depends or Recommends names libmicrohttpd12 (dlopen()ed)" \
	names "$depends, $recommends" libmicrohttpd12
check "apt can install the .deb on this machine (apt-get -s install ./…deb)" \
	sh -c 'apt-get -s install "$1" >"$2" 2>&1' sh "$deb" "$tmp/apt.log"

# --- unpacked into a scratch root ------------------------------------------------
root=$tmp/root
dpkg -x "$deb" "$root"
bin=$root/usr/bin/agent-onboard
home=$tmp/home; mkdir -p "$home"
run() { HOME=$home XDG_CONFIG_HOME=$home/.config XDG_STATE_HOME=$home/.local/state "$@"; }
check "/usr/bin/agent-onboard is an executable" test -x "$bin"
if run "$bin" --version >"$tmp/version" 2>&1; then
	head -n 1 "$tmp/version" | sed 's/^/# /'
	check "--version names the package's version $version" grep -qwF "$version" "$tmp/version"
else
	comments "$tmp/version"
	not_ok "agent-onboard --version exits 0"
fi
if run "$bin" --help >"$tmp/help" 2>&1; then
	check "--help prints the usage" grep -qi '^usage: agent-onboard' "$tmp/help"
else
	comments "$tmp/help"
	not_ok "agent-onboard --help exits 0"
fi
man=$root/usr/share/man/man1/agent-onboard.1.gz
check "the man page is /usr/share/man/man1/agent-onboard.1.gz, gzip-valid" gzip -t "$man"
if MANWIDTH=80 man -P cat -l "$man" >"$tmp/man" 2>"$tmp/man.err" && grep -q '^NAME' "$tmp/man" &&
   grep -q 'agent-onboard' "$tmp/man"; then
	ok "man -l renders it ($(wc -l <"$tmp/man") lines)"
else
	comments "$tmp/man.err"
	not_ok "man -l renders the man page"
fi
bash_comp=$root/usr/share/bash-completion/completions/agent-onboard
check "bash completion in /usr/share/bash-completion/completions, registers agent-onboard" \
	bash -c '. "$1" >/dev/null 2>&1; complete -p agent-onboard >/dev/null' bash "$bash_comp"
comp() { # comp SHELL ASSET INSTALLED-PATH
	if [ ! -f "$src/$2" ]; then
		ok "# SKIP $1 completion: no $2 in the tree"
	else
		check "$1 completion installed as $3" cmp -s "$src/$2" "$root$3"
	fi
}
comp zsh assets/agent-onboard.zsh /usr/share/zsh/vendor-completions/_agent-onboard
comp fish assets/agent-onboard.fish /usr/share/fish/vendor_completions.d/agent-onboard.fish
check "the copyright file names the licence (Expat, i.e. MIT)" \
	grep -q '^License: Expat' "$root/usr/share/doc/agent-onboard/copyright"
# its own exit status too, in case it cannot run at all
sh tests/hardening.sh "$bin" "packaged binary" || status=1

# --- installed into a scratch root with dpkg --root (root only) ------------------
if [ "$(id -u)" != 0 ]; then
	ok "# SKIP dpkg --root install: needs root"
else
	iroot=$tmp/installed
	mkdir -p "$iroot/var/lib/dpkg/info" "$iroot/var/lib/dpkg/updates"
	: >"$iroot/var/lib/dpkg/status"; : >"$iroot/var/lib/dpkg/available"
	# --force-depends: the scratch root has no libc6 &c. in its own database
	if dpkg --root="$iroot" --force-depends -i "$deb" >"$tmp/install.log" 2>&1 &&
	   dpkg --root="$iroot" -s agent-onboard 2>/dev/null | grep -q '^Status: install ok installed'; then
		ok "dpkg --root=DIR -i installs it (install ok installed)"
	else
		comments "$tmp/install.log"
		not_ok "dpkg --root=DIR -i installs it"
	fi
	check "the installed agent-onboard runs (--version)" \
		sh -c '"$1" --version >/dev/null 2>&1' sh "$iroot/usr/bin/agent-onboard"
	if dpkg --root="$iroot" -r agent-onboard >"$tmp/remove.log" 2>&1 &&
	   [ -z "$(find "$iroot" -path "$iroot/var" -prune -o -type f -print)" ]; then
		ok "dpkg --root=DIR -r removes every file it installed"
	else
		comments "$tmp/remove.log"
		find "$iroot" -path "$iroot/var" -prune -o -type f -print | sed 's/^/# left: /'
		not_ok "dpkg --root=DIR -r removes every file it installed"
	fi
fi

# --- lintian -----------------------------------------------------------------------
# on the .changes: the .deb, the -dbgsym package and the .buildinfo.  Errors
# fail; warnings and notes are shown.
lintian "$changes" >"$tmp/lintian.log" 2>&1; rc=$?
grep -v '^running with root privileges' "$tmp/lintian.log" >"$tmp/lintian.tags"
comments "$tmp/lintian.tags"
if [ "$rc" -eq 0 ] && ! grep -q '^E: ' "$tmp/lintian.tags"; then
	ok "lintian: no error ($(grep -c '^W: ' "$tmp/lintian.tags") warnings)"
else
	not_ok "lintian: $(grep -c '^E: ' "$tmp/lintian.tags") errors (exit $rc)"
fi
exit $status
