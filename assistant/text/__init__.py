"""Vietnamese text handling: normalization for matching, numbers, word segmentation."""

from assistant.text.normalize import fold, match_key, nfc, strip_markup, unify_tone_marks

__all__ = ["fold", "match_key", "nfc", "strip_markup", "unify_tone_marks"]
