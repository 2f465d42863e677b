@preconcurrency import CGSL

/// Derivative-free minimisation with GSL's Nelder–Mead simplex (`gsl_multimin_fminimizer_
/// nmsimplex2`, the O(n)-per-iteration variant of Nelder & Mead 1965).
///
/// The simplex starts at `start` with one vertex moved by `steps[i]` along each axis. Each
/// iteration reflects, expands, contracts or shrinks it; the search stops when the simplex's
/// characteristic size (mean distance of the vertices from their centre,
/// `gsl_multimin_fminimizer_size`) falls below `sizeTolerance`, or after `maxIterations`.
/// Objectives that return a non-finite value are treated as +∞ by GSL's simplex, so an
/// evaluation that fails can return `.infinity` and the simplex moves away from it.
public struct NelderMead {
  /// Where the search ended.
  public struct Result: Sendable {
    public let point: [Double]
    public let value: Double
    public let iterations: Int
    /// Whether the simplex shrank below the tolerance (rather than running out of iterations).
    public let converged: Bool
  }

  public var sizeTolerance: Double
  public var maxIterations: Int

  public init(sizeTolerance: Double = 1e-4, maxIterations: Int = 500) {
    precondition(sizeTolerance > 0 && maxIterations > 0)
    self.sizeTolerance = sizeTolerance
    self.maxIterations = maxIterations
  }

  /// Minimises `objective` from `start` with initial simplex steps `steps`.
  public func minimize(
    _ objective: ([Double]) -> Double, from start: [Double], steps: [Double]
  ) -> Result {
    precondition(!start.isEmpty && start.count == steps.count, "one step per coordinate")
    let n = start.count
    return withoutActuallyEscaping(objective) { objective in
      var box = ObjectiveBox(objective: objective, dimension: n)
      return withUnsafeMutablePointer(to: &box) { boxPointer in
        var function = gsl_multimin_function(
          f: { vector, parameters in
            let box = parameters!.assumingMemoryBound(to: ObjectiveBox.self)
            let values = (0..<box.pointee.dimension).map { gsl_vector_get(vector, $0) }
            return box.pointee.objective(values)
          },
          n: n, params: UnsafeMutableRawPointer(boxPointer))
        let x = gsl_vector_alloc(n)!
        let step = gsl_vector_alloc(n)!
        let minimizer = gsl_multimin_fminimizer_alloc(gsl_multimin_fminimizer_nmsimplex2, n)!
        defer {
          gsl_multimin_fminimizer_free(minimizer)
          gsl_vector_free(step)
          gsl_vector_free(x)
        }
        for i in 0..<n {
          gsl_vector_set(x, i, start[i])
          gsl_vector_set(step, i, steps[i])
        }
        gsl_multimin_fminimizer_set(minimizer, &function, x, step)
        var iterations = 0
        var converged = false
        while iterations < maxIterations {
          iterations += 1
          if gsl_multimin_fminimizer_iterate(minimizer) != GSL_SUCCESS { break }
          let size = gsl_multimin_fminimizer_size(minimizer)
          if gsl_multimin_test_size(size, sizeTolerance) == GSL_SUCCESS {
            converged = true
            break
          }
        }
        let best = (0..<n).map { gsl_vector_get(minimizer.pointee.x, $0) }
        return Result(
          point: best, value: minimizer.pointee.fval, iterations: iterations,
          converged: converged)
      }
    }
  }
}

/// The Swift objective, reached from GSL's C callback through its `params` pointer.
private struct ObjectiveBox {
  let objective: ([Double]) -> Double
  let dimension: Int
}
