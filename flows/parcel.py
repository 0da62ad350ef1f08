"""A task argument that Prefect hands over untouched.

Prefect walks every task argument, through lists, dicts and dataclasses, looking for
futures to wait on; for 2,000 clusters' results (some 1.4 million objects) that walk
cost about 15 seconds a task, more than the work. A Parcel is none of those, so the walk
stops at it. (Prefect's own `quote` is a tuple, which Dask unpacks on its way to a
worker.)
"""

from __future__ import annotations

from typing import Generic, TypeVar

T = TypeVar("T")


class Parcel(Generic[T]):
    __slots__ = ("value",)

    def __init__(self, value: T) -> None:
        self.value = value

    def __getstate__(self) -> T:
        return self.value

    def __setstate__(self, value: T) -> None:
        self.value = value

    def __repr__(self) -> str:
        return f"Parcel({type(self.value).__name__})"
