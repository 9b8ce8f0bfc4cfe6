"""The second wall: a query worker cannot open a network connection, whatever a query says.

The parsed-query guard (:mod:`provkb.server.query_guard`) refuses ``SERVICE`` before Oxigraph
sees it; this module makes a miss harmless. A worker calls :func:`seal_network` first thing,
before it opens the store or starts a thread, and keeps only the socket to its server, which it
inherited already connected. Two mechanisms, the first that works:

1. **seccomp** (through libseccomp, the library systemd, apt and container runtimes use): the
   ``socket`` system call, for every address family (so a Unix socket to a local daemon is
   closed too), and ``io_uring_setup`` (io_uring can open and connect sockets without the
   ``socket`` call) kill the worker on the spot with ``SIGSYS``. Killed rather than refused: a
   refusal would let ``SERVICE SILENT`` answer 200 as if nothing had happened, and the server
   would learn the query as a cheap one to run in its own, unsealed, process; a death is seen,
   answered 403 and logged (see :mod:`provkb.server.executor`). Where the kernel or
   libseccomp is too old to kill a whole process, the calls fail with ``EACCES`` instead
   (reported as ``seccomp-errno``). It needs no privilege, works for root and for users, inside
   containers, and on every distribution that ships libseccomp (Debian and Ubuntu's apt
   depends on it; so does systemd elsewhere). The filter is inherited by any child and cannot
   be lifted.
2. **a network namespace of its own** (``unshare(CLONE_NEWNET)``, in a new user namespace when
   not root): the worker sees only a loopback interface that is down, so no address is
   reachable. Used where libseccomp is missing; some systems forbid it too (unprivileged user
   namespaces are off on some distributions and in default container profiles).

If neither works the worker says so; the server logs a warning and serves with the guard alone.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import os

SECCOMP = "seccomp"
SECCOMP_ERRNO = "seccomp-errno"
NETWORK_NAMESPACE = "network-namespace"
# The walls that kill a worker that tries to connect, rather than fail the call: only behind
# these may the server learn from a worker's success that a query is harmless.
KILLING_WALLS = frozenset({SECCOMP})
# System calls that create sockets: socket(2) itself, and io_uring, whose IORING_OP_SOCKET and
# IORING_OP_CONNECT operations do not go through it.
_SOCKET_CALLS = ("socket", "io_uring_setup")
_SCMP_ACT_ALLOW = 0x7FFF0000
_SCMP_ACT_KILL_PROCESS = 0x80000000
_SCMP_ACT_ERRNO = 0x00050000
_CLONE_NEWUSER = 0x10000000
_CLONE_NEWNET = 0x40000000


class SandboxUnavailable(Exception):
    """One mechanism could not be set up here (the message says why)."""


def seal_network(mechanisms: tuple[str, ...] = (SECCOMP, NETWORK_NAMESPACE)) -> str | None:
    """Forbid this process any new network connection; which wall is up, or ``None``.

    Must be called while the process has a single thread (a user namespace requires it, and
    a seccomp filter binds only the threads started after it).

    Args:
        mechanisms: the ones to try, in order (a test names one to check it alone).
    """
    setups = {SECCOMP: _seccomp, NETWORK_NAMESPACE: _network_namespace}
    for name in mechanisms:
        try:
            wall = setups[name]()
        except SandboxUnavailable:
            continue
        return wall
    return None


def _seccomp() -> str:
    path = ctypes.util.find_library("seccomp")
    if path is None:
        raise SandboxUnavailable("libseccomp is not installed")
    try:
        library = ctypes.CDLL(path, use_errno=True)
    except OSError as error:
        raise SandboxUnavailable(f"libseccomp did not load: {error}") from None
    library.seccomp_init.restype = ctypes.c_void_p
    library.seccomp_init.argtypes = [ctypes.c_uint32]
    library.seccomp_syscall_resolve_name.argtypes = [ctypes.c_char_p]
    library.seccomp_rule_add.argtypes = [
        ctypes.c_void_p,
        ctypes.c_uint32,
        ctypes.c_int,
        ctypes.c_uint,
    ]
    library.seccomp_load.argtypes = [ctypes.c_void_p]
    library.seccomp_release.argtypes = [ctypes.c_void_p]
    try:
        _load_filter(library, _SCMP_ACT_KILL_PROCESS)
    except SandboxUnavailable:
        _load_filter(library, _SCMP_ACT_ERRNO | errno.EACCES)
        return SECCOMP_ERRNO
    return SECCOMP


def _load_filter(library: ctypes.CDLL, refuse: int) -> None:
    context = library.seccomp_init(_SCMP_ACT_ALLOW)
    if not context:
        raise SandboxUnavailable("seccomp_init failed")
    try:
        for call in _SOCKET_CALLS:
            number = library.seccomp_syscall_resolve_name(call.encode())
            # An older libseccomp may not know io_uring_setup; socket it always knows.
            if number < 0 and call != "socket":
                continue
            if number < 0 or library.seccomp_rule_add(context, refuse, number, 0) != 0:
                raise SandboxUnavailable(f"seccomp could not filter {call}")
        # libseccomp sets no_new_privs itself before loading (its default), as an unprivileged
        # process must.
        if library.seccomp_load(context) != 0:
            raise SandboxUnavailable("the kernel refused the seccomp filter")
    finally:
        library.seccomp_release(context)


def _network_namespace() -> str:
    libc = ctypes.CDLL(None, use_errno=True)
    flags = _CLONE_NEWNET if os.geteuid() == 0 else _CLONE_NEWUSER | _CLONE_NEWNET
    if libc.unshare(flags) != 0:
        reason = os.strerror(ctypes.get_errno())
        raise SandboxUnavailable(f"no network namespace: unshare failed: {reason}")
    return NETWORK_NAMESPACE
