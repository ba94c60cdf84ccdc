"""Review (R1-R4): opening a round for a subject; decisions live beside it."""
