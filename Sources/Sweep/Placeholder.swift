// Module Sweep: placeholder until its issue lands (see README.md).
