"""Echoes the load generator's X-Sent request header on the response (the lab's wrk script,
lab/apps/mix.lua, pairs each response with the time its request left and so measures raw
per-request latency; wrk's own statistics add synthetic samples). Costs one header lookup."""


def echo_sent(get_response):
    def middleware(request):
        response = get_response(request)
        sent = request.META.get("HTTP_X_SENT")
        if sent is not None:
            response["X-Sent"] = sent
        return response

    return middleware
