"""HTTP endpoint exporting the filtered deal list as streamed CSV."""

from django.http import HttpRequest, StreamingHttpResponse
from ninja import Query, Router

from chengdan.accounts.actor import actor_of
from chengdan.core.errors import is_english
from chengdan.core.schemas import responses
from chengdan.opportunities import exports
from chengdan.opportunities.api.opportunities import to_filters
from chengdan.opportunities.schemas import OpportunityFiltersIn

router = Router(tags=["opportunities"])


@router.get("/opportunities/export.csv", response=responses(None))
def export_csv(request: HttpRequest, filters: Query[OpportunityFiltersIn]) -> StreamingHttpResponse:
    """The filtered deal list as CSV, streamed (scope and field rules applied, formulas neutralised)."""
    lines = exports.stream_csv(actor_of(request), to_filters(filters), english=is_english())
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="opportunities.csv"'
    return response
