"""Paper agreement forms (F1-F3, seed 002): collection after online signing, reissue with a reason."""
