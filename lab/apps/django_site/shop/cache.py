"""Django's PyMemcacheCache, counting gets, hits and misses in django-prometheus' metrics.

django-prometheus 2.2 wraps only the pylibmc backend for memcached; pymemcache is the one Debian
packages and Django 3.2 recommends, so the same counters are added to it here.
"""

from django.core.cache.backends.memcached import PyMemcacheCache
from django_prometheus.cache.metrics import (
    django_cache_get_total,
    django_cache_hits_total,
    django_cache_misses_total,
)

_MISSING = object()


class CountedPyMemcacheCache(PyMemcacheCache):
    def get(self, key, default=None, version=None):
        django_cache_get_total.labels(backend="pymemcache").inc()
        value = super().get(key, default=_MISSING, version=version)
        if value is _MISSING:
            django_cache_misses_total.labels(backend="pymemcache").inc()
            return default
        django_cache_hits_total.labels(backend="pymemcache").inc()
        return value
