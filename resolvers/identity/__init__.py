from resolvers.identity.staff import staff_login

__all__ = ["staff_login"]
