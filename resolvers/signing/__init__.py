"""Interview and signing invitations, the QR card and acceptance (S0-S9)."""
