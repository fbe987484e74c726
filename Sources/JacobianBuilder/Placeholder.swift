// Module JacobianBuilder: placeholder until its issue lands (see README.md).
