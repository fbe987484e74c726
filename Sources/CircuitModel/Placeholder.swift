// Module CircuitModel: placeholder until its issue lands (see README.md).
