"""GraphQL types, inputs, enums and root operations. `schema.root.schema` is the assembled schema."""
