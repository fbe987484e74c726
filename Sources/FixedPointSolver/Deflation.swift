import LinearAlgebra
import RealModule

/// Deflation of known zeros (Farrell, Birkisson & Funke 2015; proofs/newton.md §7.5):
///
///     G(x) = M(x) F(x),   M(x) = Π_k ( ‖x − x_k‖₂^(−p) + shift )
///
/// G has the zeros of F except the x_k (where M → ∞), and with shift > 0 no spurious zero at
/// infinity. Newton on G needs no new factorization: with d = −DF⁻¹F and
/// g = ∇M/M = Σ_k −p‖x−x_k‖^(−p−2)(x − x_k) / (‖x−x_k‖^(−p) + shift),
/// Sherman–Morrison on DG = M(DF + F gᵀ) gives the deflated step d / (1 − gᵀd) (eq. (7.10)).
public struct Deflation: Sendable {
    /// The zeros x_k to remove.
    public let knownZeros: [[Double]]
    /// p ≥ 1 (2 by default).
    public let power: Double
    /// shift > 0 (1 by default).
    public let shift: Double

    public init(knownZeros: [[Double]], power: Double = 2, shift: Double = 1) {
        self.knownZeros = knownZeros
        self.power = power
        self.shift = shift
    }

    /// M(x).
    public func multiplier(at x: [Double]) -> Double {
        knownZeros.reduce(1) { product, zero in
            product * (Double.pow(distance(x, zero), -power) + shift)
        }
    }

    /// 1 / (1 − gᵀd): the deflated Newton step is this factor times the plain step d.
    public func stepFactor(at x: [Double], newtonStep d: [Double]) -> Double {
        var gradientDotStep = 0.0
        for zero in knownZeros {
            let r = distance(x, zero)
            let term = Double.pow(r, -power)
            var dot = 0.0
            for i in x.indices { dot += (x[i] - zero[i]) * d[i] }
            gradientDotStep += -power * term / (r * r) * dot / (term + shift)
        }
        return 1 / (1 - gradientDotStep)
    }

    private func distance(_ x: [Double], _ zero: [Double]) -> Double {
        euclideanNorm(zip(x, zero).map { $0 - $1 })
    }
}

/// Several zeros of one problem by deflation: from each start, Newton on the deflated
/// residual; every new zero joins the deflation and the same start is tried again (as
/// Farrell et al. do), then the next start. Deterministic for given starts.
public struct DeflatedSearch: Sendable {
    public let options: NewtonOptions
    public let power: Double
    public let shift: Double
    /// Two zeros are the same when ‖x − x'‖∞ ≤ this × max(1, ‖x'‖∞).
    public let distinctnessTolerance: Double

    public init(options: NewtonOptions = NewtonOptions(maximumIterations: 100), power: Double = 2, shift: Double = 1,
                distinctnessTolerance: Double = 1e-8) {
        self.options = options
        self.power = power
        self.shift = shift
        self.distinctnessTolerance = distinctnessTolerance
    }

    /// Up to `count` zeros in total, the `known` ones first (they are returned unchanged as
    /// converged solutions), then new ones in the order found.
    public func zeros(of problem: FixedPointProblem, known: [NewtonSolution], starts: [[Double]], count: Int) -> [NewtonSolution] {
        var found = known
        let solver = NewtonSolver(options)
        for start in starts where found.count < count {
            var attempts = 0
            while found.count < count && attempts < count {
                attempts += 1
                let deflation = Deflation(knownZeros: found.map(\.point), power: power, shift: shift)
                let solution = solver.solve(problem.startingAt(start), deflation: found.isEmpty ? nil : deflation)
                guard solution.isConverged, isNew(solution.point, among: found) else { break }
                found.append(solution)
            }
        }
        return found
    }

    private func isNew(_ x: [Double], among found: [NewtonSolution]) -> Bool {
        found.allSatisfy { other in
            let gap = infinityNorm(zip(x, other.point).map { $0 - $1 })
            return gap > distinctnessTolerance * max(1, infinityNorm(other.point))
        }
    }
}
