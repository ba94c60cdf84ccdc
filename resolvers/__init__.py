"""The behaviour behind the GraphQL fields: services that check, change and record."""
