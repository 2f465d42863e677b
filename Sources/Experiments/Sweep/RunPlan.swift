import CorridorModel
import Stochastic

/// One run of an experiment: which sweep point, scenario and replicate, with which seed.
public struct RunSpec: Sendable, Equatable {
  /// Position in the plan (0-based).
  public let index: Int
  /// A stable name, also the run's folder: `p0007-high_tariff-r02`.
  public let id: String
  /// Sweep point (0 without a sweep).
  public let point: Int
  public let scenario: String
  public let replicate: Int
  /// Derived from (experiment seed, point, replicate) — not the scenario, so that scenarios
  /// of one point and replicate share their random numbers; with common random numbers
  /// across sweep points, from (experiment seed, replicate) alone. Below 2^53, so every
  /// reader that stores numbers as doubles (Stata, R, JavaScript) keeps it exactly.
  public let seed: UInt64
  /// The swept values of the point, in the order of the sweep's dimensions.
  public let values: [Double]

  public init(
    index: Int, id: String, point: Int, scenario: String, replicate: Int, seed: UInt64,
    values: [Double]
  ) {
    self.index = index
    self.id = id
    self.point = point
    self.scenario = scenario
    self.replicate = replicate
    self.seed = seed
    self.values = values
  }
}

/// Every run an experiment consists of, in a fixed order: points × scenarios × replicates.
public struct RunPlan: Sendable {
  public let runs: [RunSpec]
  /// Names of the swept dimensions as the config writes them (`policies.asean_dm.value`).
  public let dimensionNames: [String]
  /// Their columns in plan.csv, runs.csv and summary.csv: valid names in R, Stata and pandas
  /// (`policies_asean_dm_value`).
  public var dimensionColumns: [String] { dimensionNames.map(Self.column(forDimension:)) }

  /// The column of a swept dimension: dots become `_`.
  public static func column(forDimension name: String) -> String {
    name.replacingOccurrences(of: ".", with: "_")
  }

  /// The seed of replicate `replicate` at sweep point `point`: the top 53 bits of the
  /// SplitMix64 derivation, so that it is an exact double.
  public static func runSeed(experimentSeed: UInt64, point: Int, replicate: Int) -> UInt64 {
    SeedDerivation.derive(experimentSeed, UInt64(point), UInt64(replicate)) >> 11
  }

  /// The plan of `config`.
  public init(_ config: ExperimentConfig) {
    let points = Self.points(config)
    let replicates = config.sweep?.replicates ?? config.replicates
    let pointDigits = max(4, String(max(points.count - 1, 0)).count)
    var runs: [RunSpec] = []
    for (point, values) in points.enumerated() {
      for scenario in config.scenarios {
        for replicate in 0..<replicates {
          var parts: [String] = []
          if config.sweep != nil { parts.append("p" + Self.padded(point, digits: pointDigits)) }
          parts.append(scenario.name)
          if replicates > 1 { parts.append("r" + Self.padded(replicate, digits: 2)) }
          runs.append(
            RunSpec(
              index: runs.count, id: parts.joined(separator: "-"), point: point,
              scenario: scenario.name,
              replicate: replicate,
              seed: Self.runSeed(
                experimentSeed: config.seed,
                point: config.sweep?.commonRandomNumbers == true ? 0 : point,
                replicate: replicate),
              values: values))
        }
      }
    }
    self.runs = runs
    dimensionNames = config.sweep?.dimensions.map(\.name) ?? []
  }

  /// How many runs the plan has (without building it).
  static func runCount(_ config: ExperimentConfig) -> Int {
    let points = config.sweep?.samples ?? 1
    let replicates = config.sweep?.replicates ?? config.replicates
    return points * config.scenarios.count * replicates
  }

  static func padded(_ number: Int, digits: Int) -> String {
    let text = String(number)
    return String(repeating: "0", count: max(0, digits - text.count)) + text
  }

  /// The sweep points: each a vector of values, one per dimension.
  static func points(_ config: ExperimentConfig) -> [[Double]] {
    guard let sweep = config.sweep else { return [[]] }
    let dimensions = sweep.dimensions
    switch sweep.design {
    case .grid:
      let axes = dimensions.map { dimension -> [Double] in
        switch dimension.values {
        case .list(let values): return values
        case .range(let low, let high, let steps):
          let count = steps ?? 1
          return (0..<count).map { low + (high - low) * Double($0) / Double(max(count - 1, 1)) }
        }
      }
      var points: [[Double]] = [[]]
      for axis in axes { points = points.flatMap { point in axis.map { point + [$0] } } }
      return points
    case .random:
      let stream = RandomStream(seed: config.seed, stream: StreamID("sweep.random"))
      return (0..<sweep.samples).map { _ in dimensions.map { map(stream.uniform(), $0) } }
    case .latinHypercube:
      // Each dimension: the unit interval cut into n strata, one point per stratum, strata
      // assigned to points by an independent random permutation per dimension.
      let stream = RandomStream(seed: config.seed, stream: StreamID("sweep.latin-hypercube"))
      let n = sweep.samples
      var columns: [[Double]] = []
      for dimension in dimensions {
        var strata = Array(0..<n)
        stream.shuffle(&strata)
        columns.append(strata.map { map((Double($0) + stream.uniform()) / Double(n), dimension) })
      }
      return (0..<n).map { point in columns.map { $0[point] } }
    case .sobol:
      let sequence = QuasiRandomSequence(kind: .sobol, dimension: dimensions.count)
      return (0..<sweep.samples).map { _ in zip(sequence.next(), dimensions).map { map($0, $1) } }
    case .morris:
      return morrisPoints(
        dimensions: dimensions, trajectories: sweep.trajectories ?? 0, levels: sweep.levels,
        seed: config.seed, candidates: sweep.candidates)
    case .saltelli:
      return saltelliPoints(
        dimensions: dimensions, baseSamples: sweep.baseSamples ?? 0, secondOrder: sweep.secondOrder,
        shiftSeed: sweep.scramble ? config.seed : nil)
    }
  }

  /// Morris (1991) trajectories in the unit cube, then mapped onto the dimensions: for each
  /// trajectory, every coordinate starts on a random level of the p-level grid {0, 1/(p − 1),
  /// …, 1} from which a step of Δ = p / (2(p − 1)) up or down (chosen at random) stays in the
  /// cube, and the coordinates move one at a time, in a random order, by that step: D + 1
  /// points a trajectory, consecutive points differing in one parameter. With `candidates` M,
  /// M trajectories are drawn and the `trajectories` of them that spread most are kept, in the
  /// order drawn (``mostSpreadTrajectories``).
  static func morrisPoints(
    dimensions: [SweepDimension], trajectories: Int, levels p: Int, seed: UInt64,
    candidates: Int? = nil
  ) -> [[Double]] {
    let d = dimensions.count
    let stream = RandomStream(seed: seed, stream: StreamID("sweep.morris"))
    var drawn: [[[Double]]] = []
    for _ in 0..<max(trajectories, candidates ?? 0) {
      // Grid levels as integers, so that a level is the same number wherever it appears.
      var level = [Int](repeating: 0, count: d)
      var direction = [Int](repeating: 1, count: d)
      for j in 0..<d {
        // Levels from which the step stays in [0, 1]: the lower half going up, the upper half
        // going down (p even, so Δ is p/2 grid steps).
        let up = stream.uniform() < 0.5
        direction[j] = up ? 1 : -1
        level[j] = stream.uniformInt(below: p / 2) + (up ? 0 : p / 2)
      }
      var order = Array(0..<d)
      stream.shuffle(&order)
      func unit() -> [Double] { level.map { Double($0) / Double(p - 1) } }
      var trajectory = [unit()]
      for j in order {
        level[j] += direction[j] * (p / 2)
        trajectory.append(unit())
      }
      drawn.append(trajectory)
    }
    let kept =
      candidates.map { _ in mostSpreadTrajectories(drawn, count: trajectories) }
      ?? Array(0..<trajectories)
    return kept.flatMap { drawn[$0] }.map {
      zip($0, dimensions).map { map(min(max($0, 0), 1), $1) }
    }
  }

  /// Campolongo et al.'s (2007) distance between two trajectories, the sum of the Euclidean
  /// distances between each point of one and each point of the other.
  static func trajectoryDistance(_ a: [[Double]], _ b: [[Double]]) -> Double {
    var total = 0.0
    for x in a {
      for y in b {
        var squares = 0.0
        for k in x.indices { squares += (x[k] - y[k]) * (x[k] - y[k]) }
        total += squares.squareRoot()
      }
    }
    return total
  }

  /// The `count` trajectories of `candidates` that spread most over the cube (Campolongo et al.
  /// 2007: the largest √Σ d²ᵢⱼ over the chosen pairs), chosen greedily as Ruano et al. (2012)
  /// do: the farthest pair first, then each time the candidate that adds the most Σ d² to the
  /// chosen set. Indices in increasing order.
  static func mostSpreadTrajectories(_ candidates: [[[Double]]], count: Int) -> [Int] {
    let m = candidates.count
    guard count < m else { return Array(0..<m) }
    var squared = [Double](repeating: 0, count: m * m)
    for i in 0..<m {
      for j in (i + 1)..<m {
        let distance = trajectoryDistance(candidates[i], candidates[j])
        squared[i * m + j] = distance * distance
        squared[j * m + i] = distance * distance
      }
    }
    var best = (0, 1)
    for i in 0..<m {
      for j in (i + 1)..<m where squared[i * m + j] > squared[best.0 * m + best.1] {
        best = (i, j)
      }
    }
    var chosen = count >= 2 ? [best.0, best.1] : [best.0]
    var gain = (0..<m).map {
      squared[$0 * m + best.0] + (count >= 2 ? squared[$0 * m + best.1] : 0)
    }
    while chosen.count < count {
      var next = -1
      for i in 0..<m where !chosen.contains(i) && (next < 0 || gain[i] > gain[next]) {
        next = i
      }
      chosen.append(next)
      for i in 0..<m { gain[i] += squared[i * m + next] }
    }
    return chosen.sorted()
  }

  /// Saltelli (2010) cross-sampling in the unit cube, then mapped onto the dimensions: base row
  /// i of a 2D-dimensional Sobol' sequence, from its first point (the origin; GSL's generator
  /// starts after it, at (½, …, ½)), gives A = its first D coordinates and B = the last D, and the points A, AB₁…AB_D (A with
  /// coordinate j from B), [BA₁…BA_D (B with coordinate j from A),] B, in this order — the
  /// layout SALib's `sobol.analyze` reads. With `shiftSeed`, every coordinate is randomised by
  /// a digital shift (XOR of its 31 leading bits with a per-dimension random mask), which keeps
  /// the sequence's stratification and makes independent replicates of the design. Starting
  /// from the origin, the first 2ᵏ base rows are a balanced net for every k, so the nested
  /// designs of `brisim analyze`'s convergence analysis are Sobol' designs in their own right.
  static func saltelliPoints(
    dimensions: [SweepDimension], baseSamples: Int, secondOrder: Bool, shiftSeed: UInt64?
  ) -> [[Double]] {
    let d = dimensions.count
    let sequence = QuasiRandomSequence(kind: .sobol, dimension: 2 * d)
    let masks: [UInt64] =
      shiftSeed.map { seed in
        let stream = RandomStream(seed: seed, stream: StreamID("sweep.saltelli-shift"))
        return (0..<(2 * d)).map { _ in UInt64(stream.uniformInt(below: 1 << 31)) }
      } ?? []
    func shifted(_ u: Double, _ k: Int) -> Double {
      guard !masks.isEmpty else { return u }
      let bits = UInt64(u * Double(1 << 31)) ^ masks[k]
      return (Double(bits) + 0.5) / Double(1 << 31)
    }
    var points: [[Double]] = []
    points.reserveCapacity(baseSamples * (secondOrder ? 2 * d + 2 : d + 2))
    for i in 0..<baseSamples {
      let unit = i == 0 ? [Double](repeating: 0, count: 2 * d) : sequence.next()
      let row = unit.enumerated().map { shifted($1, $0) }
      let a = Array(row[0..<d])
      let b = Array(row[d..<(2 * d)])
      points.append(a)
      for j in 0..<d {
        var ab = a
        ab[j] = b[j]
        points.append(ab)
      }
      if secondOrder {
        for j in 0..<d {
          var ba = b
          ba[j] = a[j]
          points.append(ba)
        }
      }
      points.append(b)
    }
    return points.map { zip($0, dimensions).map { map($0, $1) } }
  }

  /// Maps u ∈ [0, 1) to a dimension's values: linearly onto a range, or onto the list by
  /// equal-probability bins; discrete parameters are rounded.
  static func map(_ u: Double, _ dimension: SweepDimension) -> Double {
    let value: Double
    switch dimension.values {
    case .range(let low, let high, _):
      value = low + (high - low) * u
    case .list(let values):
      value = values[min(values.count - 1, Int(u * Double(values.count)))]
    }
    return dimension.isDiscrete ? value.rounded() : value
  }
}
