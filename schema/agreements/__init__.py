"""Agreements (就业协议书): the type shared by signing, review and termination."""
