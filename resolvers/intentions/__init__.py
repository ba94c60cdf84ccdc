"""A graduate's job intentions and the open positions that match them (issue 12 §3, 求职意向职位)."""
