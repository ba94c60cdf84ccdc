"""Events, the bus between server processes, the outbox dispatcher and (later) delivery channels."""
