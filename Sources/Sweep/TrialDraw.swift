import CircuitModel
import ComplexModule
import Foundation
import LinearAlgebra
import Randomness
import RealModule

/// Everything random about one trial, drawn once and shared by all its (δ, ‖z‖) cells
/// (common random numbers). Trial t's generator is
///
///     Xoshiro256StarStar(seed: SplitMix64.derivedSeed(master: seed, index: t))
///
/// and draws, in this order: K (`RandomCoupling`), then W if `normalization_weights` is
/// `random` (W_ij ~ U[0, 2), mean 1 like `ones`), then the input direction if `input_kind`
/// is `random` (n Gaussians, normalized).
public struct TrialDraw: Sendable {
    public let trial: Int
    /// The trial's seed (recorded in every row of the trial).
    public let seed: UInt64
    public let coupling: ColumnMajorMatrix
    /// ρ(K) = max |λ(K)|.
    public let couplingSpectralRadius: Double
    /// The eigenvalues of K (for ρ(W_r) = max |1 + δλ| when W_r = I + δK): by dsyevd, real and
    /// ascending, when K is exactly symmetric (the symmetric ensembles; about a third of dgeev's
    /// cost, which every unit of a trial pays), by dgeev otherwise.
    public let couplingEigenvalues: [Complex<Double>]
    public let normalizationWeights: WeightMatrix
    /// Unit vector ẑ; a cell's input is ‖z‖ ẑ.
    public let inputDirection: [Double]

    public static func trialSeed(master: UInt64, trial: Int) -> UInt64 {
        SplitMix64.derivedSeed(master: master, index: UInt64(trial))
    }

    public init(config: SweepConfig, master: UInt64, trial: Int) throws(LinearAlgebraError) {
        self.trial = trial
        seed = Self.trialSeed(master: master, trial: trial)
        var generator = Xoshiro256StarStar(seed: seed)
        coupling = try RandomCoupling.sample(config, using: &generator)
        couplingEigenvalues = coupling.isExactlySymmetric
            ? try SymmetricEigendecomposition(coupling).eigenvalues.map { Complex($0, 0) }
            : try Eigendecomposition(coupling).eigenvalues
        couplingSpectralRadius = couplingEigenvalues.map(\.length).max() ?? 0
        let n = config.neuronCount
        switch config.normalizationWeights {
        case .ones: normalizationWeights = .ones
        case .identity: normalizationWeights = .identity
        case .random:
            var w = ColumnMajorMatrix(rows: n, columns: n)
            for index in 0..<(n * n) { w.elements[index] = generator.nextUniform(0, 2) }
            normalizationWeights = .dense(w)
        }
        switch config.inputKind {
        case .localized:
            inputDirection = (0..<n).map { $0 == 0 ? 1 : 0 }
        case .delocalized:
            inputDirection = Array(repeating: 1 / Double(n).squareRoot(), count: n)
        case .random:
            var direction = (0..<n).map { _ in generator.nextGaussian() }
            let norm = euclideanNorm(direction)
            if norm > 0 { direction = direction.map { $0 / norm } } else { direction[0] = 1 }
            inputDirection = direction
        case .gaussianBump:
            let width = Double(n) / 10
            let bump = (0..<n).map { exp(-Double($0 * $0) / (2 * width * width)) }
            let norm = euclideanNorm(bump)
            inputDirection = bump.map { $0 / norm }
        }
    }

    /// W_r of the cell at `delta`: I + δK (`identity-plus`) or δK/ρ(K) (`scaled`; K itself
    /// if ρ(K) = 0).
    public func recurrentWeights(delta: Double, mode: RecurrenceMode) -> ColumnMajorMatrix {
        var weights = ColumnMajorMatrix(rows: coupling.rows, columns: coupling.columns)
        let factor = mode == .identityPlus ? delta : delta / (couplingSpectralRadius > 0 ? couplingSpectralRadius : 1)
        for index in coupling.elements.indices { weights.elements[index] = factor * coupling.elements[index] }
        if mode == .identityPlus { for i in 0..<coupling.rows { weights[i, i] += 1 } }
        return weights
    }

    /// ρ(W_r) from the eigenvalues of K: max |1 + δλ| or δ ρ(K)/ρ(K) = δ.
    public func recurrentSpectralRadius(delta: Double, mode: RecurrenceMode) -> Double {
        switch mode {
        case .identityPlus: return couplingEigenvalues.map { (Complex(1, 0) + Complex(delta, 0) * $0).length }.max() ?? 1
        case .scaled: return couplingSpectralRadius > 0 ? delta : 0
        }
    }

    /// The circuit of one cell, of the config's variant.
    public func circuit(config: SweepConfig, cell: Int, delta: Double, inputNorm: Double) throws(CaseFileError) -> Circuit {
        try Circuit(name: "\(config.name) cell \(cell) (trial \(trial), delta \(delta), |z| \(inputNorm))",
                    variant: config.variant,
                    inputGain: config.perNeuron(config.inputGain),
                    input: inputDirection.map { inputNorm * $0 },
                    normalizationGain: config.perNeuron(config.normalizationGain),
                    sigma: config.perNeuron(config.sigma),
                    tauY: config.perNeuron(config.tauY), tauA: config.perNeuron(config.tauA),
                    recurrentWeights: .dense(recurrentWeights(delta: delta, mode: config.recurrence)),
                    normalizationWeights: normalizationWeights)
    }
}
