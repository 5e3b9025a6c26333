"""Settings of the lab's Django shop, read from the environment so that the lab can point it at
the PostgreSQL cluster and memcached it starts (lab/apps/services.mjs).

PGHOST, PGPORT, PGDATABASE, PGUSER, PGPASSWORD  the database (libpq's own variable names)
MEMCACHED                                       memcached as "host:port"
DJANGO_CONN_MAX_AGE                             seconds a worker keeps its database connection
                                                (default 60, persistent as most sites run it;
                                                0 under gevent, see gunicorn_gevent.py)
PROMETHEUS_MULTIPROC_DIR                        if set, metrics of all workers in one scrape
"""

import os

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "lab-only-not-a-secret")
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]

INSTALLED_APPS = ["django_prometheus", "shop"]

# The Prometheus pair brackets everything else, so its latency covers all middleware.
MIDDLEWARE = [
    "shop.echo.echo_sent",  # the lab's X-Sent header back (echo.py)
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
]

ROOT_URLCONF = "shop.urls"

# django-prometheus would ask the database for applied migrations as each worker starts; the
# shop has none, and the query would sit in pg_stat_statements among the application's.
PROMETHEUS_EXPORT_MIGRATIONS = False

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "APP_DIRS": True,  # with DEBUG off Django caches the compiled templates
        "OPTIONS": {},
    }
]

DATABASES = {
    "default": {
        # django-prometheus' wrapper of the postgresql backend counts queries and errors.
        "ENGINE": "django_prometheus.db.backends.postgresql",
        "HOST": os.environ.get("PGHOST", "127.0.0.1"),
        "PORT": os.environ.get("PGPORT", "5432"),
        "NAME": os.environ.get("PGDATABASE", "shop"),
        "USER": os.environ.get("PGUSER", "lab"),
        "PASSWORD": os.environ.get("PGPASSWORD", ""),
        "CONN_MAX_AGE": int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
    }
}

CACHES = {
    "default": {
        # Django's PyMemcacheCache with django-prometheus' hit and miss counters (shop/cache.py).
        "BACKEND": "shop.cache.CountedPyMemcacheCache",
        "LOCATION": os.environ.get("MEMCACHED", "127.0.0.1:11211"),
        "TIMEOUT": 30,
    }
}

USE_TZ = True
TIME_ZONE = "UTC"
USE_I18N = False
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"

# Errors to stderr (gunicorn's error log); access lines are gunicorn's own.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"stderr": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["stderr"], "level": "WARNING"},
}
