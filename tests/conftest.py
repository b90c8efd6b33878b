import shutil
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from helpers import SAMPLE  # noqa: E402


@pytest.fixture
def sample_copy(tmp_path) -> Path:
    """A private copy of the Bangka Belitung sample, so tests can add files beside it."""
    dest = tmp_path / "babel"
    shutil.copytree(SAMPLE / "babel", dest)
    return dest
