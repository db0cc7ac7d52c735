"""Daily and weekly work reports (日报 / 周报): self-drafting figures, supervisor review, templates, PDF."""
