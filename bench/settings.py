"""The portal's settings plus one bare view, the baseline of `make bench`. Used only by the benchmark."""

from podero_portal.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
