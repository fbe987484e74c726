import Dynamics
import Foundation
import LinearAlgebra

/// Test problems with closed-form solutions, and the exact references they are checked against.
enum ReferenceSystems {
    /// x' = A x as an `ODEProblem` with the exact Jacobian A.
    static func linear(_ a: ColumnMajorMatrix, from x0: [Double], until end: Double) throws -> ODEProblem {
        let matrix = a
        return try ODEProblem(vectorField: { _, x, dx in
            let product = matrix.multiply(x)
            for i in dx.indices { dx[i] = product[i] }
        }, jacobian: { _, _ in matrix }, initialState: x0, endTime: end, isAutonomous: true)
    }

    /// A = V diag(λ) V⁻¹ for real distinct λ: the matrix and the exact flow
    /// exp(A t) x₀ = V diag(e^{λ t}) V⁻¹ x₀, computed here from the construction, independent
    /// of any integrator.
    struct Diagonalizable {
        let eigenvalues: [Double]
        let eigenvectors: ColumnMajorMatrix
        let matrix: ColumnMajorMatrix
        private let inverseEigenvectors: LUFactorization

        init(eigenvalues: [Double], eigenvectors: ColumnMajorMatrix) throws {
            self.eigenvalues = eigenvalues
            self.eigenvectors = eigenvectors
            inverseEigenvectors = try LUFactorization(eigenvectors)
            let inverse = try inverseEigenvectors.solve(ColumnMajorMatrix.identity(eigenvalues.count))
            matrix = eigenvectors * ColumnMajorMatrix.diagonal(eigenvalues) * inverse
        }

        func exactSolution(from x0: [Double], at t: Double) throws -> [Double] {
            var coordinates = try inverseEigenvectors.solve(x0)
            for k in coordinates.indices { coordinates[k] *= exp(eigenvalues[k] * t) }
            return eigenvectors.multiply(coordinates)
        }
    }

    /// The harmonic oscillator q' = p, p' = −q; energy (q² + p²)/2 is conserved,
    /// q(t) = cos t, p(t) = −sin t from (1, 0).
    static func harmonicOscillator(until end: Double) throws -> ODEProblem {
        try ODEProblem(vectorField: { _, x, dx in
            dx[0] = x[1]
            dx[1] = -x[0]
        }, initialState: [1, 0], endTime: end, isAutonomous: true)
    }

    /// The logistic equation x' = x (1 − x), x(0) = 0.1: x(t) = 1 / (1 + 9 e^{−t}).
    /// Nonlinear, so an order test on it checks the nonlinear order conditions too.
    static func logistic(until end: Double) throws -> ODEProblem {
        try ODEProblem(vectorField: { _, x, dx in dx[0] = x[0] * (1 - x[0]) },
                       jacobian: { _, x in ColumnMajorMatrix.diagonal([1 - 2 * x[0]]) },
                       initialState: [0.1], endTime: end, isAutonomous: true)
    }

    static func logisticExact(_ t: Double) -> Double { 1 / (1 + 9 * exp(-t)) }

    /// Non-autonomous x' = −x + sin t, x(0) = 0: x(t) = (sin t − cos t + e^{−t}) / 2.
    static func forcedDecay(until end: Double) throws -> ODEProblem {
        try ODEProblem(vectorField: { t, x, dx in dx[0] = -x[0] + sin(t) },
                       jacobian: { _, _ in ColumnMajorMatrix.diagonal([-1]) },
                       initialState: [0], endTime: end, isAutonomous: false)
    }

    static func forcedDecayExact(_ t: Double) -> Double { (sin(t) - cos(t) + exp(-t)) / 2 }

    static func maximumDifference(_ a: [Double], _ b: [Double]) -> Double {
        zip(a, b).map { abs($0 - $1) }.max() ?? 0
    }

    /// log₂(e(h) / e(h/2)): the observed order from errors at step h and h/2.
    static func observedOrder(coarse: Double, fine: Double) -> Double { log2(coarse / fine) }
}
