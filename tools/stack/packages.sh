# shellcheck shell=bash
# Debian packages the stack needs (Debian 12). Sourced by ./mimamori.

# Building and running the stack (python3-aiosmtpd: the local mail sink).
BASE_PKGS="build-essential autoconf automake pkg-config libfcgi-dev libfcgi-bin
  clearsilver-dev libmariadb-dev mariadb-server mariadb-client nginx
  libqrencode-dev libargon2-dev libssl-dev zlib1g-dev libjansson-dev
  libcurl4-openssl-dev curl openssl python3-aiosmtpd"
# login-history exports: PDF (cairo with a Japanese font whose subset is
# embedded); Excel is written with zlib alone
BASE_PKGS="$BASE_PKGS libcairo2-dev fonts-noto-cjk"
# knowledge articles: Markdown (GitHub tables and autolinks)
BASE_PKGS="$BASE_PKGS libcmark-gfm-dev libcmark-gfm-extensions-dev"
# backups (tools/mimamori-backup): hot copies of the database server's files
BASE_PKGS="$BASE_PKGS mariadb-backup"
# Extra for ./mimamori test (fuzzers, browser tests, tools the tests drive).
TEST_PKGS="clang libclang-rt-14-dev chromium nodejs npm wrk zbar-tools oathtool"
# the overload test counts a socket's listen queue with ss
TEST_PKGS="$TEST_PKGS iproute2"
# screenshots of the browser tests show Japanese
TEST_PKGS="$TEST_PKGS fonts-noto-cjk"
# the export unit tests read the files back (openpyxl, pdftotext/pdfinfo)
TEST_PKGS="$TEST_PKGS python3-openpyxl poppler-utils"
# the attack scans (tools/security/check.sh, --only security)
SECURITY_PKGS="sqlmap wapiti"

pkg_installed() {
  local pkg=$1
  case $pkg in
    # Node.js may come from another Debian-format package that bundles npm
    # (its package then conflicts with Debian's npm): the commands decide.
    nodejs) command -v node >/dev/null 2>&1 && return 0 ;;
    npm) command -v npm >/dev/null 2>&1 && return 0 ;;
  esac
  [ "$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null)" = installed ]
}

# ensure_packages PKG...: install what is missing (root) or say what is.
ensure_packages() {
  local missing=() pkg
  command -v dpkg-query >/dev/null 2>&1 || { say "not a Debian system: skipping the package check"; return 0; }
  for pkg in "$@"; do
    pkg_installed "$pkg" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    say "missing Debian packages: ${missing[*]}"
    say "install them with: sudo apt-get install --no-install-recommends ${missing[*]}"
    exit 1
  fi
  say "installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  if [ -z "${MM_APT_UPDATED:-}" ]; then
    apt-get update -q || die "apt-get update failed"
    MM_APT_UPDATED=1
  fi
  apt-get install -y -q --no-install-recommends "${missing[@]}" </dev/null \
    || die "apt-get install failed for: ${missing[*]}"
}
