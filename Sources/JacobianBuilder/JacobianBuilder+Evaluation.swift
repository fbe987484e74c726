import CircuitModel
import LinearAlgebra
import Symbolic

extension JacobianBuilder {
    /// DF(x), the Jacobian of the residual F (proofs/jacobian.md eq. 3.10), with F(x) and
    /// the kinks met. This is the matrix Newton's method uses: no time constants.
    /// - Precondition: `state.count == 2 * circuit.neuronCount` (the caller's invariant;
    ///   state files are checked on reading).
    public func residualJacobian(of circuit: Circuit, at state: [Double]) -> JacobianEvaluation {
        evaluate(circuit, state, kind: .residual)
    }

    /// J = diag(1/τ) DF(x), the Jacobian of the flow dx/dt (eq. 3.14), whose eigenvalues
    /// decide stability; `residual` is still the unscaled F(x).
    public func flowJacobian(of circuit: Circuit, at state: [Double]) -> JacobianEvaluation {
        evaluate(circuit, state, kind: .flow)
    }

    /// `residualJacobian(of:at:)` at a `CircuitState`.
    public func residualJacobian(of circuit: Circuit, at state: CircuitState) -> JacobianEvaluation {
        evaluate(circuit, state.flattened, kind: .residual)
    }

    /// `flowJacobian(of:at:)` at a `CircuitState`.
    public func flowJacobian(of circuit: Circuit, at state: CircuitState) -> JacobianEvaluation {
        evaluate(circuit, state.flattened, kind: .flow)
    }

    /// DF(x) in the factored form of `StructuredResidualJacobian` when W = u wᵀ (`factors`),
    /// with F(x) and the kinks met: O(n²) for Y = ∂F_y/∂y, O(n) for the rest — the 2n × 2n
    /// matrix is never formed (proofs/newton.md §7.10).
    /// - Precondition: `state.count == 2n`, `factors` of length n and u wᵀ = W.
    public func structuredResidualJacobian(of circuit: Circuit, at state: [Double],
                                           factors: RankOneFactors) -> (jacobian: StructuredResidualJacobian,
                                                                        residual: [Double], kinks: [JacobianKink]) {
        let n = circuit.neuronCount
        precondition(factors.column.count == n, "JacobianBuilder: rank-one factors of length \(factors.column.count), expected n = \(n)")
        let local = localPartials(circuit, state)
        let p = local.partials
        var block: ColumnMajorMatrix
        let blockSums: AbsoluteSums
        if case .dense(let weights) = circuit.recurrentWeights {
            // diag(∂F_y/∂r) W_r diag(φ') + diag(∂F_y/∂y), column by column in SIMD lanes (the hot
            // path; every entry is written, so the storage is not zeroed first), each column summed
            // for Y's norms while it is in cache: one pass over W_r and Y.
            var sums = AbsoluteSums.Accumulator(rows: n, columns: n)
            let rowScale = p.dFieldYdRecurrentInput, diagonal = p.dFieldYdActivity
            block = ColumnMajorMatrix(rows: n, columns: n) { out in
                weights.elements.withUnsafeBufferPointer { w in
                    rowScale.withUnsafeBufferPointer { r in
                        guard let o = out.baseAddress, let weightStart = w.baseAddress, let scale = r.baseAddress else { return }
                        for j in 0..<n {
                            let c = p.dTransferdActivity[j], c4 = SIMD4(repeating: c)
                            let column = o + j * n, weightColumn = weightStart + j * n
                            var i = 0
                            while i &+ 4 <= n {
                                let entry = UnsafeRawPointer(scale + i).loadUnaligned(as: SIMD4<Double>.self)
                                    * UnsafeRawPointer(weightColumn + i).loadUnaligned(as: SIMD4<Double>.self) * c4
                                UnsafeMutableRawPointer(column + i).storeBytes(of: entry, as: SIMD4<Double>.self)
                                i &+= 4
                            }
                            while i < n { column[i] = scale[i] * weightColumn[i] * c; i &+= 1 }
                            column[j] += diagonal[j]
                            sums.add(column: column)
                        }
                    }
                }
            }
            blockSums = sums.sums
        } else {
            block = ColumnMajorMatrix(rows: n, columns: n)
            block.addScaled(circuit.recurrentWeights, rowScale: p.dFieldYdRecurrentInput, columnScale: p.dTransferdActivity,
                            rowOffset: 0, columnOffset: 0)
            for i in 0..<n { block[i, i] += p.dFieldYdActivity[i] }
            blockSums = block.absoluteSums
        }
        var column = [Double](repeating: 0, count: n)
        var rowActivity = column, rowModulator = column
        for i in 0..<n {
            column[i] = p.dFieldAdPool[i] * factors.column[i]
            rowActivity[i] = factors.row[i] * p.dDrivedActivity[i]
            rowModulator[i] = factors.row[i] * p.dDrivedModulator[i]
        }
        let jacobian = StructuredResidualJacobian(
            activityBlock: block, activityModulator: p.dFieldYdModulator, modulatorActivity: p.dFieldAdActivity,
            modulatorModulator: p.dFieldAdModulator, column: column, rowActivity: rowActivity, rowModulator: rowModulator,
            activityBlockSums: blockSums)
        return (jacobian, local.residual, local.kinks)
    }

    private func evaluate(_ circuit: Circuit, _ state: [Double], kind: JacobianEvaluation.Kind) -> JacobianEvaluation {
        let local = localPartials(circuit, state)
        var matrix = local.partials.assemble(recurrentWeights: circuit.recurrentWeights,
                                             normalizationWeights: circuit.normalizationWeights)
        if kind == .flow { matrix.scaleRows(tauY: circuit.tauY, tauA: circuit.tauA) }
        return JacobianEvaluation(kind: kind, matrix: matrix, residual: local.residual, kinks: local.kinks)
    }

    /// F(x), the nine local partials per neuron and the kinks met (eqs. 3.8–3.13): O(n) program
    /// runs plus the two products W_r φ and W q.
    private func localPartials(_ circuit: Circuit, _ state: [Double])
        -> (partials: LocalPartialValues, residual: [Double], kinks: [JacobianKink]) {
        let n = circuit.neuronCount
        precondition(state.count == 2 * n, "JacobianBuilder: state has \(state.count) entries, expected 2n = \(2 * n)")
        let entry = JacobianBuilder.compiledVariant(circuit.variant, in: compiled)
        // Stage 1: φ(y_j), q(y_j, a_j), then the couplings u = W_r φ and p = W q (eqs. 3.8–3.9).
        var environment = [Double](repeating: 0, count: LocalModel.Symbol.all.count)
        var signalWorkspace = Program.Workspace(for: entry.signals)
        var outputs: [Double] = [0, 0]
        var transfer = [Double](repeating: 0, count: n), drive = transfer
        for j in 0..<n {
            environment[0] = state[j]
            environment[1] = state[n + j]
            _ = entry.signals.evaluate(environment, workspace: &signalWorkspace, into: &outputs)
            transfer[j] = outputs[0]
            drive[j] = outputs[1]
        }
        let recurrentInput = circuit.recurrentWeights.applied(to: transfer)
        let pool = circuit.normalizationWeights.applied(to: drive)
        // Stage 2: F and the nine local partials per neuron (eqs. 3.11–3.13).
        var partials = LocalPartialValues(count: n)
        var residual = [Double](repeating: 0, count: 2 * n)
        var workspace = Program.Workspace(for: entry.partials)
        var values = [Double](repeating: 0, count: 11)
        var kinks: [JacobianKink] = []
        for i in 0..<n {
            environment[0] = state[i]
            environment[1] = state[n + i]
            environment[2] = recurrentInput[i]
            environment[3] = pool[i]
            environment[4] = circuit.drive[i]
            environment[5] = circuit.poolConstant[i]
            let report = entry.partials.evaluate(environment, workspace: &workspace, into: &values)
            residual[i] = values[0]
            residual[n + i] = values[1]
            partials.store(values, from: 2, neuron: i)
            if !report.zeroArguments.isEmpty {
                let locations = Set(report.zeroArguments.compactMap { entry.kinkLocations[$0] })
                for location in JacobianKink.Location.allCases where locations.contains(location) {
                    kinks.append(JacobianKink(neuron: i, location: location))
                }
            }
        }
        return (partials, residual, kinks)
    }
}
