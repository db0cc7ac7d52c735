from django.apps import AppConfig


class ActivitiesConfig(AppConfig):
    name = "chengdan.activities"
    label = "activities"
    verbose_name = "跟进与任务"

    def ready(self) -> None:
        from chengdan.activities import (
            notice_kinds,
            permissions,  # noqa: F401  (registers the policies)
            rendering,  # noqa: F401  (registers the 409 renderers)
            task_rendering,  # noqa: F401  (registers the task 409 renderer)
            timeline,
        )
        from chengdan.activities.models import FollowUp, Task, Visit
        from chengdan.customers import timeline as customer_timeline
        from chengdan.customers.merging import register_relation
        from chengdan.leads import queries as lead_queries
        from chengdan.leads.scoring import register_follow_up_counter
        from chengdan.opportunities import queries as opportunity_queries

        # A record's timeline shows its follow-ups and visits; merges move them to the surviving customer.
        customer_timeline.register_timeline_source(timeline.customer_subjects)
        lead_queries.register_timeline_source(timeline.lead_subjects)
        opportunity_queries.register_timeline_source(timeline.opportunity_subjects)
        register_relation(FollowUp, "customer_id")
        register_relation(Visit, "customer_id")
        register_relation(Task, "customer_id")
        # Lead scoring rules may give points per follow-up.
        register_follow_up_counter(count_lead_follow_ups)
        from chengdan.notifications.kinds import register_kind

        # Users choose the channels of these notices in their preferences.
        for code, label_zh, label_en, channels in notice_kinds.KINDS:
            register_kind(code, label_zh, label_en, channels)


def count_lead_follow_ups(lead_ids: list[int]) -> dict[int, int]:
    """Follow-ups logged per lead (the "follow_ups" field of lead scoring rules)."""
    from django.db.models import Count

    from chengdan.activities.models import FollowUp

    rows = FollowUp.objects.filter(lead_id__in=lead_ids).values("lead_id").annotate(total=Count("pk"))
    return {row["lead_id"]: row["total"] for row in rows}
