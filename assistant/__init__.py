"""Trợ lý ảo: a grounded Vietnamese assistant over Thanh Hóa's digital-transformation documents."""

__version__ = "0.1.0"
