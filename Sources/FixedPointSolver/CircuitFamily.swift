import CircuitModel
import LinearAlgebra

extension FixedPointProblem {
    /// F(x) = 0 for `circuit` (proofs/model.md eqs. (1.1)–(1.3)) from `initialGuess`, with
    /// a > 0 as the domain and the circuit's `residualScale` for the relative tolerance. DF is
    /// factored by `jacobian.route` (structured when W = u wᵀ and the route allows it, §7.10).
    public init(circuit: Circuit, initialGuess: CircuitState, jacobian: CircuitJacobian = .standard) {
        self.init(circuit: circuit, initialGuess: initialGuess.flattened, jacobian: jacobian,
                  factors: jacobian.rankOneFactors(for: circuit))
    }

    /// As above with W's rank-one factors already found (nil: dense route), and, on a family
    /// W_r(p) = I + pK with K symmetric, K's eigendecomposition and p (§7.11).
    init(circuit: Circuit, initialGuess: [Double], jacobian: CircuitJacobian, factors: RankOneFactors?,
         symmetric: (basis: SymmetricRecurrenceBasis, parameter: Double)? = nil) {
        let evaluate = jacobian.evaluate
        self.init(initialGuess: initialGuess,
                  residual: { circuit.residual(at: $0) },
                  jacobian: { evaluate(circuit, $0) },
                  residualScale: { circuit.residualScale(at: $0) },
                  domain: .positive(indices: Array(circuit.neuronCount..<circuit.stateDimension)),
                  linearize: { x in
                      let linearization = jacobian.linearization(of: circuit, at: x, factors: factors)
                      guard let symmetric else { return linearization }
                      return symmetric.basis.refining(linearization, at: x, parameter: symmetric.parameter)
                  })
    }
}

extension ParameterFamily {
    /// The circuit with W_r(p) = offset + p · direction (proofs/newton.md eq. (7.5)); every
    /// other parameter fixed. ∂F/∂p is exact (F is affine in W_r):
    ///     ∂F_y,i/∂p = (1 − √a⁺_i) (direction · φ(y))_i,  ∂F_a/∂p = 0,
    /// φ(y) = y (`paper`), max(y, 0) (`rectified`); for `rectified-recurrence` the row is
    /// multiplied by H((W_r(p) y)_i) (one-sided at the kink).
    public static func recurrentWeights(of circuit: Circuit, offset: ColumnMajorMatrix, direction: ColumnMajorMatrix,
                                        jacobian: CircuitJacobian = .standard) -> ParameterFamily {
        recurrentWeights(of: circuit, offset: offset, direction: direction, jacobian: jacobian, exactAt: nil,
                         recurrenceBasis: recurrenceBasis(of: circuit, offset: offset, direction: direction, jacobian: jacobian))
    }

    /// The eigendecomposition of a symmetric `direction` from offset I, when `jacobian` will use
    /// it (structured route, W of rank one, `paper`, n ≥ `eigenbasisMinimumOrder`: §7.11).
    static func recurrenceBasis(of circuit: Circuit, offset: ColumnMajorMatrix, direction: ColumnMajorMatrix,
                                jacobian: CircuitJacobian, known: SymmetricEigenbasis? = nil) -> SymmetricRecurrenceBasis? {
        guard jacobian.rankOneFactors(for: circuit) != nil else { return nil }
        return SymmetricRecurrenceBasis.make(offset: offset, direction: direction, variant: circuit.variant,
                                             minimumOrder: jacobian.eigenbasisMinimumOrder, known: known)
    }

    /// As above; at p = `exactAt` the circuit itself is used (W_r(1) = I + (W_r − I) may differ
    /// from W_r in the last bit, and the endpoint must be a zero of the circuit as given).
    static func recurrentWeights(of circuit: Circuit, offset: ColumnMajorMatrix, direction: ColumnMajorMatrix,
                                 jacobian: CircuitJacobian, exactAt endpoint: Double?,
                                 recurrenceBasis symmetric: SymmetricRecurrenceBasis?) -> ParameterFamily {
        let n = circuit.neuronCount
        let evaluate = jacobian.evaluate
        // W does not move along the family: its rank-one factors are found once (and the
        // eigendecomposition of a symmetric direction from offset I was, by the caller: §7.11).
        let factors = jacobian.rankOneFactors(for: circuit)
        let symmetric = factors == nil ? nil : symmetric
        let circuitAt: @Sendable (Double) -> Circuit? = { p in
            if p == endpoint { return circuit }
            return try? circuit.replacingRecurrentWeights(.dense(offset.adding(p, times: direction)))
        }
        let nonFinite = [Double](repeating: .nan, count: 2 * n)
        return ParameterFamily(
            dimension: 2 * n,
            residual: { x, p in circuitAt(p)?.residual(at: x) ?? nonFinite },
            jacobian: { x, p in
                guard let c = circuitAt(p) else { return ColumnMajorMatrix(rows: 2 * n, columns: 2 * n, repeating: .nan) }
                return evaluate(c, x)
            },
            parameterDerivative: { x, p in
                let y = Array(x[0..<n])
                let phi = circuit.variant == .rectified ? y.map { max($0, 0) } : y
                let moved = direction.multiply(phi)
                let gate: [Double]
                if circuit.variant == .rectifiedRecurrence {
                    gate = (offset + p * direction).multiply(y).map { $0 > 0 ? 1 : 0 }
                } else {
                    gate = [Double](repeating: 1, count: n)
                }
                var derivative = [Double](repeating: 0, count: 2 * n)
                for i in 0..<n { derivative[i] = gate[i] * (1 - max(x[n + i], 0).squareRoot()) * moved[i] }
                return derivative
            },
            residualScale: { x, p in circuitAt(p)?.residualScale(at: x) ?? [Double](repeating: 1, count: 2 * n) },
            domain: .positive(indices: Array(n..<(2 * n))),
            specialization: { p, guess in
                guard let specialized = circuitAt(p) else {
                    return FixedPointProblem(initialGuess: guess, residual: { _ in nonFinite },
                                             jacobian: { _ in ColumnMajorMatrix(rows: 2 * n, columns: 2 * n, repeating: .nan) },
                                             domain: .positive(indices: Array(n..<(2 * n))))
                }
                return FixedPointProblem(circuit: specialized, initialGuess: guess, jacobian: jacobian, factors: factors,
                                         symmetric: symmetric.map { ($0, p) })
            },
            linearize: { x, p in
                guard let c = circuitAt(p) else {
                    return .dense(ColumnMajorMatrix(rows: 2 * n, columns: 2 * n, repeating: .nan))
                }
                let linearization = jacobian.linearization(of: c, at: x, factors: factors)
                return symmetric?.refining(linearization, at: x, parameter: p) ?? linearization
            })
    }

    /// The normalization-branch homotopy W_r(t) = I + t (W_r − I), t ∈ [0, 1]
    /// (MATH.md §1; proofs/newton.md eq. (7.5)): t = 0 has the closed form, t = 1 is `circuit`.
    public static func recurrenceHomotopy(to circuit: Circuit, jacobian: CircuitJacobian = .standard) -> ParameterFamily {
        recurrenceHomotopyWithBasis(to: circuit, jacobian: jacobian).family
    }

    /// As above, with the eigenbasis of W_r − I the family solves through (nil when it does not:
    /// §7.11), for the spectrum to reuse.
    static func recurrenceHomotopyWithBasis(to circuit: Circuit, jacobian: CircuitJacobian)
        -> (family: ParameterFamily, basis: SymmetricRecurrenceBasis?) {
        let n = circuit.neuronCount
        let identity = ColumnMajorMatrix.identity(n)
        let direction = circuit.recurrentWeights.denseMatrix(order: n) - identity
        let basis = recurrenceBasis(of: circuit, offset: identity, direction: direction, jacobian: jacobian)
        return (recurrentWeights(of: circuit, offset: identity, direction: direction, jacobian: jacobian, exactAt: 1,
                                 recurrenceBasis: basis), basis)
    }
}
