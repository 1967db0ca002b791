#!/usr/bin/env bash
# Runs every test of linli. It installs what the tests need first: gcc for
# the SQLite driver (cgo), a real redis-server (the Redis tests start
# their own on a free port; set LINLI_TEST_REDIS=redis://... to use yours),
# Debian's postgresql (the store tests start a throwaway cluster; set
# LINLI_TEST_POSTGRES=postgres://... to use yours), a CJK font for the
# pictures (the golden images are drawn with WenQuanYi Micro Hei) and
# Debian's chromium for the console's browser tests.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
command -v gcc >/dev/null 2>&1 || need+=(gcc)
[ -e /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ] || need+=(fonts-wqy-microhei)
command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || command -v google-chrome >/dev/null 2>&1 || need+=(chromium)
if [ -z "${LINLI_TEST_POSTGRES:-}" ] && ! command -v initdb >/dev/null 2>&1 \
  && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  need+=(postgresql)
fi
if [ ${#need[@]} -gt 0 ]; then
  echo "installing: ${need[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null
fi

export CGO_ENABLED=1
unformatted=$(gofmt -l $(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))
if [ -n "$unformatted" ]; then
  echo "gofmt would change:"; echo "$unformatted"; exit 1
fi
go vet ./...
go test -race -count=1 -timeout 45m "$@" ./...
# The lay questions scored against the material as it stood before their
# lexicon lines: the ranking must keep reaching questions nobody wrote
# lines for. Only on a whole run.
if [ $# -eq 0 ]; then
  ./scripts/lay-before-lines.sh
fi
