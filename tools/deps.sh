#!/bin/sh
# Install what polis needs to build, when it is missing: a C compiler, make,
# pkg-config, Lua 5.4, PCRE2 (8-bit) and cJSON. On Debian and Ubuntu this uses
# apt-get (through sudo when not root); elsewhere it says what to install.
# Extra packages can be asked for with POLIS_EXTRA_PKGS="pkg ...".
set -u

missing=""
have() { command -v "$1" >/dev/null 2>&1; }
pc() { have pkg-config && pkg-config --exists "$1" 2>/dev/null; }

have cc || have gcc || missing="$missing gcc libc6-dev"
have pkg-config || missing="$missing pkg-config"
pc lua5.4 || pc lua-5.4 || pc lua54 || missing="$missing liblua5.4-dev"
pc libpcre2-8 || missing="$missing libpcre2-dev"
pc libcjson || missing="$missing libcjson-dev"
for p in ${POLIS_EXTRA_PKGS:-}; do
    dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"
done

[ -z "$missing" ] && exit 0

if have apt-get; then
    echo "polis: installing missing packages:$missing" >&2
    if [ "$(id -u)" -eq 0 ]; then sudo=""; elif have sudo; then sudo="sudo"; else
        echo "polis: need root (or sudo) to run apt-get install$missing" >&2; exit 1
    fi
    export DEBIAN_FRONTEND=noninteractive
    # Refresh the package lists only when an install fails without it.
    $sudo apt-get install -y -q $missing >/dev/null 2>&1 || {
        $sudo apt-get update -q >/dev/null && $sudo apt-get install -y -q $missing; } || {
        echo "polis: apt-get install$missing failed" >&2; exit 1; }
    exit 0
fi

cat >&2 <<MSG
polis: missing build dependencies:$missing
This system has no apt-get; install the equivalents yourself, for example
  Fedora:  dnf install gcc make pkgconf-pkg-config lua-devel pcre2-devel cjson-devel
  Arch:    pacman -S base-devel pkgconf lua pcre2 cjson
  macOS:   brew install pkg-config lua pcre2 cjson
then run make again (PKG_CONFIG=... selects another pkg-config).
MSG
exit 1
