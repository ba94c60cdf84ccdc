"""Agreements as PDF and QR codes."""
