"""The shop's endpoints, of different weights:

GET  /products/?page=N   50 products with their category, author and number of orders (a join
                         and an aggregate), rendered by a template: the heavy read
GET  /products/<id>/     one product and its five latest orders, rendered by a template; the
                         page is cached in memcached for 30 s (low-level cache): cheap when hit
POST /orders/            JSON {"product_id": 1, "quantity": 2, "customer": "c1"}: takes stock
                         and inserts an order in one transaction: the write
GET  /health             no database, no cache: the server's own floor
"""

import json

from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, F
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from .models import Order, Product

PAGE = 50


@require_GET
def product_list(request):
    try:
        page = max(1, int(request.GET.get("page", "1")))
    except ValueError:
        page = 1
    products = (
        Product.objects.select_related("category", "author")
        .annotate(order_count=Count("order"))
        .order_by("-id")[(page - 1) * PAGE : page * PAGE]
    )
    return render(request, "shop/product_list.html", {"products": products, "page": page})


@require_GET
def product_detail(request, product_id):
    # Not cache_page: in Django 3.2 it holds one cache object for every thread (ticket #33252,
    # fixed after 3.2), and each thread's request_finished closes it, so under gthread pymemcache
    # sockets were shared and closed under other threads' feet (500s: crossed replies, a
    # socket of None). `cache` is per thread.
    key = "lab:product:%d" % product_id
    page = cache.get(key)
    if page is None:
        product = get_object_or_404(
            Product.objects.select_related("category", "author"), pk=product_id
        )
        orders = Order.objects.filter(product_id=product_id).order_by("-created_at")[:5]
        page = render_to_string(
            "shop/product_detail.html", {"product": product, "orders": orders}, request
        )
        cache.set(key, page, 30)
    return HttpResponse(page)


@csrf_exempt  # an API endpoint for the load generator, which has no CSRF token
@require_POST
def create_order(request):
    try:
        body = json.loads(request.body)
        product_id = int(body["product_id"])
        quantity = int(body.get("quantity", 1))
        customer = str(body.get("customer", "anonymous"))
    except (ValueError, KeyError, TypeError):
        return JsonResponse({"error": "expected product_id, quantity, customer"}, status=400)
    with transaction.atomic():
        # The update takes the product's row lock first, as a real checkout would.
        if Product.objects.filter(pk=product_id).update(stock=F("stock") - quantity) == 0:
            return JsonResponse({"error": "no such product"}, status=404)
        order = Order.objects.create(
            product_id=product_id, quantity=quantity, customer=customer, created_at=timezone.now()
        )
    return JsonResponse({"id": order.id})


def health(request):
    return HttpResponse("ok\n", content_type="text/plain")
