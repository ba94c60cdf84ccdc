"""Offline signing (F1) and paper agreements (F2): agreements the graduate enters without an invitation."""
