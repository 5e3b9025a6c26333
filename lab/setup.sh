#!/bin/sh
# The lab's servers and load generator from Debian's packages (installed only when missing):
# gunicorn (sync, gthread and, with python3-gevent, gevent workers), Apache with mod_wsgi,
# uWSGI with its Python 3 plugin, nginx (in front of gunicorn), and wrk. They run on Debian's
# /usr/bin/python3; the lab starts its own instances on 127.0.0.1 and never the system services.
# For lab/calibrate-run.mjs also locust (python3-locust) and prometheus_client.
set -e
missing=""
for c in gunicorn apache2 uwsgi wrk nginx; do
  command -v "$c" >/dev/null 2>&1 || missing="yes"
done
[ -e /usr/lib/apache2/modules/mod_wsgi.so ] || missing="yes"
/usr/bin/python3 -c "import gevent" 2>/dev/null || missing="yes"
[ -e /usr/lib/uwsgi/plugins/python3_plugin.so ] || missing="yes"
[ -e /usr/bin/locust ] || missing="yes"
/usr/bin/python3 -c "import prometheus_client" 2>/dev/null || missing="yes"
if [ -n "$missing" ]; then
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  echo "lab: installing gunicorn, python3-gevent, apache2, libapache2-mod-wsgi-py3, uwsgi, wrk, nginx, python3-locust, python3-prometheus-client"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
    gunicorn python3-gevent apache2 libapache2-mod-wsgi-py3 uwsgi-core uwsgi-plugin-python3 wrk \
    nginx python3-locust python3-prometheus-client >/dev/null
fi
