"""The command line shared by `python -m podero_sandbox` and `manage.py podero_sandbox`."""

import argparse
import logging
import sys
from collections.abc import Iterable
from typing import TextIO

from . import readings, seed
from .server import SandboxServer


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    parser.add_argument(
        "--port", type=int, default=8765, help="port to listen on (default 8765; 0 = any free)"
    )
    parser.add_argument("--latency-ms", type=float, default=0, help="delay added to every API answer")
    parser.add_argument(
        "--boost-start-delay",
        type=float,
        default=2.0,
        help="seconds a boost stays 'requested' before it is 'ongoing' (default 2)",
    )
    parser.add_argument(
        "--reading",
        action="append",
        default=[],
        metavar="QUESTION=ANSWER",
        help="answer a question the docs leave open another plausible way (repeatable): "
        + "; ".join(f"{q.name}={'|'.join(q.answers)}" for q in readings.QUESTIONS.values()),
    )


def chosen_readings(parser: argparse.ArgumentParser, values: list[str]) -> dict[str, str]:
    try:
        return parse_cli(values)
    except ValueError as exc:
        parser.error(str(exc))


def run(
    *,
    host: str,
    port: int,
    latency_ms: float,
    boost_start_delay: float,
    readings: dict[str, str] | None = None,
    out: TextIO = sys.stdout,
) -> None:
    """Serve until Ctrl-C, logging each request to stderr."""
    log_requests_to_stderr()
    server = SandboxServer(
        host=host, port=port, latency_ms=latency_ms, boost_start_delay=boost_start_delay, readings=readings
    )
    out.write(banner(server.url, readings or {}) + "\n")
    out.flush()
    server.serve_forever()


def banner(url: str, chosen: dict[str, str] | None = None) -> str:
    lines = [f"  reading      {name}={answer}" for name, answer in (chosen or {}).items()]
    return "\n".join(
        [
            f"Podero sandbox (Partner API v2.0 stand-in) on {url}  -  Ctrl-C to stop",
            f"  org id       {seed.ORG_ID}",
            f"  client       {seed.CLIENT_ID} / {seed.CLIENT_SECRET}",
            f"  alice        user {seed.ALICE_USER_ID}",
            f"               heat pump {seed.ALICE_HEAT_PUMP_ID}",
            f"               EV {seed.ALICE_EV_ID}",
            f"               inverter {seed.ALICE_INVERTER_ID}",
            f"  bob          user {seed.BOB_USER_ID}",
            f"               heat pump {seed.BOB_HEAT_PUMP_ID}",
            f"               EV {seed.BOB_EV_ID}",
            f"  control API  {url}/_sandbox/ (reset, requests, faults, devices, users, config, readings)",
            *lines,
        ]
    )


def log_requests_to_stderr(package: str = __package__) -> None:
    """Each request the stand-in (`package`: the sandbox, or podero_idp) answers, as one line on stderr."""
    logger = logging.getLogger(package)
    if not logger.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(asctime)s %(message)s"))
        logger.addHandler(handler)
    logger.setLevel(logging.INFO)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m podero_sandbox", description="Run the local Podero sandbox."
    )
    add_arguments(parser)
    options = parser.parse_args(argv)
    run(
        host=options.host,
        port=options.port,
        latency_ms=options.latency_ms,
        boost_start_delay=options.boost_start_delay,
        readings=chosen_readings(parser, options.reading),
    )


def parse_cli(values: Iterable[str]) -> dict[str, str]:
    """`--reading question=answer` values as a mapping; ValueError for one without "="."""
    chosen = {}
    for value in values:
        name, separator, answer = value.partition("=")
        if not separator:
            raise ValueError(f"--reading takes question=answer, not {value!r}")
        chosen[name.strip()] = answer.strip()
    readings.Readings(chosen)  # validates
    return chosen
