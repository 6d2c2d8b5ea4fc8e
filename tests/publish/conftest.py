"""Make the helpers of this folder importable (synthetic_marts) from every test module here."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
