// Module Symbolic: placeholder until its issue lands (see README.md).
