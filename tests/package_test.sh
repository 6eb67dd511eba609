#!/usr/bin/env bash
# Builds the .deb with CPack and checks it as an admin would meet it: the file name, the
# contents, the runtime Depends computed by dpkg-shlibdeps, lintian with no errors, and the
# packaged loopkeeper-cli running from the extracted tree.
#   package_test.sh BUILD_DIR VERSION
set -euo pipefail
build=$1
version=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0
failed=0
check() { # check DESCRIPTION COMMAND...
    local what=$1
    shift
    if "$@" >"$work/last.log" 2>&1; then
        passed=$((passed + 1))
        echo "PASS   : $what"
    else
        failed=$((failed + 1))
        echo "FAIL!  : $what"
        sed 's/^/         /' "$work/last.log" | tail -n 40
    fi
}

(cd "$build" && cpack -G DEB -B "$work/out") >"$work/cpack.log" 2>&1 || { cat "$work/cpack.log"; exit 1; }
deb="$work/out/loopkeeper_${version}_amd64.deb"
check "cpack wrote loopkeeper_${version}_amd64.deb" test -f "$deb"

dpkg-deb -c "$deb" | awk '{print $6}' >"$work/contents"
for f in ./usr/bin/loopkeeper ./usr/bin/loopkeeper-cli ./usr/bin/loopkeeper-node \
    ./usr/share/applications/org.loopkeeper.Loopkeeper.desktop \
    ./usr/share/metainfo/org.loopkeeper.Loopkeeper.metainfo.xml \
    ./usr/share/icons/hicolor/scalable/apps/org.loopkeeper.Loopkeeper.svg \
    ./usr/share/icons/hicolor/48x48/apps/org.loopkeeper.Loopkeeper.png \
    ./usr/share/icons/hicolor/256x256/apps/org.loopkeeper.Loopkeeper.png \
    ./usr/share/doc/loopkeeper/copyright ./usr/share/man/man1/loopkeeper-cli.1.gz \
    ./usr/share/man/man1/loopkeeper-node.1.gz; do
    check "package contains $f" grep -qxF "$f" "$work/contents"
done

check "package contains the torch plugin" grep -qE '^\./usr/lib/(.+/)?loopkeeper/libloopkeeper_torch\.so$' "$work/contents"

depends=$(dpkg-deb -f "$deb" Depends)
for dep in libtorch libqt6core6 libqt6widgets6 libsqlite3-0 qt6-qpa-plugins; do
    check "Depends names $dep" grep -q "$dep" <<<"$depends"
done

check "lintian reports no errors" lintian --fail-on error "$deb"

dpkg-deb -x "$deb" "$work/root"
check "packaged loopkeeper-cli --version runs and reports LibTorch" \
    bash -c "'$work/root/usr/bin/loopkeeper-cli' --version | grep -q '\"libtorch\":{'"
# ... from the packaged plugin, found relative to the packaged executable.
check "packaged loopkeeper-cli loads the packaged torch plugin" \
    bash -c "'$work/root/usr/bin/loopkeeper-cli' --version | grep -E '\"passed\":true' | grep -qE '\"plugin\":\"$work/root/usr/lib/[^\"]*libloopkeeper_torch\.so\"'"
check "packaged binaries are stripped" bash -c "! file '$work/root/usr/bin/loopkeeper' | grep -q 'not stripped'"
check "packaged torch plugin is stripped" \
    bash -c "file \$(find '$work/root/usr/lib' -name libloopkeeper_torch.so) | grep -q ', stripped'"
check "PNG icons are real PNG images" bash -c "file '$work/root/usr/share/icons/hicolor/48x48/apps/org.loopkeeper.Loopkeeper.png' | grep -q 'PNG image data, 48 x 48'"
if command -v desktop-file-validate >/dev/null; then
    check "desktop file validates" desktop-file-validate "$work/root/usr/share/applications/org.loopkeeper.Loopkeeper.desktop"
fi
if command -v appstreamcli >/dev/null; then
    check "AppStream metainfo validates" appstreamcli validate --no-net "$work/root/usr/share/metainfo/org.loopkeeper.Loopkeeper.metainfo.xml"
fi

echo "Totals: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
