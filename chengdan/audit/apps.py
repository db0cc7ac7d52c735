from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "chengdan.audit"
    label = "audit"
    verbose_name = "审计日志"

    def ready(self) -> None:
        from chengdan.audit import actions, permissions  # noqa: F401  (permissions registers the policy)
        from chengdan.core import events

        # In the same transaction as the change: an audited write and its entry commit together.
        events.subscribe(actions.record_event, in_transaction=True, batch=actions.append_many)
