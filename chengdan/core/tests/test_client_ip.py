"""Behind a proxy the client address is the one the trusted proxy appended, not one the client wrote."""

from django.test import RequestFactory, override_settings

from chengdan.core.middleware import client_ip

PROXIED = {"SECURE_PROXY_SSL_HEADER": ("HTTP_X_FORWARDED_PROTO", "https")}


@override_settings(**PROXIED, TRUSTED_PROXY_COUNT=1)
def test_a_forged_first_hop_is_ignored() -> None:
    request = RequestFactory().get("/", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.9", REMOTE_ADDR="10.0.0.2")
    assert client_ip(request) == "203.0.113.9"


@override_settings(**PROXIED, TRUSTED_PROXY_COUNT=2)
def test_two_trusted_proxies_take_the_second_last_hop() -> None:
    request = RequestFactory().get("/", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.9, 10.0.0.7", REMOTE_ADDR="10.0.0.2")
    assert client_ip(request) == "203.0.113.9"


def test_without_a_proxy_the_socket_address_counts() -> None:
    request = RequestFactory().get("/", HTTP_X_FORWARDED_FOR="1.2.3.4", REMOTE_ADDR="198.51.100.5")
    assert client_ip(request) == "198.51.100.5"
