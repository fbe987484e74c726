// Module Stability: placeholder until its issue lands (see README.md).
