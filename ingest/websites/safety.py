"""Where the fetcher may connect: public addresses only, checked after DNS resolution.

The fetcher resolves a host once, checks every address, and then connects to the
checked address itself (the Host header and TLS name stay the site's), so a
second, different DNS answer cannot slip a private address in. Every redirect
goes through the same check.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Awaitable, Callable, Sequence

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Resolver = Callable[[str], Awaitable[list[str]]]


class RefusedAddress(Exception):
    """The host resolves to an address the fetcher must not connect to."""


class ResolutionFailed(Exception):
    """The host name could not be resolved (DNS failure)."""


async def system_resolver(host: str) -> list[str]:
    try:
        infos = await asyncio.get_running_loop().getaddrinfo(host, None, type=socket.SOCK_STREAM)
    except socket.gaierror as error:
        raise ResolutionFailed(f"{host}: {error.strerror}") from error
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def overriding_resolver(overrides: dict[str, str], fallback: Resolver) -> Resolver:
    """Answers from a fixed table first (host_overrides), then from `fallback`."""
    table = {host.lower(): address for host, address in overrides.items()}

    async def resolve(host: str) -> list[str]:
        if host.lower() in table:
            return [table[host.lower()]]
        return await fallback(host)

    return resolve


def is_forbidden(address: IPAddress) -> bool:
    """Loopback, private, link-local, reserved, multicast, unspecified: not the public web."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return (
        address.is_loopback
        or address.is_private
        or address.is_link_local
        or address.is_reserved
        or address.is_multicast
        or address.is_unspecified
        or not address.is_global
    )


def checked_address(host: str, addresses: Sequence[str], allowed: Sequence[Network]) -> str:
    """The first address of a host; RefusedAddress when any address is off limits
    (an attacker controlling DNS could otherwise mix a private one in)."""
    if not addresses:
        raise ResolutionFailed(f"{host}: no addresses")
    for text in addresses:
        address = ipaddress.ip_address(text)
        if is_forbidden(address) and not any(address in network for network in allowed):
            raise RefusedAddress(
                f"{host} resolves to {address}, a loopback, private, link-local or reserved "
                "address; the website checks do not connect there"
            )
    return addresses[0]


async def resolve_checked(
    host: str, resolver: Resolver, allowed: Sequence[Network]
) -> str:
    try:
        literal = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return checked_address(host, await resolver(host), allowed)
    return checked_address(host, [str(literal)], allowed)
