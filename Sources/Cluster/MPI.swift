import CMPI

/// The few MPI calls BRISim makes, over Open MPI's C interface (CMPI). A binary built on a
/// machine without Open MPI's headers has ``isAvailable`` false and every call fails with
/// ``MPIError/unavailable``.
public enum MPI {
  /// Whether this binary was built with Open MPI (`pkg-config ompi-c` found at build time).
  public static var isAvailable: Bool { brisim_mpi_available() == 1 }

  /// The MPI library this binary links (its version text up to the first comma, e.g.
  /// `Open MPI v4.1.4`), or nil when built without MPI.
  public static var libraryVersion: String? {
    guard isAvailable else { return nil }
    var buffer = [CChar](repeating: 0, count: 512)
    brisim_mpi_library_version(&buffer, Int32(buffer.count))
    let text = String(
      decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    return String(text.split(separator: ",").first ?? Substring(text))
  }

  /// Starts MPI in this process (threads inside runs are allowed; only the calling thread
  /// talks to other ranks).
  public static func initialize() throws {
    guard isAvailable else { throw MPIError.unavailable }
    let code = brisim_mpi_init()
    guard code == 0 else { throw MPIError.call("MPI_Init_thread", code) }
  }

  /// Ends MPI in this process; call once, after the last message.
  public static func finalize() { _ = brisim_mpi_finalize() }

  /// Stops every rank of the job with `code` (for errors that leave other ranks waiting).
  public static func abort(code: Int32) -> Never {
    brisim_mpi_abort(code)
    fatalError("MPI_Abort returned")
  }

  /// This process's rank in MPI_COMM_WORLD (0 … size − 1).
  public static var rank: Int { Int(brisim_mpi_rank()) }
  /// The number of ranks in MPI_COMM_WORLD.
  public static var size: Int { Int(brisim_mpi_size()) }

  /// Sends `values` to `rank` under `tag` (blocking until the buffer may be reused).
  static func send(_ values: [Int64], to rank: Int, tag: Int32) throws {
    let code = values.withUnsafeBufferPointer {
      brisim_mpi_send($0.baseAddress, Int32($0.count), Int32(rank), tag)
    }
    guard code == 0 else { throw MPIError.call("MPI_Send", code) }
  }

  /// A message received: its sender, tag and up to `capacity` integers.
  struct Message {
    let sender: Int
    let tag: Int32
    let values: [Int64]
  }

  /// Waits for a message from `rank` (nil: any rank).
  static func receive(from rank: Int? = nil, capacity: Int = 4) throws -> Message {
    var buffer = [Int64](repeating: -1, count: capacity)
    var sender: Int32 = -1
    var tag: Int32 = -1
    let code = buffer.withUnsafeMutableBufferPointer {
      brisim_mpi_receive($0.baseAddress, Int32(capacity), Int32(rank ?? -1), &sender, &tag)
    }
    guard code == 0 else { throw MPIError.call("MPI_Recv", code) }
    return Message(sender: Int(sender), tag: tag, values: buffer)
  }

  /// Whether a message from any rank is waiting (never blocks).
  static var messageWaiting: Bool { brisim_mpi_message_waiting() == 1 }
}

/// What went wrong with MPI.
public enum MPIError: Error, CustomStringConvertible {
  /// The binary was built without Open MPI.
  case unavailable
  /// An MPI call returned an error code.
  case call(String, Int32)
  /// A worker rank could not carry out a run (its error is on that rank's stderr).
  case workerFailed(rank: Int, runID: String)
  /// Worker ranks that stopped answering (they died under `mpirun --enable-recovery`), with
  /// the run each had; every other run is done.
  case ranksLost([(rank: Int, runID: String)])

  public var description: String {
    switch self {
    case .unavailable:
      return
        "this brisim was built without MPI (Open MPI's headers were not found: install libopenmpi-dev, e.g. bash scripts/install-deps.sh --cluster, and rebuild)"
    case .call(let name, let code): return "\(name) failed with MPI error code \(code)"
    case .workerFailed(let rank, let runID):
      return "rank \(rank) could not carry out run \(runID) (its error is in that rank's stderr)"
    case .ranksLost(let lost):
      let list = lost.map { "rank \($0.rank) (run \($0.runID))" }.joined(separator: ", ")
      return
        "\(list) stopped answering; every other run is done: run the same command again to complete \(lost.count == 1 ? "it" : "them")"
    }
  }
}
