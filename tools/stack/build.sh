# shellcheck shell=bash
# Autotools build in a VPATH dir under build/. Sourced by ./mimamori.

ensure_configure() {
  if [ ! -x "$ROOT/configure" ] || [ "$ROOT/configure" -ot "$ROOT/configure.ac" ] \
     || [ ! -f "$ROOT/Makefile.in" ] || [ "$ROOT/Makefile.in" -ot "$ROOT/Makefile.am" ]; then
    say "running autogen.sh"
    (cd "$ROOT" && ./autogen.sh) || die "autogen.sh failed"
  fi
}

# build_tree NAME CONFIGURE_ARGS...: configure (when needed) and make in
# build/NAME. Sets BUILD to its absolute path.
build_tree() {
  local name=$1; shift
  BUILD=$ROOT/build/$name
  ensure_configure
  mkdir -p "$BUILD"
  local args_file=$BUILD/.mm-configure-args want
  want=$(printf '%q ' "$@")
  if [ ! -f "$BUILD/Makefile" ] || [ ! -f "$BUILD/config.status" ] \
     || [ "$BUILD/config.status" -ot "$ROOT/configure" ] \
     || [ "$(cat "$args_file" 2>/dev/null)" != "$want" ]; then
    say "configuring build/$name"
    # objects built with other flags would be kept (and their warnings unseen)
    [ ! -f "$BUILD/Makefile" ] || make -C "$BUILD" -s clean >/dev/null 2>&1 || true
    (cd "$BUILD" && ../../configure "$@" >configure.out 2>&1) || {
      log_tail "$BUILD/configure.out" 20
      die "configure failed in build/$name (full output: $BUILD/configure.out, $BUILD/config.log)"
    }
    printf '%s' "$want" >"$args_file"
  fi
  say "building build/$name"
  make -C "$BUILD" -j2 || die "make failed in build/$name"
}

# Both builds fail on a compiler warning: the code base keeps none.
build_release() { build_tree release --enable-werror CFLAGS='-O2 -g'; }
build_asan() { build_tree asan --enable-sanitizers --enable-werror CFLAGS='-O1 -g'; }
