from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle


class PublicRateThrottle(AnonRateThrottle):
    """DRF's throttle for anonymous callers (every caller of this API: it signs no one in), at
    REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["anon"] as the settings say now: DRF's own class
    keeps the rates it read at import."""

    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES[self.scope]
