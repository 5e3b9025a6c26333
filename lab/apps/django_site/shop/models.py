"""The shop's tables (lab/apps/schema.sql) as unmanaged models: the schema belongs to the SQL
file the lab loads, so Django neither creates nor migrates anything."""

from django.db import models


class Category(models.Model):
    name = models.TextField()

    class Meta:
        managed = False
        db_table = "categories"


class Author(models.Model):
    name = models.TextField()
    email = models.TextField()

    class Meta:
        managed = False
        db_table = "authors"


class Product(models.Model):
    title = models.TextField()
    description = models.TextField()
    category = models.ForeignKey(Category, models.DO_NOTHING)
    author = models.ForeignKey(Author, models.DO_NOTHING)
    price_cents = models.IntegerField()
    stock = models.IntegerField()
    created_at = models.DateTimeField()

    class Meta:
        managed = False
        db_table = "products"


class Order(models.Model):
    id = models.BigAutoField(primary_key=True)
    product = models.ForeignKey(Product, models.DO_NOTHING)
    quantity = models.IntegerField()
    customer = models.TextField()
    created_at = models.DateTimeField()

    class Meta:
        managed = False
        db_table = "orders"
