"""Origin record (生源信息): the graduate's own fields (O1) and corrections of the imported ones (O2)."""
