"""The deal export's row of the permission matrix (customer service may view deals but not export them)."""

from chengdan.testing.matrix import Endpoint, statuses

V1 = "/api/v1"

EXPORT_ENDPOINTS = [
    Endpoint("GET", f"{V1}/opportunities/export.csv", statuses(200, customer_service=403)),
]
