"""Printing approved agreements (P1, P2, S8): the print itself and print management's list."""
