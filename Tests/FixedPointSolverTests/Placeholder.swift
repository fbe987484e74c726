// Tests of FixedPointSolver (Newton, continuation, deflation).
