"""Weekly snapshots of open deals, the baseline of the forecast's "what changed since last week"."""

from datetime import date

from django.db import connection, transaction

from chengdan.opportunities.choices import OpportunityStatus
from chengdan.opportunities.models import Opportunity, OpportunitySnapshot

COPIED = (
    "owner_id",
    "department_id",
    "stage_id",
    "status",
    "forecast_category",
    "amount_cny",
    "probability",
    "expected_close_date",
    "won_at",
)


def take_weekly_snapshot(week_start: date) -> int:
    """Record every open deal's forecast values for the week of `week_start` (a Monday); rerunning replaces them.

    One INSERT … SELECT … ON CONFLICT DO UPDATE and one DELETE, so 300,000 deals never pass through Python.
    Returns how many deals the week's snapshot holds.
    """
    if week_start.weekday() != 0:
        raise ValueError("week_start must be a Monday")
    snapshot_table = connection.ops.quote_name(OpportunitySnapshot._meta.db_table)
    deal_table = connection.ops.quote_name(Opportunity._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(name) for name in COPIED)
    updates = ", ".join(
        f"{connection.ops.quote_name(name)} = excluded.{connection.ops.quote_name(name)}" for name in COPIED
    )
    week = connection.ops.adapt_datefield_value(week_start)
    # Table and column names come from the models, never from input; values are parameters.
    stale = f"DELETE FROM {snapshot_table} WHERE week_start = %s AND opportunity_id NOT IN (SELECT id FROM {deal_table} WHERE status = %s)"  # noqa: E501, S608
    upsert = f"INSERT INTO {snapshot_table} (week_start, opportunity_id, {columns}) SELECT %s, id, {columns} FROM {deal_table} WHERE status = %s ON CONFLICT (week_start, opportunity_id) DO UPDATE SET {updates}"  # noqa: E501, S608
    with transaction.atomic(), connection.cursor() as cursor:
        # A deal closed since an earlier run of the same week leaves that week's picture.
        cursor.execute(stale, [week, OpportunityStatus.OPEN.value])
        cursor.execute(upsert, [week, OpportunityStatus.OPEN.value])
    return OpportunitySnapshot.objects.filter(week_start=week_start).count()
