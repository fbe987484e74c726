// Module FixedPointSolver: placeholder until its issue lands (see README.md).
