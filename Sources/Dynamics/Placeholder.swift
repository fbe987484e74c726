// Module Dynamics: placeholder until its issue lands (see README.md).
