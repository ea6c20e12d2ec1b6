"""The portal's settings plus the benchmark's two baselines and its query counter. Used only by the benchmark."""

from podero_portal.settings import *  # noqa: F403
from podero_portal.settings import BASE_DIR, MIDDLEWARE, TEMPLATES

ROOT_URLCONF = "bench.urls"
TEMPLATES[0]["DIRS"] = [*TEMPLATES[0]["DIRS"], BASE_DIR / "bench" / "templates"]
MIDDLEWARE = ["bench.queries.QueryCountMiddleware", *MIDDLEWARE]
