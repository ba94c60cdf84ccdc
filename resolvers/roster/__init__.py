"""Roster import (issue 2 §4): reading, validating and writing a school's graduate list."""
