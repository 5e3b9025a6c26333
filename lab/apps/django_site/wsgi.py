"""WSGI entry of the lab's Django shop: gunicorn --chdir lab/apps/django_site wsgi:application.

Settings come from the environment (shop/settings.py): PGHOST, PGPORT, PGDATABASE, PGUSER,
PGPASSWORD for PostgreSQL, MEMCACHED ("host:port") for the cache.
"""

import os
import sys

# gunicorn --chdir puts this directory on sys.path; other servers may not.
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shop.settings")

from django.core.wsgi import get_wsgi_application  # noqa: E402 (after the settings module is set)

application = get_wsgi_application()
