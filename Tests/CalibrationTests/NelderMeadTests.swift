import Foundation
import Testing

@testable import Calibration

@Suite("Nelder–Mead (GSL simplex)")
struct NelderMeadTests {
  @Test("Finds the minimum of Rosenbrock's valley at (1, 1) from (−1.2, 1)")
  func rosenbrock() {
    var evaluations = 0
    let result = NelderMead(sizeTolerance: 1e-8, maxIterations: 5_000).minimize(
      { x in
        evaluations += 1
        return 100 * pow(x[1] - x[0] * x[0], 2) + pow(1 - x[0], 2)
      }, from: [-1.2, 1], steps: [0.5, 0.5])
    #expect(result.converged)
    #expect(abs(result.point[0] - 1) < 1e-4 && abs(result.point[1] - 1) < 1e-4)
    #expect(result.value < 1e-8)
    // nmsimplex2 costs n + 1 evaluations to set up and one to three per iteration (reflection,
    // expansion or contraction; a shrink costs n).
    #expect(evaluations >= result.iterations + 3 && evaluations <= 3 * result.iterations + 3)
  }

  @Test("Finds a shifted, scaled quadratic's minimum in 4 dimensions; a wall of +∞ is avoided")
  func quadraticWithWall() {
    let centre = [-0.9, -2.0, 5.0, 1.5]
    let scales = [1.0, 10.0, 0.1, 3.0]
    var wallHits = 0
    let result = NelderMead(sizeTolerance: 1e-9, maxIterations: 20_000).minimize(
      { x in
        // Infeasible region just beyond the minimum: the simplex probes it and must treat it as
        // worse than anything.
        if x[0] < -1 {
          wallHits += 1
          return .infinity
        }
        return zip(zip(x, centre), scales).reduce(0) { $0 + $1.1 * pow($1.0.0 - $1.0.1, 2) }
      }, from: [0, 0, 0, 0], steps: [1, 1, 1, 1])
    #expect(result.converged)
    for i in 0..<4 { #expect(abs(result.point[i] - centre[i]) < 1e-3, "coordinate \(i)") }
    #expect(wallHits > 0)
  }

  @Test("Stops after maxIterations without claiming convergence")
  func iterationLimit() {
    let result = NelderMead(sizeTolerance: 1e-12, maxIterations: 5).minimize(
      { x in pow(x[0] - 3, 2) }, from: [0], steps: [0.1])
    #expect(!result.converged)
    #expect(result.iterations == 5)
  }
}
