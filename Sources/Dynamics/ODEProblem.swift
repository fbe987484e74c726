import LinearAlgebra

/// The right-hand side of x' = f(t, x), written into a caller-owned buffer so a step
/// allocates nothing per evaluation: `derivative` arrives with `state.count` entries and
/// must be overwritten entirely.
public typealias VectorField = @Sendable (_ time: Double, _ state: [Double], _ derivative: inout [Double]) -> Void

/// The Jacobian ∂f/∂x (t, x) as an n × n column-major matrix (element (i, j) = ∂f_i/∂x_j).
public typealias JacobianFunction = @Sendable (_ time: Double, _ state: [Double]) -> ColumnMajorMatrix

/// What is asked: integrate x' = f(t, x), x(t₀) = x₀, over [t₀, t_end] (forward in time).
///
/// The Jacobian is optional: the Rosenbrock method uses it when given and otherwise
/// forms forward differences (n extra evaluations of f per step, see
/// `FiniteDifferenceJacobian`). `isAutonomous` lets the Rosenbrock method skip ∂f/∂t;
/// when false, ∂f/∂t is a forward difference (one extra evaluation per step).
public struct ODEProblem: Sendable {
    public let vectorField: VectorField
    public let jacobian: JacobianFunction?
    public let initialState: [Double]
    public let startTime: Double
    public let endTime: Double
    public let isAutonomous: Bool

    /// Throws `ODEError` when the question is meaningless: an empty or non-finite initial
    /// state, a non-finite time, or `endTime < startTime`.
    public init(vectorField: @escaping VectorField, jacobian: JacobianFunction? = nil,
                initialState: [Double], startTime: Double = 0, endTime: Double,
                isAutonomous: Bool = false) throws(ODEError) {
        guard !initialState.isEmpty else { throw .emptyState }
        if let index = initialState.firstIndex(where: { !$0.isFinite }) {
            throw .nonFiniteInitialState(index: index, value: initialState[index])
        }
        guard startTime.isFinite, endTime.isFinite, endTime >= startTime else {
            throw .invalidTimeSpan(start: startTime, end: endTime)
        }
        self.vectorField = vectorField
        self.jacobian = jacobian
        self.initialState = initialState
        self.startTime = startTime
        self.endTime = endTime
        self.isAutonomous = isAutonomous
    }

    /// n, the length of the state.
    public var dimension: Int { initialState.count }

    /// f(t, x) into `derivative` (which must hold `dimension` entries).
    @inlinable
    public func evaluate(_ time: Double, _ state: [Double], into derivative: inout [Double]) {
        vectorField(time, state, &derivative)
    }

    /// The same equation from another start (used to continue in chunks).
    public func restarted(from state: [Double], at time: Double, until end: Double) throws(ODEError) -> ODEProblem {
        try ODEProblem(vectorField: vectorField, jacobian: jacobian, initialState: state,
                       startTime: time, endTime: end, isAutonomous: isAutonomous)
    }
}
