from django.urls import include, path

from . import views

# The names are django-prometheus' "view" label.
urlpatterns = [
    path("products/", views.product_list, name="products"),
    path("products/<int:product_id>/", views.product_detail, name="product"),
    path("orders/", views.create_order, name="orders"),
    path("health", views.health, name="health"),
    path("", include("django_prometheus.urls")),  # /metrics
]
