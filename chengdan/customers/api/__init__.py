"""The customers domain's HTTP surface, one router per concern, mounted under /api/v1."""

from ninja import Router

from chengdan.customers.api import contacts, customers, regions, settings, tools, transfer

router = Router()
router.add_router("/customers", tools.router)
router.add_router("/customers", transfer.router)
router.add_router("/customers", customers.router)
router.add_router("/contacts", contacts.router)
router.add_router("/customer-settings", settings.router)
router.add_router("/regions", regions.router)
