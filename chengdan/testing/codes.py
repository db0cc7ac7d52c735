"""Valid unified social credit codes for tests (the check characters computed, not remembered)."""

from chengdan.customers import identity


def credit_code(number: int, region: str = "440300") -> str:
    """A code that passes GB 32100-2015 checks: 91 (enterprise) + region + organisation code + checks."""
    organisation = f"{number:08d}"
    body = f"91{region}{organisation}{identity._organisation_check(organisation)}"
    return body + identity._credit_check(body)
