// Module ExactStability: placeholder until its issue lands (see README.md).
