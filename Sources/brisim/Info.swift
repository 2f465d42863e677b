import ArgumentParser
import Cluster
import DenseMatrix
import Engine
import Stochastic

/// `brisim info`: what this binary runs on, for bug reports and manifests.
struct Info: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Print versions of BRISim, GSL, OpenBLAS and MPI, the core count and the linked BLAS."
  )

  func run() {
    let report: [(String, String)] = [
      ("brisim", BRISimVersion.string),
      ("gsl", GSLLibrary.version),
      ("openblas", BLAS.configuration),
      ("openblas_core", BLAS.coreName),
      ("cblas_dgemm", LinkedBLAS.dgemmProvider ?? "not found"),
      ("cores", "\(ParallelExecutor.availableCores)"),
      (
        "mpi",
        MPI.libraryVersion
          ?? "not built in (brisim sweep --executor mpi needs libopenmpi-dev at build time)"
      ),
    ]
    for (key, value) in report { print("\(key): \(value)") }
    if BLAS.coreName == "Prescott" {
      // OpenBLAS 0.3.21 (Debian bookworm) does not recognise CPUs newer than it and falls
      // back to its SSE3 kernels: dgemm at ~14 instead of ~54 GFLOP/s per core measured here.
      print(
        "note: OpenBLAS chose its generic SSE3 kernels; on a CPU with AVX-512 set "
          + "OPENBLAS_CORETYPE=SkylakeX (AVX2: Haswell) before starting brisim for faster dense algebra"
      )
    }
  }
}
