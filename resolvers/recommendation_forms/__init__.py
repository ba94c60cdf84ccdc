"""The employment recommendation form (就业推荐表, issue 12 §4): filled, reviewed, printed."""
