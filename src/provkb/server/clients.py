"""Who a request comes from, and the clients refused for a while because their queries fail.

A *client* is the address the connection comes from (an IPv6 client is its /64: one host
usually holds a whole /64). ``X-Forwarded-For`` is read only when the connection comes from a
proxy the settings name (``trusted_proxies``): anyone can send the header, so trusting it by
default would let every request pick its own identity, and escape its penalty.

A query that runs to its deadline, exhausts its memory cap or kills its worker costs the server
far more than an answer (a worker killed and started again: a second of CPU). A client whose
queries do that ``strikes`` times within ``window`` seconds is refused with 429 and
``Retry-After`` for ``penalty`` seconds, doubled at each repeat (up to ``max_penalty``), so that
one client looping such queries costs the others little.
"""

from __future__ import annotations

import contextvars
import functools
import ipaddress
import math
import time
from collections import OrderedDict, deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from starlette.types import ASGIApp, Receive, Scope, Send

from provkb.server.errors import ApiError

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
# The client of the request being handled, set by ClientMiddleware; the query pool reads it, so
# the routes (and the pages' several lookups) need not pass it along. "" outside a request.
current_client: contextvars.ContextVar[str] = contextvars.ContextVar("provkb_client", default="")
# How many clients' strike records are kept; the oldest are forgotten first.
_REMEMBERED = 10_000


def trusted_networks(proxies: Iterable[str]) -> tuple[Network, ...]:
    """The networks of ``trusted_proxies`` (addresses or CIDR blocks).

    Raises:
        ValueError: for an entry that is not an address or a network.
    """
    return tuple(ipaddress.ip_network(p.strip(), strict=False) for p in proxies)


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def _key(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str:
    if address.version == 6:
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


@functools.lru_cache(maxsize=4096)
def _peer_key(peer: str) -> str:
    # Parsing the address was 2 % of a small query's time in the server; the same peers come
    # again and again.
    address = _address(peer)
    return peer if address is None else _key(address)


def client_key(peer: str | None, forwarded_for: list[str], trusted: tuple[Network, ...]) -> str:
    """The client a request counts against.

    Args:
        peer: the address of the connection (``None`` over a Unix socket).
        forwarded_for: the values of every ``X-Forwarded-For`` header, in order.
        trusted: the proxies whose ``X-Forwarded-For`` is believed.

    The forwarded addresses are read from the right (the one the nearest proxy added) and the
    first that is not itself a trusted proxy is the client: entries further left were written by
    whoever sent the request and prove nothing.
    """
    if not peer:
        return "local"
    if not trusted:
        return _peer_key(peer)
    address = _address(peer)
    if address is None:
        return peer
    if not any(address in network for network in trusted):
        return _key(address)
    hops = [hop for value in forwarded_for for hop in value.split(",")]
    for hop in reversed(hops):
        forwarded = _address(hop)
        if forwarded is None:
            break
        if not any(forwarded in network for network in trusted):
            return _key(forwarded)
        address = forwarded
    return _key(address)


class ClientMiddleware:
    """Pure ASGI middleware: sets :data:`current_client` for the request it passes on."""

    def __init__(self, app: ASGIApp, trusted: tuple[Network, ...]) -> None:
        self.app = app
        self.trusted = trusted

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Name the client, then handle the request."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        peer = scope.get("client")
        forwarded = (
            [v.decode("latin-1") for k, v in scope["headers"] if k == b"x-forwarded-for"]
            if self.trusted
            else []
        )
        token = current_client.set(client_key(peer[0] if peer else None, forwarded, self.trusted))
        try:
            await self.app(scope, receive, send)
        finally:
            current_client.reset(token)


@dataclass
class _Record:
    strikes: deque[tuple[float, float]]  # (when, weight)
    refused_until: float = 0.0
    # Refusals so far; each doubles the next one. Forgotten once a client has been clean for
    # ``window`` after its last refusal ended.
    refusals: int = 0


class Penalties:
    """Strikes against clients, and the refusals they earn.

    Args:
        strikes: failed queries within ``window`` that earn a refusal; 0 never refuses.
        window: seconds over which strikes count.
        penalty: seconds of the first refusal; each further one doubles, up to ``max_penalty``.
        clock: the time source (monotonic seconds).
    """

    def __init__(
        self,
        strikes: int,
        window: float,
        penalty: float,
        max_penalty: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._strikes = strikes
        self._window = window
        self._penalty = penalty
        self._max_penalty = max_penalty
        self._clock = clock
        self._records: OrderedDict[str, _Record] = OrderedDict()

    def check(self, client: str) -> None:
        """Refuse a client that is serving a penalty.

        Raises:
            ApiError: 429 with ``Retry-After`` (whole seconds, rounded up).
        """
        record = self._records.get(client)
        if record is None:
            return
        remaining = record.refused_until - self._clock()
        if remaining > 0:
            seconds = math.ceil(remaining)
            raise ApiError(
                429,
                "too-many-failed-queries",
                f"your recent queries ran past their deadline, ran out of memory, crashed "
                f"their worker or were abandoned while heavy, {self._strikes} times' worth "
                f"within {self._window:g} s; retry in {seconds} s",
                headers={"Retry-After": str(seconds)},
                retry_after=seconds,
            )

    def strike(self, client: str, weight: float = 1.0) -> None:
        """Count a failed query against ``client``, ``weight`` of a strike (a query the client
        abandoned counts for the share of a deadline it had run); refuse the client for a
        while once its strikes within the window add up to the limit."""
        if self._strikes <= 0 or weight <= 0:
            return
        now = self._clock()
        record = self._records.get(client)
        if record is None:
            record = self._records[client] = _Record(deque())
            while len(self._records) > _REMEMBERED:
                self._records.popitem(last=False)
        self._records.move_to_end(client)
        if record.refusals and now > record.refused_until + self._window:
            record.refusals = 0
        record.strikes.append((now, min(weight, 1.0)))
        while record.strikes and record.strikes[0][0] < now - self._window:
            record.strikes.popleft()
        if sum(w for _when, w in record.strikes) >= self._strikes:
            length = min(self._penalty * 2**record.refusals, self._max_penalty)
            record.refused_until = now + length
            record.refusals += 1
            record.strikes.clear()
