"""Province-scale consolidation of the units' reports: the indicator × unit matrix and its exports."""

from assistant.consolidation.matrix import Consolidation, FilterError, consolidate, units

__all__ = ["Consolidation", "FilterError", "consolidate", "units"]
