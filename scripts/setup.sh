#!/bin/sh
# Everything the tests need on a fresh Debian machine with Node.js 20 and npm: Debian's Jupyter
# (to execute and convert the notebooks; PyPI is not needed), Debian's Chromium (the playground's
# browser tests), the lab's servers and wrk (for the smoke run against a real server,
# lab/setup.sh), the real application's Django, FastAPI, PostgreSQL and memcached
# (lab/apps/setup.sh) and the npm packages.
set -e
cd "$(dirname "$0")/.."
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
if ! command -v jupyter >/dev/null 2>&1 || ! /usr/bin/python3 -c "import nbclient, nbformat, nbconvert" 2>/dev/null; then
  echo "setup: installing Debian's Jupyter (jupyter-nbconvert, jupyter-client, python3-nbclient)"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
    jupyter-nbconvert jupyter-client python3-nbclient >/dev/null
fi
# The playground's browser tests drive Debian's Chromium (playwright-core never downloads one).
if [ ! -x /usr/bin/chromium ]; then
  echo "setup: installing Debian's chromium (the playground's browser tests)"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends chromium >/dev/null
fi
lab/setup.sh
lab/apps/setup.sh
npm ci --no-audit --no-fund
