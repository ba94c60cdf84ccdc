"""Paper agreement forms (F3, seed 002): collection after online signing, reissue with a reason."""
