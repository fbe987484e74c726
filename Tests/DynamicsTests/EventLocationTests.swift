import Dynamics
import Foundation
import Testing

@Suite("Event location on dense output")
struct EventLocationTests {
    @Test("Zero crossings of q = cos t located at π/2 + kπ, directions respected")
    func harmonicCrossings() throws {
        let problem = try ReferenceSystems.harmonicOscillator(until: 10)
        let falling = ODEEvent(direction: .falling) { _, x in x[0] }
        let rising = ODEEvent(direction: .rising) { _, x in x[0] }
        let options = ODEOptions(relativeTolerance: 1e-10, absoluteTolerance: 1e-12, events: [falling, rising])
        let solution = try ODESolver(options).solve(problem)
        #expect(solution.status == .success)
        let expected: [(Int, Double)] = [(0, .pi / 2), (1, 3 * .pi / 2), (0, 5 * .pi / 2)]
        #expect(solution.events.count == 3)
        for (occurrence, (index, time)) in zip(solution.events, expected) {
            #expect(occurrence.eventIndex == index)
            // Interpolant error ~1e-10 and |dq/dt| = 1 at the crossing: the time is good to ~1e-9.
            #expect(abs(occurrence.time - time) < 1e-9)
            #expect(abs(occurrence.state[0]) < 1e-9)
        }
    }

    @Test("Terminal event stops at x = 0.5 of the logistic curve, t = ln 9")
    func terminalEvent() throws {
        let problem = try ReferenceSystems.logistic(until: 10)
        let half = ODEEvent(direction: .rising, isTerminal: true) { _, x in x[0] - 0.5 }
        let options = ODEOptions(relativeTolerance: 1e-10, absoluteTolerance: 1e-12, sampling: .uniform(interval: 0.5),
                                 events: [half])
        let solution = try ODESolver(options).solve(problem)
        #expect(solution.status == .terminatedByEvent(index: 0))
        #expect(abs(solution.finalTime - log(9)) < 1e-9)
        #expect(abs(solution.finalState[0] - 0.5) < 1e-9)
        // Samples stop at the event: ln 9 ≈ 2.197, so t = 0, 0.5, …, 2.0.
        #expect(solution.times.last == 2.0)
    }
}
