"""Termination (T1-T5): requests, their settlement after review, withdrawal, and the school admin's unlock."""
