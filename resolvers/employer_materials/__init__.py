"""Employers' qualification materials (单位资质材料, issue 12 §5)."""
