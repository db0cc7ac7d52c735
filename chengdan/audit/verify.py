"""Walking the chain to find the first entry that was changed, removed or inserted behind the app."""

from dataclasses import dataclass

from chengdan.audit.chain import GENESIS_HASH, HASHED_FIELDS, entry_hash
from chengdan.audit.models import AuditEntry


@dataclass(frozen=True)
class ChainReport:
    """The result of a walk: entries checked and the first broken one, if any."""

    checked: int
    broken_seq: int | None = None
    broken_id: int | None = None
    reason: str = ""

    @property
    def is_intact(self) -> bool:
        """True when every entry matched its hash and link."""
        return self.broken_seq is None


def verify_chain(batch_size: int = 2000) -> ChainReport:
    """Recompute every hash in sequence order; stop at the first mismatch."""
    prev_hash = GENESIS_HASH
    expected_seq = 1
    checked = 0
    last_seq = 0
    while True:
        rows = list(
            AuditEntry.objects.filter(seq__gt=last_seq)
            .order_by("seq")
            .values("id", "prev_hash", "entry_hash", *HASHED_FIELDS)[:batch_size]
        )
        if not rows:
            return ChainReport(checked=checked)
        for row in rows:
            if row["seq"] != expected_seq:
                return ChainReport(checked, row["seq"], row["id"], f"sequence gap: expected {expected_seq}")
            if row["prev_hash"] != prev_hash:
                return ChainReport(checked, row["seq"], row["id"], "link to the previous entry does not match")
            if entry_hash(row, prev_hash) != row["entry_hash"]:
                return ChainReport(checked, row["seq"], row["id"], "content does not match its hash")
            prev_hash = row["entry_hash"]
            expected_seq += 1
            checked += 1
            last_seq = row["seq"]
