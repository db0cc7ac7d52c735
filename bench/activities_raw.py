"""The physical limits the issue 7 benchmarks compare with: the same rows written by hand-written SQL.

- `log_follow_up_raw`: one transaction that inserts the follow-up, upserts its reminder, moves the
  customer's last-follow-up clock and appends a hash-chained audit entry — no HTTP, no engine, no checks;
- `scan_raw`: the reminder scan as set-based SQL per batch of 1,000 due rows — notifications and their
  outbox rows made by INSERT … SELECT, reminders marked sent — without the subject checks or preferences.
"""

import hashlib
import json
from datetime import datetime
from typing import Any

from django.db import connection, models, transaction

BATCH = 1000


def _insert(cursor: Any, model: type[models.Model], values: dict[str, Any]) -> int:
    """INSERT one row with `values` and every other concrete field's default; returns the new id."""
    columns, params = [], []
    for field in model._meta.concrete_fields:
        if field.primary_key:
            continue
        value = values[field.attname] if field.attname in values else field.get_default()
        columns.append(connection.ops.quote_name(str(field.column)))
        params.append(field.get_db_prep_save(value, connection))
    marks = ", ".join(["%s"] * len(params))
    table = connection.ops.quote_name(model._meta.db_table)
    cursor.execute(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks}) RETURNING id", params)
    return int(cursor.fetchone()[0])


def log_follow_up_raw(
    *, author_id: int, department_id: int | None, customer_id: int, content: str, now: datetime, next_at: datetime
) -> None:
    """What logging a follow-up must write, and nothing else."""
    from chengdan.activities.models import FollowUp, Reminder
    from chengdan.audit.models import AuditEntry, AuditHead
    from chengdan.customers.models import Customer

    with transaction.atomic(), connection.cursor() as cursor:
        follow_up_id = _insert(
            cursor,
            FollowUp,
            {
                "customer_id": customer_id,
                "kind": "phone",
                "content": content,
                "occurred_at": now,
                "author_id": author_id,
                "department_id": department_id,
                "next_follow_up_at": next_at,
                "created_at": now,
                "updated_at": now,
            },
        )
        _insert(
            cursor,
            Reminder,
            {
                "recipient_id": author_id,
                "kind": "follow_up_due",
                "due_at": next_at,
                "subject_type": "follow_ups",
                "subject_id": str(follow_up_id),
                "title": content[:200],
                "link": f"/customers/{customer_id}",
                "dedupe_key": f"follow_up:{follow_up_id}",
                "created_at": now,
            },
        )
        customers = connection.ops.quote_name(Customer._meta.db_table)
        cursor.execute(f"UPDATE {customers} SET last_follow_up_at = %s WHERE id = %s", [now, customer_id])
        head = connection.ops.quote_name(AuditHead._meta.db_table)
        cursor.execute(f"UPDATE {head} SET last_seq = last_seq + 1 RETURNING last_seq, last_hash")
        seq, previous = cursor.fetchone()
        body = json.dumps({"content": content, "customer_id": customer_id}, ensure_ascii=False)
        entry_hash = hashlib.sha256(f"{previous}{seq}{body}".encode()).hexdigest()
        cursor.execute(f"UPDATE {head} SET last_hash = %s", [entry_hash])
        _insert(
            cursor,
            AuditEntry,
            {
                "seq": seq,
                "at": now,
                "actor_id": author_id,
                "action": "follow_up.created",
                "object_type": "follow_ups",
                "object_id": str(follow_up_id),
                "changes": json.loads(body),
                "prev_hash": previous,
                "entry_hash": entry_hash,
            },
        )


def _uuid_sql() -> str:
    # Django keeps a UUIDField as 32 hex characters on SQLite and as `uuid` on PostgreSQL.
    return "gen_random_uuid()" if connection.vendor == "postgresql" else "lower(hex(randomblob(16)))"


def scan_raw(now: datetime, channels: list[str]) -> int:
    """Send every pending reminder due by `now` with set-based SQL; returns how many were sent."""
    from chengdan.activities.models import Reminder
    from chengdan.notifications.models import Delivery, Notification

    quote = connection.ops.quote_name
    reminders, notifications, deliveries = (quote(model._meta.db_table) for model in (Reminder, Notification, Delivery))
    key = "'reminder:' || CAST(id AS TEXT)" if connection.vendor == "postgresql" else "'reminder:' || id"
    sent = 0
    while True:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                f"SELECT id FROM {reminders} WHERE status = 'pending' AND due_at <= %s"
                f" ORDER BY due_at, id LIMIT {BATCH}",
                [now],
            )
            ids = [row[0] for row in cursor.fetchall()]
            if not ids:
                return sent
            marks = ", ".join(["%s"] * len(ids))
            cursor.execute(
                f"INSERT INTO {notifications} (recipient_id, kind, title, body, link, subject_type, subject_id, data,"
                f" dedupe_key, created_at) SELECT recipient_id, kind, title, body, link, subject_type, subject_id,"
                f" '{{}}', {key}, %s FROM {reminders} WHERE id IN ({marks}) RETURNING id",
                [now, *ids],
            )
            made = [row[0] for row in cursor.fetchall()]
            made_marks = ", ".join(["%s"] * len(made))
            for channel in channels:
                cursor.execute(
                    f"INSERT INTO {deliveries} (notification_id, recipient_id, channel, status, attempts,"
                    f" next_attempt_at, last_error, idempotency_key, created_at) SELECT id, recipient_id, %s,"
                    f" 'pending', 0, %s, '', {_uuid_sql()}, %s FROM {notifications} WHERE id IN ({made_marks})",
                    [channel, now, now, *made],
                )
            cursor.execute(f"UPDATE {reminders} SET status = 'sent', sent_at = %s WHERE id IN ({marks})", [now, *ids])
            sent += len(ids)
            if len(ids) < BATCH:
                return sent
