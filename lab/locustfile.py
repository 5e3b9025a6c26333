"""The lab's locust load test: users with think time, in stages of constant user count.

lab/calibrate-run.mjs sets the request, the think time and the stages through the environment:

LAB_PATH     the request, e.g. /work?cpu=0.008&io=0.016&bursts=2&dist=exp (reported as "/work")
LAB_WAIT     think time between a user's requests, seconds (locust's constant wait_time)
LAB_STAGES   "seconds:users,seconds:users,...", e.g. "45:1,25:2,25:4,25:8,25:16,25:32"

Each stage starts its users at once (spawn rate = users); the run ends after the last stage.
"""

import os

from locust import FastHttpUser, LoadTestShape, constant, task

PATH = os.environ.get("LAB_PATH", "/work?cpu=0.008&io=0.016&bursts=2&dist=exp")
WAIT = float(os.environ.get("LAB_WAIT", "0.05"))
STAGES = [
    tuple(float(x) for x in stage.split(":"))
    for stage in os.environ.get("LAB_STAGES", "45:1,25:2,25:4,25:8,25:16,25:32").split(",")
]


class Client(FastHttpUser):
    wait_time = constant(WAIT)  # a locust user is a client with think time, not a concurrency

    @task
    def work(self):
        self.client.get(PATH, name="/work")


class Stages(LoadTestShape):
    def tick(self):
        run_time = self.get_run_time()
        end = 0.0
        for seconds, users in STAGES:
            end += seconds
            if run_time < end:
                return (int(users), int(users))
        return None
