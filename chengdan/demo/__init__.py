"""Generated demo data: a Chinese organisation with users in every role and their customers."""
