"""Distances on the earth's surface for visit check-ins (WGS-84 coordinates, metres)."""

import math
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings

EARTH_RADIUS_M = 6_371_008.8  # mean radius (IUGG), good to ~0.5% anywhere: enough to flag a far check-in
DEFAULT_MAX_DISTANCE_M = 1000
SIX_PLACES = Decimal("0.000001")


def haversine_m(latitude_a: float, longitude_a: float, latitude_b: float, longitude_b: float) -> float:
    """The great-circle distance in metres between two points given in degrees."""
    phi_a, phi_b = math.radians(latitude_a), math.radians(latitude_b)
    delta_phi = phi_b - phi_a
    delta_lambda = math.radians(longitude_b - longitude_a)
    h = math.sin(delta_phi / 2) ** 2 + math.cos(phi_a) * math.cos(phi_b) * math.sin(delta_lambda / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(h)))


def max_distance_m() -> int:
    """How far from the customer a check-in may be before it is flagged (CHENGDAN_VISIT_MAX_DISTANCE_M)."""
    return int(getattr(settings, "CHENGDAN_VISIT_MAX_DISTANCE_M", DEFAULT_MAX_DISTANCE_M))


def coordinate(value: float) -> Decimal:
    """A coordinate as stored (six decimal places, about 0.1 m)."""
    return Decimal(str(value)).quantize(SIX_PLACES, rounding=ROUND_HALF_UP)


def is_valid_position(latitude: float, longitude: float) -> bool:
    """Whether the pair is a real position (finite, latitude within ±90, longitude within ±180)."""
    return math.isfinite(latitude) and math.isfinite(longitude) and -90 <= latitude <= 90 and -180 <= longitude <= 180
