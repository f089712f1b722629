"""Plain data across the sandbox wall: JSON with arrays as ``.npy`` bytes, never pickle.

The judge (outside the sandbox) and the student's kernel (inside) exchange messages of
this form over a Unix socket. This module is self-contained -- it imports only the
standard library and NumPy -- because its source is also sent into the kernel, which
cannot import the course's tools.

What crosses, and how it is encoded:

======================  =============================================================
value                   encoding
======================  =============================================================
None, bool, int, float  itself (NaN and inf as JSON's NaN/Infinity)
str                     itself
list                    a JSON list
tuple                   ``{"__tuple__": [...]}``
dict (str keys)         ``{"__dict__": [[key, value], ...]}``
complex                 ``{"__complex__": [re, im]}``
numpy array / scalar    ``{"__nd__": base64 of the .npy bytes}`` (bool, int, uint, float,
                        complex dtypes only; a scalar as ``{"__np__": ...}``)
numpy Generator         ``{"__rng__": <bit generator state>}`` (PCG64)
a callable (judge)      ``{"__cb__": id}``: the kernel gets a function that calls back
anything else           ``{"__opaque__": type name}`` (decoded as :class:`Opaque`)
======================  =============================================================

:func:`decode` treats its input as hostile: sizes, nesting and dtypes are bounded, and an
unknown form raises :class:`WireError`.
"""

from __future__ import annotations

import base64
import io
import json
import socket
import struct
import time

import numpy as np

MAX_MESSAGE = 64 * 2**20      # bytes in one message
MAX_DEPTH = 32
_KINDS = frozenset("biufc")   # bool, int, uint, float, complex


class WireError(ValueError):
    """A message that is not plain data of the allowed forms."""


class Opaque:
    """Stands for a value that cannot cross the wall (a function, a class instance, ...)."""

    def __init__(self, type_name: str):
        self.type_name = str(type_name)[:80]

    def __repr__(self) -> str:
        return f"<a {self.type_name} object>"


def _npy(arr: np.ndarray) -> str:
    buf = io.BytesIO()
    np.save(buf, arr, allow_pickle=False)
    return base64.b64encode(buf.getvalue()).decode("ascii")


def _from_npy(text) -> np.ndarray:
    if not isinstance(text, str):
        raise WireError("array payload must be a string")
    arr = np.load(io.BytesIO(base64.b64decode(text.encode("ascii"), validate=True)), allow_pickle=False)
    if arr.dtype.kind not in _KINDS:
        raise WireError(f"arrays of dtype {arr.dtype} cannot cross")
    return arr


def encode(value, callback=None, depth: int = 0):
    """``value`` as JSON-ready data. ``callback(fn) -> id`` registers a callable (judge side);
    without it, callables become :class:`Opaque`."""
    if depth > MAX_DEPTH:
        return {"__opaque__": "deeply nested object"}
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, (int, float)) and type(value) in (int, float):
        return value
    if isinstance(value, np.ndarray):
        if value.dtype.kind not in _KINDS:
            return {"__opaque__": f"array of dtype {value.dtype}"}
        return {"__nd__": _npy(value)}
    if isinstance(value, np.generic):
        if np.asarray(value).dtype.kind not in _KINDS:
            return {"__opaque__": type(value).__name__}
        return {"__np__": _npy(np.asarray(value))}
    if isinstance(value, complex) and type(value) is complex:
        return {"__complex__": [value.real, value.imag]}
    if isinstance(value, list) and type(value) is list:
        return [encode(v, callback, depth + 1) for v in value]
    if isinstance(value, tuple) and type(value) is tuple:
        return {"__tuple__": [encode(v, callback, depth + 1) for v in value]}
    if isinstance(value, dict) and type(value) is dict and all(type(k) is str for k in value):
        return {"__dict__": [[k, encode(v, callback, depth + 1)] for k, v in value.items()]}
    if isinstance(value, np.random.Generator) and isinstance(value.bit_generator, np.random.PCG64):
        return {"__rng__": value.bit_generator.state}
    if callback is not None and callable(value):
        return {"__cb__": callback(value)}
    return {"__opaque__": type(value).__name__}


def decode(data, callback=None, depth: int = 0):
    """The value ``data`` encodes. ``callback(id) -> function`` makes the stand-in for a
    judge's callable (kernel side); without it a callback marker is an error."""
    if depth > MAX_DEPTH:
        raise WireError("nested too deeply")
    if data is None or isinstance(data, (bool, str, int, float)):
        return data
    if isinstance(data, list):
        return [decode(v, callback, depth + 1) for v in data]
    if not isinstance(data, dict) or len(data) != 1:
        raise WireError("unexpected object")
    (key, payload), = data.items()
    if key == "__nd__":
        return _from_npy(payload)
    if key == "__np__":
        return _from_npy(payload)[()]
    if key == "__tuple__" and isinstance(payload, list):
        return tuple(decode(v, callback, depth + 1) for v in payload)
    if key == "__dict__" and isinstance(payload, list):
        out = {}
        for item in payload:
            if not (isinstance(item, list) and len(item) == 2 and isinstance(item[0], str)):
                raise WireError("bad dict item")
            out[item[0]] = decode(item[1], callback, depth + 1)
        return out
    if key == "__complex__" and isinstance(payload, list) and len(payload) == 2:
        return complex(float(payload[0]), float(payload[1]))
    if key == "__rng__" and isinstance(payload, dict):
        gen = np.random.Generator(np.random.PCG64())
        try:
            gen.bit_generator.state = payload
        except (TypeError, ValueError, KeyError) as exc:
            raise WireError(f"bad generator state: {exc}") from None
        return gen
    if key == "__cb__" and callback is not None and isinstance(payload, int):
        return callback(payload)
    if key == "__opaque__" and isinstance(payload, str):
        return Opaque(payload)
    raise WireError(f"unknown form {key!r}")


def send(sock, message: dict) -> None:
    """Write one message: a 4-byte big-endian length, then JSON."""
    body = json.dumps(message).encode("utf-8")
    if len(body) > MAX_MESSAGE:
        body = json.dumps({"op": "too-big", "size": len(body)}).encode("utf-8")
    sock.sendall(struct.pack(">I", len(body)) + body)


def _exactly(sock, n: int, deadline: float | None) -> bytes:
    chunks, got = [], 0
    while got < n:
        if deadline is not None:
            left = deadline - time.monotonic()
            if left <= 0:
                raise socket.timeout("the message did not arrive in time")
            sock.settimeout(left)
        chunk = sock.recv(min(n - got, 1 << 20))
        if not chunk:
            raise ConnectionError("the other side closed the connection")
        chunks.append(chunk)
        got += len(chunk)
    return b"".join(chunks)


def recv(sock, deadline: float | None = None) -> dict:
    """Read one message written by :func:`send`; raises :class:`WireError` on a bad one and
    ``socket.timeout`` when the whole message has not arrived by ``deadline`` (a
    ``time.monotonic()`` value; a sender dripping one byte at a time gains nothing)."""
    (size,) = struct.unpack(">I", _exactly(sock, 4, deadline))
    if size > MAX_MESSAGE:
        raise WireError(f"message of {size} bytes is too big")
    try:
        message = json.loads(_exactly(sock, size, deadline).decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise WireError(f"not JSON: {exc}") from None
    if not isinstance(message, dict) or not isinstance(message.get("op"), str):
        raise WireError("a message is an object with an 'op'")
    return message
