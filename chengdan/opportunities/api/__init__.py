"""The opportunities domain's HTTP surface."""

from ninja import Router

router = Router()
