"""Access control: API keys with roles (keys.py) and the append-only audit log (audit.py)."""
