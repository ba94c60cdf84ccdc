"""Destination registration (去向登记, D1-D5)."""
