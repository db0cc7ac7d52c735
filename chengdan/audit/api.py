"""The audit viewer's endpoint."""

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router

from chengdan.audit import queries
from chengdan.audit.schemas import AuditEntryOut, AuditFiltersIn
from chengdan.core.pagination import PageRequest
from chengdan.core.schemas import PageQuery, page_body, page_of, responses

router = Router(tags=["audit"])


@router.get("", response=responses(page_of(AuditEntryOut)))
def list_audit(request: HttpRequest, filters: Query[AuditFiltersIn], page: Query[PageQuery]) -> dict[str, Any]:
    """Audit entries the actor may read, newest first, filtered by user, object, action and time."""
    result = queries.list_entries(request.user, queries.AuditFilters(**filters.dict()), PageRequest(**page.dict()))
    return page_body(result, [queries.render_entry(request.user, e) for e in result.items])
