"""The real application's locust test (lab/apps/run.mjs): shoppers with think time, in stages.

Each user browses as lab/apps/mix.lua's wrk load does, by the same weights: the product list
(pages 1-10), a product's page (80 % of them among the 500 hot products, the rest among all
5,000), an order, the health check. Names group the requests by endpoint in locust's CSVs.

LAB_WAIT     think time, "low:high" seconds (uniform between the two)
LAB_STAGES   "seconds:users,...", e.g. "6:4,6:16,6:48"; each stage starts its users at once
"""

import os
import random

from locust import FastHttpUser, LoadTestShape, between, task

LOW, HIGH = (float(x) for x in os.environ.get("LAB_WAIT", "0.05:0.25").split(":"))
STAGES = [
    tuple(float(x) for x in stage.split(":"))
    for stage in os.environ.get("LAB_STAGES", "6:4,6:16,6:48").split(",")
]


class Shopper(FastHttpUser):
    wait_time = between(LOW, HIGH)

    @task(20)
    def product_list(self):
        self.client.get(f"/products/?page={random.randint(1, 10)}", name="/products/")

    @task(65)
    def product_detail(self):
        hot = random.random() < 0.8
        product = random.randint(1, 500) if hot else random.randint(1, 5000)
        self.client.get(f"/products/{product}/", name="/products/<id>/")

    @task(10)
    def order(self):
        body = {"product_id": random.randint(1, 5000), "quantity": 1, "customer": "locust"}
        self.client.post("/orders/", json=body, name="/orders/")

    @task(5)
    def health(self):
        self.client.get("/health", name="/health")


class Stages(LoadTestShape):
    def tick(self):
        run_time = self.get_run_time()
        end = 0.0
        for seconds, users in STAGES:
            end += seconds
            if run_time < end:
                return (int(users), int(users))
        return None
