"""One declarative object describes the match: blocking keys, comparisons, thresholds. It can be
saved, loaded from a config file and printed, like Splink's settings dictionary."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields

from ..core.errors import ConfigError

BLOCKING_KEYS = ("nik", "nik15", "nik_one_edit", "nik_region_birth_name", "nik_tail_name", "phone", "name_district", "name_house_number",
                 "name_village", "name_birth", "core_birth", "birth_village", "address_village", "birth_district", "other_id", "other_id_one_edit", "name_rare")
#: off by default: name_rare (the distinctive name alone) added half the candidate pairs and no
#: match, since a name alone never decides (corroboration rule); name_district added 2.75M of
#: 10.9M pairs at 1,000,000 records where name + house number finds the same matches
DEFAULT_BLOCKING = tuple(k for k in BLOCKING_KEYS if k not in ("name_rare", "name_district"))
COMPARISONS = ("nik", "other_id", "name", "birth_date", "sex", "contact")   # = comparisons.REGISTRY order


@dataclass
class Settings:
    #: blocking keys taken together; a pair is compared when it shares any of them
    blocking: list[str] = field(default_factory=lambda: list(DEFAULT_BLOCKING))
    #: comparisons that add or subtract evidence (bits = log2 Bayes factor)
    comparisons: list[str] = field(default_factory=lambda: list(COMPARISONS))
    #: each comparison's parameters (its thresholds, matching/comparisons/<name>.py), by comparison:
    #: only what differs from the defaults need be given; to_dict() writes them all
    comparison_params: dict[str, dict] = field(default_factory=dict)
    #: domain rules switched off, by code (matching/rules.py RULE_CATALOGUE; the clustering guard
    #: and officers' decisions cannot be)
    rules_off: list[str] = field(default_factory=list)
    #: a block larger than this is skipped for that key (a "Made" block in Bali): other keys still apply
    max_block_size: int = 60
    #: total match weight (bits) at or above which a pair is the same person
    match_weight: float = 6.0
    #: at or above this and below match_weight, a person should look
    review_weight: float = 0.0
    #: a model match whose weight, set against the chance that two records of the run picked at
    #: random are one person, stays below this many bits goes to Perlu Ditinjau (rule
    #: namesakes_likely_at_this_size): what is one person in 75,000 records may be two namesakes
    #: in a million
    min_match_odds_bits: float = -4.0
    #: term-frequency adjustment: a shared rare name counts for more than a shared common one
    term_frequency: bool = True
    #: random pairs sampled to estimate u probabilities (at least; a large run samples 3 per
    #: record, up to 3 million: model.u_sample_size)
    u_sample_pairs: int = 300_000
    #: pairs scored per chunk (memory bound); chunks are independent
    chunk_pairs: int = 1_000_000
    #: random seed for the u sample; results do not depend on record order
    seed: int = 42

    def __post_init__(self) -> None:
        unknown = set(self.blocking) - set(BLOCKING_KEYS)
        if unknown:
            raise ConfigError(f"unknown blocking key(s): {', '.join(sorted(unknown))}",
                              hint=f"choose from {', '.join(BLOCKING_KEYS)}", key="unknown_blocking",
                              params={"names": ", ".join(sorted(unknown)), "known": ", ".join(BLOCKING_KEYS)})
        unknown = set(self.comparisons) - set(COMPARISONS)
        if unknown:
            raise ConfigError(f"unknown comparison(s): {', '.join(sorted(unknown))}",
                              hint=f"choose from {', '.join(COMPARISONS)}", key="unknown_comparison",
                              params={"names": ", ".join(sorted(unknown)), "known": ", ".join(COMPARISONS)})
        from .comparisons import REGISTRY

        for name, params in self.comparison_params.items():
            if name not in REGISTRY or not isinstance(params, dict):
                raise ConfigError(f"unknown comparison in comparison_params: {name}",
                                  hint=f"choose from {', '.join(COMPARISONS)}", key="unknown_comparison",
                                  params={"names": name, "known": ", ".join(COMPARISONS)})
            known = REGISTRY[name].param_names()
            bad = sorted(set(params) - set(known))
            if bad:
                raise ConfigError(f"unknown parameter(s) of comparison {name}: {', '.join(bad)}",
                                  hint=f"known: {', '.join(known) or '-'}", key="unknown_setting",
                                  params={"names": ", ".join(bad), "known": ", ".join(known) or "-"})
        # every comparison's full parameters, defaults filled in: what to_dict writes and a frozen
        # model restores
        self.comparison_params = {name: REGISTRY[name](**self.comparison_params.get(name, {})).params()
                                  for name in self.comparisons}
        from .rules import SWITCHABLE

        bad = sorted(set(self.rules_off) - set(SWITCHABLE))
        if bad:
            raise ConfigError(f"unknown or unswitchable rule(s) in rules_off: {', '.join(bad)}",
                              hint=f"choose from {', '.join(SWITCHABLE)}", key="unknown_rule",
                              params={"names": ", ".join(bad), "known": ", ".join(SWITCHABLE)})
        if self.review_weight > self.match_weight:
            raise ConfigError("review_weight must not exceed match_weight", key="review_above_match")

    def comparison_objects(self) -> list:
        """The Comparison objects, in order, with their parameters."""
        from .comparisons import build

        return [build(name, self.comparison_params.get(name)) for name in self.comparisons]

    def comparison(self, name: str):
        from .comparisons import build

        return build(name, self.comparison_params.get(name))

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "Settings":
        names = {f.name for f in fields(cls)}
        unknown = set(data) - names
        if unknown:
            raise ConfigError(f"unknown matching setting(s): {', '.join(sorted(unknown))}",
                              hint=f"known: {', '.join(sorted(names))}", key="unknown_setting",
                              params={"names": ", ".join(sorted(unknown)), "known": ", ".join(sorted(names))})
        return cls(**data)
