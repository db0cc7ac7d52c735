"""The customers domain's HTTP surface, one router per concern, mounted under /api/v1."""

from ninja import Router

from chengdan.access import engine
from chengdan.access.collaborators_api import collaborators_router
from chengdan.core.saved_view_api import saved_views_router
from chengdan.customers.api import contacts, customers, regions, settings, tools, transfer
from chengdan.customers.permissions import CUSTOMERS

router = Router()
# Before /customers/{customer_id}: "/customers/views" must not be read as an id.
router.add_router(
    "/customers", saved_views_router(CUSTOMERS.resource, tag="customers", require_action=engine.require_action)
)
router.add_router("/customers", tools.router)
router.add_router("/customers", transfer.router)
router.add_router("/customers", customers.router)
router.add_router(
    "/customers", collaborators_router(CUSTOMERS.resource, id_name="customer_id", tag="customers", noun="customer")
)
router.add_router("/contacts", contacts.router)
router.add_router("/customer-settings", settings.router)
router.add_router("/regions", regions.router)
