"""Clusters: connected components over match links, strongest links first, guarded against
chaining: a link that would put two different trustworthy NIKs (not one typo apart) into one
person is refused and sent to review instead. Cluster ids come from content, not row order."""

from __future__ import annotations

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


def connected_components(n: int, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """Component label (smallest member index) per record: min-label propagation with pointer
    jumping, vectorised; converges in a few rounds for the small clusters this data has."""
    labels = np.arange(n)
    if len(left) == 0:
        return labels
    while True:
        low = np.minimum(labels[left], labels[right])
        new = labels.copy()
        np.minimum.at(new, left, low)
        np.minimum.at(new, right, low)
        new = new[new]
        while True:
            jumped = new[new]
            if np.array_equal(jumped, new):
                break
            new = jumped
        if np.array_equal(new, labels):
            return labels
        labels = new


def cluster(n: int, left: np.ndarray, right: np.ndarray, weight: np.ndarray, tie: np.ndarray,
            trusted_nik: np.ndarray, cannot_link: list[tuple[int, int]] | None = None,
            forced: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Connected components over match links, except where a component would hold two different
    trustworthy NIKs, or two records a person said are different (cannot-link): there, links are
    added strongest first (ties by content key; links a person confirmed first and exempt from the
    NIK check) and a link that would break a constraint is refused.
    Returns (component label per record, refused-link mask)."""
    labels = connected_components(n, left, right)
    refused = np.zeros(len(left), bool)
    forced = np.zeros(len(left), bool) if forced is None else forced
    cannot_link = [(a, b) for a, b in (cannot_link or []) if labels[a] == labels[b]]
    suspect: set[int] = {int(labels[a]) for a, _ in cannot_link}
    has_nik = trusted_nik != ""
    if has_nik.any() and len(left):
        niks = pd.DataFrame({"c": labels[has_nik], "nik": trusted_nik[has_nik]}).drop_duplicates()
        counts = niks["c"].value_counts()
        niks = niks[niks["c"].isin(counts.index[counts > 1])]
        suspect |= {int(c) for c, group in niks.groupby("c")["nik"] if _conflict_within(frozenset(group))}
    if not suspect:
        return labels, refused
    suspect_list = sorted(suspect)
    edge_idx = np.flatnonzero(np.isin(labels[left], suspect_list))
    nodes = np.flatnonzero(np.isin(labels, suspect_list))
    parent = {int(i): int(i) for i in nodes}
    sets = {int(i): frozenset([trusted_nik[i]]) for i in nodes if trusted_nik[i]}
    members = {int(i): {int(i)} for i in nodes}
    forbidden: dict[int, set[int]] = {}
    for a, b in cannot_link:
        forbidden.setdefault(int(a), set()).add(int(b))
        forbidden.setdefault(int(b), set()).add(int(a))

    def find(x: int) -> int:
        root = x
        while parent[root] != root:
            root = parent[root]
        while parent[x] != root:
            parent[x], x = root, parent[x]
        return root

    def kept_apart(ra: int, rb: int) -> bool:
        small, big = (members[ra], members[rb]) if len(members[ra]) < len(members[rb]) else (members[rb], members[ra])
        return any(forbidden.get(x, set()) & big for x in small)

    order = edge_idx[np.lexsort((tie[edge_idx], -weight[edge_idx], ~forced[edge_idx]))]
    for k in order:
        a, b = find(int(left[k])), find(int(right[k]))
        if a == b:
            continue
        na, nb = sets.get(a), sets.get(b)
        if kept_apart(a, b) or (not forced[k] and na and nb and _conflict(na, nb)):
            refused[k] = True
            continue
        if a > b:
            a, b, na, nb = b, a, nb, na
        parent[b] = a
        members[a] |= members.pop(b)
        if nb:
            sets[a] = (na or frozenset()) | nb
    for i in nodes:
        labels[i] = find(int(i))
    return labels, refused


def _conflict_within(group: frozenset) -> bool:
    items = sorted(group)
    return any(_conflict(frozenset([a]), frozenset([b])) for i, a in enumerate(items) for b in items[i + 1:])


def stable_ids(roots: np.ndarray, fingerprints: np.ndarray, prefix: str = "U") -> np.ndarray:
    """Each cluster's id is a hash of its smallest member fingerprint: the same records give the
    same id whatever their order. Rare collisions get a deterministic suffix."""
    frame = pd.DataFrame({"root": roots, "fp": fingerprints})
    key = frame.groupby("root")["fp"].min().sort_values(kind="stable")
    base = np.array([f"{prefix}{int(fp):016X}"[:11] for fp in key.to_numpy()], dtype=object)
    # identical 40-bit prefixes (rare) get a deterministic suffix, in content order
    dup_rank = pd.Series(base).groupby(base).cumcount().to_numpy()
    ids = np.where(dup_rank > 0, base + "-" + dup_rank.astype(str), base)
    lookup = pd.Series(ids, index=key.index)
    return lookup.reindex(frame["root"].to_numpy()).to_numpy(dtype=object)
