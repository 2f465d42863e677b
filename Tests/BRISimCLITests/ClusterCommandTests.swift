import Foundation
import Testing

@Suite("Cluster commands")
struct ClusterCommandTests {
  /// Runs `script` with bash as a Slurm task would (its variables set), returning the status.
  func runAsSlurmTask(_ script: URL, arrayTask: Int?, cpus: Int) throws -> Int32 {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/bash")
    process.arguments = [script.path]
    var environment = ProcessInfo.processInfo.environment
    environment["SLURM_CPUS_PER_TASK"] = "\(cpus)"
    if let arrayTask { environment["SLURM_ARRAY_TASK_ID"] = "\(arrayTask)" }
    process.environment = environment
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    return process.terminationStatus
  }

  @Test(
    "brisim slurm writes a job array and merge job whose tasks, run as Slurm runs them, give the local sweep's summary.csv; status names the tasks to resubmit"
  )
  func slurmScripts() throws {
    let folder = try makeFolder("slurm")
    defer { try? FileManager.default.removeItem(at: folder) }
    let config = try writeConfig(testSweepConfig, in: folder)
    let local = folder.appendingPathComponent("local")
    #expect(try brisim("sweep", config, "--out", local.path).status == 0)

    let out = folder.appendingPathComponent("slurm")
    let written = try brisim(
      "slurm", config, "--out", out.path, "--tasks", "3", "--partition", "debug")
    #expect(written.status == 0, "\(written.standardError)")
    #expect(written.standardOutput.contains("(3 tasks × 1 CPU, 16 runs)"))
    // The plan and manifest are written before any task starts; no run yet.
    let planned = try FileManager.default.contentsOfDirectory(atPath: out.path).sorted()
    #expect(planned == ["manifest.json", "plan.csv", "slurm"])
    let scripts = out.appendingPathComponent("slurm")

    let fresh = try brisim("status", out.path)
    #expect(fresh.status == 1)
    #expect(fresh.standardOutput.contains("3/3            5         0       0        5"))
    #expect(fresh.standardOutput.contains("--submit   (submits tasks 1-3 and a merge after)"))

    let arrayScript = scripts.appendingPathComponent("sweep.sbatch")
    for task in [1, 3] {
      #expect(try runAsSlurmTask(arrayScript, arrayTask: task, cpus: 2) == 0)
    }
    let partial = try brisim("status", out.path)
    #expect(partial.status == 1)
    #expect(partial.standardOutput.contains("16 runs planned, 11 complete, 0 failed, 5 missing"))
    #expect(partial.standardOutput.contains("(submits task 2 and a merge after)"))
    #expect(partial.standardOutput.contains("sbatch --parsable --array=2 \(arrayScript.path)"))
    #expect(try runAsSlurmTask(arrayScript, arrayTask: 2, cpus: 1) == 0)
    #expect(
      try runAsSlurmTask(scripts.appendingPathComponent("merge.sbatch"), arrayTask: nil, cpus: 1)
        == 0)
    let summary = try Data(contentsOf: out.appendingPathComponent("summary.csv"))
    #expect(summary == (try Data(contentsOf: local.appendingPathComponent("summary.csv"))))
    let done = try brisim("status", out.path)
    #expect(done.status == 0 && done.standardOutput.contains("16 complete, 0 failed, 0 missing"))

    // A later call keeps the options it is not given.
    #expect(try brisim("slurm", config, "--out", out.path, "--cpus-per-task", "4").status == 0)
    let script = try String(contentsOf: arrayScript, encoding: .utf8)
    #expect(script.contains("#SBATCH --partition=debug\n") && script.contains("--array=1-3\n"))
    #expect(script.contains("#SBATCH --cpus-per-task=4\n"))

    // Site options are recorded; --reset-options forgets them; more tasks than runs are capped.
    #expect(
      try brisim(
        "slurm", config, "--out", out.path, "--sbatch-option=--mem=2G", "--setup",
        "module load gsl"
      ).status == 0)
    #expect(try brisim("slurm", config, "--out", out.path).status == 0)
    let site = try String(contentsOf: arrayScript, encoding: .utf8)
    #expect(site.contains("#SBATCH --mem=2G\n") && site.contains("\nmodule load gsl\n"))
    let capped = try brisim("slurm", config, "--out", out.path, "--reset-options", "--tasks", "40")
    #expect(capped.status == 0 && capped.standardError.contains("more than the 16 runs; using 16"))
    let reset = try String(contentsOf: arrayScript, encoding: .utf8)
    #expect(!reset.contains("--mem=2G") && !reset.contains("--partition"))
    #expect(reset.contains("#SBATCH --array=1-16\n"))

    // Bad values: one line naming the option, exit status 2; nothing to submit with: the same.
    for (arguments, mention) in [
      (["--time", "1 hour"], "--time"), (["--partition", "a;b"], "--partition"),
      (["--tasks", "0"], "--tasks"), (["--sbatch-option", "mem=8G"], "--sbatch-option"),
      (["--setup", ""], "--setup"),
    ] {
      let bad = try brisim(["slurm", config, "--out", out.path] + arguments)
      #expect(bad.status == 2 && bad.standardError.contains(mention), "\(bad.standardError)")
    }
    let noSlurm = try brisim(
      ["slurm", config, "--out", folder.appendingPathComponent("none").path, "--submit"],
      environment: ["PATH": "/nonexistent"])
    #expect(noSlurm.status == 2 && noSlurm.standardError.contains("sbatch and squeue not found"))
    #expect(
      !FileManager.default.fileExists(atPath: folder.appendingPathComponent("none/slurm").path))
  }

  @Test(
    "--executor mpi: outside mpirun one rank runs every run (same summary.csv as local); a binary without MPI says so in one line"
  )
  func mpiExecutorAlone() throws {
    let folder = try makeFolder("mpi-alone")
    defer { try? FileManager.default.removeItem(at: folder) }
    let config = try writeConfig(testSweepConfig, in: folder)
    let local = folder.appendingPathComponent("local")
    let alone = folder.appendingPathComponent("alone")
    #expect(try brisim("sweep", config, "--out", local.path).status == 0)
    let info = report(try brisim("info").standardOutput)
    let result = try brisim("sweep", config, "--out", alone.path, "--executor", "mpi")
    if info["mpi"]?.hasPrefix("not built in") == true {
      #expect(result.status == 2)
      #expect(result.standardError.contains("this brisim was built without MPI"))
      #expect(!FileManager.default.fileExists(atPath: alone.path))
    } else {
      #expect(result.status == 0, "\(result.standardError)")
      let summary = try Data(contentsOf: alone.appendingPathComponent("summary.csv"))
      #expect(summary == (try Data(contentsOf: local.appendingPathComponent("summary.csv"))))
    }
    let bad = try brisim("sweep", config, "--executor", "slurm")
    #expect(bad.status == 2 && bad.standardError.contains("--executor"))
    let timeout = try brisim("sweep", config, "--executor", "mpi", "--rank-timeout", "0")
    #expect(timeout.status == 2 && timeout.standardError.contains("--rank-timeout"))
    // One of several ranks started by mpirun without --executor mpi: refused before anything.
    var environment = ProcessInfo.processInfo.environment
    environment["OMPI_COMM_WORLD_SIZE"] = "3"
    let racing = folder.appendingPathComponent("racing")
    let racingRun = try brisim(["sweep", config, "--out", racing.path], environment: environment)
    #expect(racingRun.status == 2 && racingRun.standardError.contains("add --executor mpi"))
    #expect(!FileManager.default.fileExists(atPath: racing.path))
  }
}
