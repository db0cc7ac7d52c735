"""Files attached to any record; who may see or add them follows the record's own policy."""
