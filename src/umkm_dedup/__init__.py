"""umkm-dedup: reconcile lists of impacted UMKM so that no person is counted twice.

The library API is what the CLI calls; a Python user can call it directly:

    from umkm_dedup import read_sources, deduplicate, merge
    table = read_sources(["sample_data/"])
    result = deduplicate(table)
"""

__version__ = "0.1.0"

from .core.errors import ConfigError, SourceError, UmkmError  # noqa: E402
from .sources import read_sources  # noqa: E402
from .sources.limits import Limits  # noqa: E402

__all__ = ["__version__", "read_sources", "Limits", "deduplicate", "merge", "validate",
           "UmkmError", "SourceError", "ConfigError"]


def __getattr__(name):  # lazy: importing the package stays cheap for `--version`
    if name == "deduplicate":
        from .matching import deduplicate
        return deduplicate
    if name == "merge":
        from .pipeline import merge
        return merge
    if name == "validate":
        from .commands.validate import validate
        return validate
    raise AttributeError(name)
