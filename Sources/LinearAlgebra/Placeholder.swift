// Module LinearAlgebra: placeholder until its issue lands (see README.md).
