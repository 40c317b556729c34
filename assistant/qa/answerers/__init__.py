"""One module per kind of answer; each class has ``applies(q)`` and ``answer(q) -> Answer | None``."""
