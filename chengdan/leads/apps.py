from django.apps import AppConfig


class LeadsConfig(AppConfig):
    name = "chengdan.leads"
    label = "leads"
    verbose_name = "线索"

    def ready(self) -> None:
        from chengdan.core.seeding import register_seeder
        from chengdan.customers.merging import register_relation
        from chengdan.customers.timeline import register_timeline_source
        from chengdan.leads import conversion, permissions  # noqa: F401  (permissions registers the policies)
        from chengdan.leads.models import Lead
        from chengdan.leads.seed import seed_defaults

        register_seeder(seed_defaults)
        # A converted lead's history shows on its customer's timeline and follows the customer through merges.
        register_timeline_source(conversion.converted_lead_subjects)
        register_relation(Lead, "converted_customer_id")
        # A lead linked to a customer by the duplicate check stays linked to the merge's survivor.
        register_relation(Lead, "matched_customer_id")
        from chengdan.leads import (
            actions,  # noqa: F401  (rendering registers the 409 renderer)
            take_back,
        )
        from chengdan.notifications.kinds import register_kind

        # Users choose the channels of these notices in their preferences.
        register_kind("lead.assigned", "线索分配", "Lead assigned", ("in_app", "email"))
        register_kind("lead.sla_remind", "线索首次联系提醒", "Lead first-contact reminder", ("in_app", "email"))
        register_kind("lead.sla_escalate", "线索超时升级", "Lead first-contact escalation", ("in_app", "email"))
        register_kind(take_back.WARNING_KIND, "公海回收预警", "Take-back warning", ("in_app", "email"))
