"""Users, the department tree, the reporting line, roles with their grants, API tokens and sign-in."""
