/// How to classify: every time is in units of the problem's `timeScale` τ_max.
public struct AttractorOptions: Sendable {
    /// The integrator. Default: `.automatic` (Dormand–Prince, switching to Rosenbrock when
    /// τ_y and τ_a differ enough to make the flow stiff), rtol 1e-8, atol 1e-11: tight enough
    /// that the integration error (≲ 1e-8 relative per τ) sits well below `settleThreshold`
    /// and that a return map resolves 1e-5 period changes.
    public var integration: ODEOptions
    /// Total simulated time before `.undecided`. Default 2000 τ_max: the published sweeps'
    /// budget (20 chunks of 100 τ), and enough for a focus with Re λ τ = −0.01 to decay by e^{−20}.
    public var timeBudget: Double
    /// A trajectory that is still approaching a fixed point with a certified region of attraction
    /// when `timeBudget` is spent (the largest distance to that point over a chunk fell by at
    /// least half from 3 chunks before to the last one; beating modes make it non-monotone) is
    /// followed on, chunk by chunk while it keeps approaching, up to
    /// `extensionFactor` × `timeBudget`. Default 5: a slow focus (Re λ τ ≈ −0.003…−0.01) enters a
    /// certified region of radius ~1e-6 from O(0.1) away within ~10 000 τ; the extension is spent
    /// only on such trajectories, and the verdict is still the certificate's.
    public var extensionFactor: Double
    /// Integration chunk between tests. Default 100 τ_max (the published sweeps' chunk): many
    /// periods of an oscillation with period ~2π τ fit in a chunk; entry into a certified
    /// region and divergence stop a chunk at once (terminal events), so longer chunks cost no
    /// latency there. (With 20 τ chunks, each restart went back to Dormand–Prince after the
    /// switch to Rosenbrock and kept stiff slow foci ~2e-7 from their fixed point; the switch
    /// now persists across chunks, proofs/attractors.md §A.5.)
    public var chunkLength: Double
    /// Settling: ‖diag(τ) f(x)‖∞ ≤ settleThreshold · max(1, ‖x‖∞) at every sample of the last
    /// `settleWindow` (τ = `AttractorProblem.componentTimeScales`, all τ_max by default). Defaults 1e-7 over 5 τ_max: Newton (`polish`) converges from there in a
    /// few iterations, the integrator's own noise is ~100× smaller, and a window of several
    /// τ_max excludes the momentary turning point of a slow oscillation (it would need a
    /// velocity below threshold over 5 τ, i.e. an amplitude below ~1e-7).
    public var settleThreshold: Double
    public var settleWindow: Double
    /// A chunk that ends with ‖diag(τ) f(x)‖∞ ≤ certifyThreshold · max(1, ‖x‖∞) is polished by
    /// Newton and the fixed point found is given a `QuadraticBasin` when it can be. Default
    /// 1e-2: Newton's basin is usually far larger than the certified one. A polished point that
    /// gets no certificate is remembered and not certified again; polishing resumes 2 chunks later.
    public var certifyThreshold: Double
    /// Samples per τ_max for the settling test and the section level. Default 10.
    public var samplesPerTimeScale: Double
    /// ‖x‖∞ beyond this is divergence. Default 1e10, the published sweeps' bound.
    public var divergenceBound: Double
    /// Coordinate of the Poincaré section x_k = mean; nil picks the one with the largest
    /// range over the last half chunk.
    public var sectionCoordinate: Int?
    /// A limit cycle needs `requiredReturns` consecutive returns whose periods agree to
    /// `periodTolerance` (relative) and whose section points agree to `returnTolerance` ×
    /// amplitude. Defaults 3, 1e-6, 1e-4: a stable cycle's return map contracts by its
    /// largest non-trivial Floquet multiplier each turn, while a decaying focus's returns
    /// differ by a fixed fraction 1 − e^{Re λ T} of the amplitude (≥ 1e-4 unless
    /// |Re λ| T < 1e-4, which the settle test then catches instead).
    public var requiredReturns: Int
    public var periodTolerance: Double
    public var returnTolerance: Double
    /// Oscillations with half peak-to-peak below this · max(1, ‖x‖∞) are not cycles. Default 1e-6.
    public var minimumAmplitude: Double
    /// Relative tolerance of the variational (monodromy) integration. Default 1e-10.
    public var monodromyTolerance: Double
    /// A cycle is confirmed only when every non-trivial Floquet multiplier has
    /// |μ| ≤ 1 − multiplierMargin. Default 1e-6: at rtol 1e-10 the multipliers are good to
    /// ~1e-8, so the margin separates contracting cycles from neutral orbits (a centre has
    /// a double multiplier 1) with a factor 100 to spare. Unconfirmed candidates are
    /// re-examined at most every 5 chunks (each examination costs one variational period).
    public var multiplierMargin: Double

    public init(integration: ODEOptions = ODEOptions(method: .automatic, relativeTolerance: 1e-8,
                                                     absoluteTolerance: 1e-11, sampling: .none),
                timeBudget: Double = 2000, extensionFactor: Double = 5, chunkLength: Double = 100, settleThreshold: Double = 1e-7,
                settleWindow: Double = 5, certifyThreshold: Double = 1e-2, samplesPerTimeScale: Double = 10, divergenceBound: Double = 1e10,
                sectionCoordinate: Int? = nil, requiredReturns: Int = 3, periodTolerance: Double = 1e-6,
                returnTolerance: Double = 1e-4, minimumAmplitude: Double = 1e-6, monodromyTolerance: Double = 1e-10,
                multiplierMargin: Double = 1e-6) {
        self.integration = integration
        self.timeBudget = timeBudget
        self.extensionFactor = extensionFactor
        self.chunkLength = chunkLength
        self.settleThreshold = settleThreshold
        self.settleWindow = settleWindow
        self.certifyThreshold = certifyThreshold
        self.samplesPerTimeScale = samplesPerTimeScale
        self.divergenceBound = divergenceBound
        self.sectionCoordinate = sectionCoordinate
        self.requiredReturns = requiredReturns
        self.periodTolerance = periodTolerance
        self.returnTolerance = returnTolerance
        self.minimumAmplitude = minimumAmplitude
        self.monodromyTolerance = monodromyTolerance
        self.multiplierMargin = multiplierMargin
    }
}
