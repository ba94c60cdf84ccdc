"""App assembly, settings, authentication and the command line."""
