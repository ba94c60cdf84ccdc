"""Campus job fairs (issue 12 §2)."""
