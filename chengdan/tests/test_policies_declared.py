"""Deny by default: every business model is covered by a declared policy."""

from django.apps import apps

from chengdan.access.policies import all_policies, policy_for_model

# Infrastructure rows that are never listed to users through a resource.
NOT_BUSINESS = {
    "core.IdempotencyRecord",
    "accounts.RoleGrant",
    "accounts.FieldRule",
    "accounts.ApiToken",  # read only by its owner through /auth/tokens
    "accounts.LoginAttempt",
    "access.RecordShare",  # read through the shared record's own policy
    "audit.AuditHead",
    "attachments.Attachment",  # read through its record's own policy (engine.get_visible on the record)
    "core.SavedView",  # read only by its owner, or by everyone once shared (core.saved_views)
    "customers.Option",  # configuration lists; writes need customer_settings rights
    "customers.Tag",  # configuration; renames/deletes need customer_settings rights
    "customers.Merge",  # read through the surviving customer's policy
    "customers.ImportJob",  # read only by the user who uploaded the file
    "customers.ExportJob",  # read only by the user who asked for the export
    "customers.MappingTemplate",  # own or shared templates, behind the customers import right
    "notifications.Notification",  # a personal inbox read only by its recipient (like ApiToken)
    "opportunities.Stage",  # configuration rows of a pipeline; writes need opportunity_settings rights
    "opportunities.LostReason",  # configuration list; writes need opportunity_settings rights
    "opportunities.ExchangeRate",  # configuration; writes need opportunity_settings rights
    "opportunities.OpportunityLine",  # child rows read through their deal's policy
    "opportunities.OpportunityContact",  # child rows read through their deal's policy
    "opportunities.StageChange",  # history rows read through their deal's policy
    "opportunities.OpportunitySnapshot",  # read only by the forecast, joined to visible_opportunities
    "leads.Mailbox",  # configuration behind lead_settings rights (the password is never read back)
    "leads.AssignmentRule",  # configuration behind lead_settings rights
    "leads.RepAvailability",  # configuration behind lead_settings rights
    "leads.LeadSlaPolicy",  # configuration behind lead_settings rights
    "leads.ScoringRule",  # configuration behind lead_settings rights
    "leads.TakeBackRule",  # configuration of a pool, behind pools rights
    "leads.AssignmentLog",  # read through the lead's policy, or aggregated over visible leads (fairness)
    "leads.PoolEvent",  # read through the record's own policy (its pool history)
    "activities.Reminder",  # scheduled notifications, read only by their recipient through the inbox
    "notifications.NotificationPreference",  # personal delivery settings, read and written only by their user
    "notifications.Delivery",  # outbox rows, behind notification_settings rights
    "reports.ReportComment",  # read through its report's policy
    "activities.CalendarFeed",  # a personal feed token, read only by its user
}


def test_every_chengdan_model_has_a_policy() -> None:
    missing = []
    for model in apps.get_models():
        if not model.__module__.startswith("chengdan."):
            continue
        label = f"{model._meta.app_label}.{model.__name__}"
        if label in NOT_BUSINESS:
            continue
        if policy_for_model(model) is None:
            missing.append(label)
    assert missing == [], f"declare a Policy for: {missing}"


def test_policies_name_real_fields() -> None:
    for policy in all_policies():
        names = {f.attname for f in policy.model._meta.concrete_fields} | {"pk"}
        for attribute in (policy.owner_field, policy.department_field):
            assert attribute is None or attribute in names, (policy.resource, attribute)
