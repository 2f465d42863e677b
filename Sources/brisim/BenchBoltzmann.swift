import ArgumentParser
import BoltzmannWealth
import Dispatch
import Engine
import Stochastic

extension BoltzmannUpdateMode: ExpressibleByArgument {}

/// `brisim bench boltzmann`: the Boltzmann wealth model, the engine's cross-framework benchmark.
struct BenchBoltzmann: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "boltzmann",
    abstract: "Run the Boltzmann wealth model and print agent-steps per second and the Gini.",
    discussion: """
      Each step every agent with wealth gives one unit to a uniformly random other agent. \
      'sequential' is Mesa's semantics (random order, one thread); 'parallel' is a synchronous \
      variant over fixed partitions that uses every thread and gives identical results for any \
      thread count. Output is one 'key: value' line per figure.
      """)

  @Option(help: "Number of agents N (at least 2).")
  var agents: Int = 100_000

  @Option(help: "Number of steps (at least 1).")
  var steps: Int = 100

  @Option(help: "Update mode: sequential (Mesa's semantics) or parallel (synchronous).")
  var mode: BoltzmannUpdateMode = .sequential

  @Option(help: "Worker threads for parallel mode (default: all cores). Never changes results.")
  var threads: Int?

  @Option(help: "Master seed of the random streams.")
  var seed: UInt64 = 42

  @Option(help: "Agents per partition in parallel mode, rounded up to a power of two.")
  var partitionSize: Int = 16_384

  @Option(help: "Write per-step metrics (step, gini, zero_wealth_share) to this CSV file.")
  var collect: String?

  @Option(help: "With --collect: write every K-th step.")
  var collectEvery: Int = 1

  func validate() throws {
    guard agents >= 2 else { throw ValidationError("--agents must be at least 2, got \(agents)") }
    guard agents <= Int(Int32.max) else {
      throw ValidationError("--agents must be at most \(Int32.max), got \(agents)")
    }
    guard steps >= 1 else { throw ValidationError("--steps must be at least 1, got \(steps)") }
    if let threads, threads < 1 {
      throw ValidationError("--threads must be at least 1, got \(threads)")
    }
    guard partitionSize >= 1 else {
      throw ValidationError("--partition-size must be at least 1, got \(partitionSize)")
    }
    guard collectEvery >= 1 else {
      throw ValidationError("--collect-every must be at least 1, got \(collectEvery)")
    }
  }

  func run() throws {
    let executor = ParallelExecutor(threadCount: mode == .sequential ? 1 : threads)
    let model = BoltzmannWealthModel(
      BoltzmannParameters(agentCount: agents, seed: seed, mode: mode, partitionSize: partitionSize))

    let collectors: [StepCollector<BoltzmannWealthModel>]
    do {
      collectors =
        try collect.map { path in
          let table = try CSVTableWriter(
            path: path, columns: ["step", "gini", "zero_wealth_share"])
          return [
            StepCollector(table: table, every: collectEvery) { model, step, table in
              table.append(step)
              table.append(model.gini)
              table.append(model.zeroWealthShare)
              try table.endRow()
            }
          ]
        } ?? []
    } catch let error as OutputError {
      throw BadInput("--collect: \(error)")
    }

    let timings = PhaseTimings(for: model.schedule)
    let start = DispatchTime.now().uptimeNanoseconds
    try model.run(steps: steps, executor: executor, timings: timings, collectors: collectors)
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9

    let checksum = model.wealth.storage.withMemoryRebound(to: UInt8.self) { bytes in
      bytes.reduce(UInt64(0xCBF2_9CE4_8422_2325)) { ($0 ^ UInt64($1)) &* 0x0000_0100_0000_01B3 }
    }
    let report: [(String, String)] = [
      ("model", "boltzmann"),
      ("mode", mode.rawValue),
      ("agents", "\(agents)"),
      ("steps", "\(steps)"),
      ("threads", "\(executor.threadCount)"),
      ("partitions", "\(model.partitioning.partitionCount)"),
      ("seed", "\(seed)"),
      ("wall_seconds", "\(seconds)"),
      ("agent_steps_per_second", "\(Double(agents) * Double(steps) / seconds)"),
      ("gini", "\(model.gini)"),
      ("zero_wealth_share", "\(model.zeroWealthShare)"),
      ("total_wealth", "\(model.totalWealth)"),
      ("wealth_fnv1a64", String(checksum, radix: 16)),
    ]
    for (key, value) in report { print("\(key): \(value)") }
    for (name, seconds) in timings.seconds {
      print("phase_seconds[\(name)]: \(seconds)")
    }
  }
}
