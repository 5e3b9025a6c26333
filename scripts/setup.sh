#!/bin/sh
# Everything the tests need on a fresh Debian machine with Node.js 20 and npm: Debian's Jupyter
# (to execute and convert the notebooks; PyPI is not needed), the lab's servers and wrk (for the
# smoke run against a real server, lab/setup.sh), the real application's Django, FastAPI, PostgreSQL
# and memcached (lab/apps/setup.sh) and the npm packages.
set -e
cd "$(dirname "$0")/.."
if ! command -v jupyter >/dev/null 2>&1 || ! /usr/bin/python3 -c "import nbclient, nbformat, nbconvert" 2>/dev/null; then
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  echo "setup: installing Debian's Jupyter (jupyter-nbconvert, jupyter-client, python3-nbclient)"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
    jupyter-nbconvert jupyter-client python3-nbclient >/dev/null
fi
lab/setup.sh
lab/apps/setup.sh
npm ci --no-audit --no-fund
