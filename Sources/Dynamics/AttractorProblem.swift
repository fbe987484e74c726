import LinearAlgebra

/// What is asked: where does the autonomous flow x' = f(x) go from x₀?
///
/// Generic over closures so it knows no circuit: a circuit supplies its vector field
/// diag(1/τ) F(x), its flow Jacobian, a Newton polish and its branch fixed point
/// (see `Circuit+Dynamics`). Times in `AttractorOptions` are in units of `timeScale`,
/// the slowest time constant τ_max of the system (seconds for circuits).
public struct AttractorProblem: Sendable {
    public let vectorField: VectorField
    /// ∂f/∂x; nil uses forward differences (`FiniteDifferenceJacobian`).
    public let jacobian: JacobianFunction?
    public let initialState: [Double]
    /// τ_max > 0: the unit of every time in `AttractorOptions`.
    public let timeScale: Double
    /// τ_i per component (for a circuit (τ_y, τ_a)), used by the settling test
    /// ‖diag(τ) f(x)‖∞ (= ‖F(x)‖∞ for a circuit: a residual in state units). Each component
    /// is weighted by its own time constant so that the integrator's noise on a fast
    /// component (≈ tolerance · |x|, multiplied by 1/τ_fast in f) does not read as motion.
    /// Defaults to `timeScale` for every component.
    public let componentTimeScales: [Double]
    /// A known fixed point (the normalization branch) to report the distance to.
    public let referenceFixedPoint: [Double]?
    /// Newton from a settled state: the polished fixed point, or nil when Newton fails.
    public let polish: (@Sendable ([Double]) -> [Double]?)?
    /// A certified region of attraction of a polished fixed point (`QuadraticBasin.certify`
    /// with the problem's second-derivative bound), nil when none can be given; without this
    /// closure the classifier falls back to the settling test alone.
    public let certify: (@Sendable ([Double]) -> QuadraticBasin?)?
    /// Regions of attraction known before integrating (the sweep passes the branch's, computed
    /// once per cell for all its starts); a state inside one is classified at once.
    public let knownBasins: [QuadraticBasin]

    public init(vectorField: @escaping VectorField, jacobian: JacobianFunction? = nil, initialState: [Double],
                timeScale: Double, componentTimeScales: [Double]? = nil, referenceFixedPoint: [Double]? = nil,
                polish: (@Sendable ([Double]) -> [Double]?)? = nil,
                certify: (@Sendable ([Double]) -> QuadraticBasin?)? = nil,
                knownBasins: [QuadraticBasin] = []) throws(ODEError) {
        guard !initialState.isEmpty else { throw .emptyState }
        if let index = initialState.firstIndex(where: { !$0.isFinite }) {
            throw .nonFiniteInitialState(index: index, value: initialState[index])
        }
        guard timeScale.isFinite, timeScale > 0 else { throw .invalidOption(name: "timeScale", value: timeScale) }
        self.vectorField = vectorField
        self.jacobian = jacobian
        self.initialState = initialState
        self.timeScale = timeScale
        let scales = componentTimeScales ?? Array(repeating: timeScale, count: initialState.count)
        guard scales.count == initialState.count else {
            throw .stateLengthMismatch(expected: initialState.count, found: scales.count)
        }
        if let bad = scales.first(where: { !($0.isFinite && $0 > 0) }) {
            throw .invalidOption(name: "componentTimeScales", value: bad)
        }
        self.componentTimeScales = scales
        self.referenceFixedPoint = referenceFixedPoint
        self.polish = polish
        self.certify = certify
        self.knownBasins = knownBasins.filter { $0.center.count == initialState.count }
    }

    /// J(x): the closure's, or forward differences.
    func jacobian(at state: [Double]) -> ColumnMajorMatrix {
        if let jacobian { return jacobian(0, state) }
        var derivative = [Double](repeating: 0, count: state.count)
        vectorField(0, state, &derivative)
        return FiniteDifferenceJacobian.evaluate(vectorField, time: 0, state: state, derivative: derivative)
    }

    /// f(x).
    func derivative(at state: [Double]) -> [Double] {
        var derivative = [Double](repeating: 0, count: state.count)
        vectorField(0, state, &derivative)
        return derivative
    }
}
