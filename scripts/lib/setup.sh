# Shared by scripts/run and scripts/test: install what is missing, configure, build.
# Sourced, not run. Honours:
#   LOOPKEEPER_BUILD_DIR  build folder (default: build/ in the source tree)
#   LOOPKEEPER_JOBS       parallel build jobs (default: all cores)
#   LOOPKEEPER_NO_INSTALL set to 1 to never call apt-get (fail with the list instead)

LK_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
LK_BUILD=${LOOPKEEPER_BUILD_DIR:-$LK_ROOT/build}
LK_JOBS=${LOOPKEEPER_JOBS:-$(nproc 2>/dev/null || echo 2)}

# Debian 12 packages. Build: compiler, CMake, Qt 6, LibTorch, SQLite. Runtime: OpenBLAS
# (Debian's LibTorch calls the system BLAS; the reference BLAS is ~10x slower), Qt's
# platform plugins and translations, the Fashion-MNIST reference data, Xvfb for machines
# without a display, jq for the demo script.
LK_PACKAGES=(
    build-essential cmake ninja-build ccache pkg-config file
    qt6-base-dev qt6-base-dev-tools qt6-charts-dev libqt6opengl6-dev libgl-dev
    qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools qt6-translations-l10n
    qt6-httpserver-dev qt6-websockets-dev qt6-svg-dev qt6-qpa-plugins
    libtorch-dev libopenblas0-pthread libsqlite3-dev zlib1g-dev
    dataset-fashion-mnist fonts-dejavu-core xvfb xauth jq
)
# Only for the test suite: packaging checks, Python PyTorch (the exported model must load in
# torch.jit.load; curve-health and throughput references).
# curl and Node.js for the REST and MCP tests. npm only when no npm command exists: NodeSource's
# nodejs bundles npm and conflicts with Debian's npm package, which apt would then refuse.
LK_TEST_PACKAGES=(dpkg-dev lintian desktop-file-utils appstream python3-torch python3-jsonschema python3-scipy curl openssl nodejs
    $(command -v npm >/dev/null 2>&1 || echo npm))

lk_say() { printf '\033[1m==>\033[0m %s\n' "$*" >&2; }
lk_die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# lk_install PACKAGE... — installs the packages that are not installed yet.
lk_install() {
    local missing=()
    local status
    for pkg in "$@"; do
        status=$(dpkg-query -W -f='${db:Status-Abbrev}' "$pkg" 2>/dev/null || true)
        [[ $status == ii* ]] || missing+=("$pkg")
    done
    if [ ${#missing[@]} -eq 0 ]; then
        return 0
    fi
    lk_say "Installing ${#missing[@]} missing Debian packages: ${missing[*]}"
    [ "${LOOPKEEPER_NO_INSTALL:-0}" != 1 ] || lk_die "missing packages (LOOPKEEPER_NO_INSTALL=1): ${missing[*]}"
    local sudo=()
    if [ "$(id -u)" -ne 0 ]; then
        command -v sudo >/dev/null || lk_die "run as root or install sudo; needed: apt-get install ${missing[*]}"
        sudo=(sudo)
    fi
    export DEBIAN_FRONTEND=noninteractive
    "${sudo[@]}" apt-get update -qq || lk_die "apt-get update failed"
    "${sudo[@]}" apt-get install -y -qq --no-install-recommends \
        -o DPkg::Lock::Timeout=300 "${missing[@]}" </dev/null \
        || lk_die "apt-get install failed for: ${missing[*]}"
}

# Debian's alternatives pick OpenBLAS over the reference BLAS when both are installed;
# say so if something else is selected, since training is then ~10x slower.
lk_check_blas() {
    local blas
    blas=$(readlink -f /usr/lib/x86_64-linux-gnu/libblas.so.3 2>/dev/null || true)
    case $blas in
    *openblas*) ;;
    *) lk_say "warning: libblas.so.3 resolves to '${blas:-nothing}', not OpenBLAS; training will be slow." \
        "Fix: update-alternatives --config libblas.so.3-x86_64-linux-gnu" ;;
    esac
}

# lk_build [TARGET...] — configures (once) and builds Release with all cores.
lk_build() {
    local args=(-S "$LK_ROOT" -B "$LK_BUILD" -DCMAKE_BUILD_TYPE=Release)
    if [ ! -f "$LK_BUILD/CMakeCache.txt" ]; then
        args+=(-G Ninja)
        command -v ccache >/dev/null && args+=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
    fi
    # CI builds with warnings as errors, so that a warning cannot land; a local build only warns.
    if [ "${CI:-}" = true ]; then args+=(-DLOOPKEEPER_WERROR=ON); fi
    lk_say "Configuring in $LK_BUILD"
    mkdir -p "$LK_BUILD"
    cmake "${args[@]}" >"$LK_BUILD/configure.log" 2>&1 || { cat "$LK_BUILD/configure.log" >&2; lk_die "configure failed"; }
    local targets=()
    for t in "$@"; do targets+=(--target "$t"); done
    lk_say "Building (Release, $LK_JOBS jobs)"
    cmake --build "$LK_BUILD" --parallel "$LK_JOBS" "${targets[@]}" || lk_die "build failed"
}
