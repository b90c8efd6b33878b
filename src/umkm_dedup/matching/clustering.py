"""Clusters: connected components over match links, strongest links first, guarded against
chaining: a link that would put two different trustworthy NIKs (not one typo apart) into one
person is refused and sent to review instead. Cluster ids come from content, not row order."""

from __future__ import annotations

import hashlib

import numpy as np
import pandas as pd


def one_edit(a: str, b: str) -> bool:
    """Same length, one substitution or one adjacent transposition apart."""
    if len(a) != len(b):
        return False
    diff = [i for i in range(len(a)) if a[i] != b[i]]
    if len(diff) == 1:
        return True
    return len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]


def _conflict(x: frozenset, y: frozenset) -> bool:
    return any(a != b and not one_edit(a, b) for a in x for b in y)


def cluster(n: int, left: np.ndarray, right: np.ndarray, weight: np.ndarray, tie: np.ndarray,
            trusted_nik: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Union–find over links in order of decreasing weight (ties by content key).
    Returns (component label per record, boolean mask of links refused as chaining)."""
    parent = np.arange(n)
    niks: dict[int, frozenset] = {i: frozenset([trusted_nik[i]]) for i in range(n) if trusted_nik[i]}

    def find(x: int) -> int:
        root = x
        while parent[root] != root:
            root = parent[root]
        while parent[x] != root:
            parent[x], x = root, parent[x]
        return root

    order = np.lexsort((tie, -weight))
    refused = np.zeros(len(left), bool)
    for k in order:
        a, b = find(int(left[k])), find(int(right[k]))
        if a == b:
            continue
        na, nb = niks.get(a), niks.get(b)
        if na and nb and _conflict(na, nb):
            refused[k] = True
            continue
        if a > b:
            a, b = b, a
        parent[b] = a
        if nb:
            niks[a] = (na or frozenset()) | nb
    roots = np.array([find(i) for i in range(n)])
    return roots, refused


def stable_ids(roots: np.ndarray, fingerprints: np.ndarray, prefix: str = "U") -> np.ndarray:
    """Each cluster's id is a hash of its smallest member fingerprint: the same records give the
    same id whatever their order. Rare collisions get a deterministic suffix."""
    frame = pd.DataFrame({"root": roots, "fp": fingerprints})
    key = frame.groupby("root")["fp"].min()
    ids = {root: prefix + hashlib.sha1(fp.encode()).hexdigest()[:10].upper() for root, fp in key.items()}
    seen: dict[str, int] = {}
    for root, fp in sorted(key.items(), key=lambda kv: kv[1]):
        cid = ids[root]
        if cid in seen:
            seen[cid] += 1
            ids[root] = f"{cid}-{seen[cid]}"
        else:
            seen[cid] = 0
    return frame["root"].map(ids).to_numpy(dtype=object)
