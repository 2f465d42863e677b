import Cluster
import Foundation
import Testing

@Suite("Slurm job scripts")
struct SlurmJobTests {
  func job(tasks: Int = 4, path: String = "/data/results/demo") -> SlurmJob {
    SlurmJob(
      experimentName: "demo", brisimPath: "/opt/brisim/bin/brisim",
      configPath: "/home/me/my configs/demo.yaml", resultsFolder: path,
      workingDirectory: "/home/me", tasks: tasks, cpusPerTask: 8, timeLimit: "1-00:00:00",
      partition: "compute", account: nil, figures: true)
  }

  @Test("Task lists in Slurm's compact --array form")
  func arraySpecification() {
    #expect(SlurmJob.arraySpecification([1, 2, 3, 4]) == "1-4")
    #expect(SlurmJob.arraySpecification([7, 2, 5, 8, 9]) == "2,5,7-9")
    #expect(SlurmJob.arraySpecification([3]) == "3")
    #expect(SlurmJob.arraySpecification([1, 3, 5]) == "1,3,5")
    #expect(SlurmJob.arraySpecification([]) == "")
  }

  @Test("The array script: one task per shard, CPUs as concurrent runs, quoted paths, valid bash")
  func arrayScript() throws {
    let script = job().arrayScript()
    #expect(script.hasPrefix("#!/bin/bash\n"))
    #expect(script.contains("\nset -uo pipefail\ncd /home/me\n"))
    for line in [
      "#SBATCH --array=1-4", "#SBATCH --cpus-per-task=8", "#SBATCH --time=1-00:00:00",
      "#SBATCH --partition=compute",
      "#SBATCH --output=/data/results/demo/slurm/logs/sweep-%A_%a.out",
      "/opt/brisim/bin/brisim sweep '/home/me/my configs/demo.yaml' --out /data/results/demo --shard \"${SLURM_ARRAY_TASK_ID}/4\" --jobs \"${SLURM_CPUS_PER_TASK:-1}\" --threads 1",
    ] {
      #expect(script.contains(line + "\n"), "missing: \(line)")
    }
    #expect(!script.contains("--account"))
    #expect(!script.contains("--retry-failed"))
    #expect(job().arrayScript(retryFailed: true).contains("--threads 1 --retry-failed\n"))
    // Every directive comes before the first command, as sbatch requires.
    let lines = script.split(separator: "\n")
    let lastDirective = try #require(lines.lastIndex { $0.hasPrefix("#SBATCH") })
    let firstCommand = try #require(lines.firstIndex { !$0.hasPrefix("#") })
    #expect(lastDirective < firstCommand)
    #expect(try bashAccepts(script))
  }

  @Test("Further #SBATCH options and setup lines go into both scripts, before brisim runs")
  func siteOptions() throws {
    var site = job()
    site.sbatchOptions = ["--mem=8G", "--qos=long"]
    site.setupLines = ["module load gsl openblas", "export OMP_NUM_THREADS=1"]
    for script in [site.arrayScript(), site.mergeScript()] {
      let lines = script.split(separator: "\n").map(String.init)
      let memory = try #require(lines.firstIndex(of: "#SBATCH --mem=8G"))
      let module = try #require(lines.firstIndex(of: "module load gsl openblas"))
      let brisim = try #require(lines.firstIndex { $0.hasPrefix("/opt/brisim/bin/brisim") })
      #expect(lines.contains("#SBATCH --qos=long"))
      #expect(memory < module && module < brisim)
      #expect(lines[module + 1] == "export OMP_NUM_THREADS=1")
      // A login shell (module is defined there), strict mode only after the setup lines.
      #expect(lines[0] == "#!/bin/bash -l")
      #expect(lines[module + 2] == "set -uo pipefail")
      #expect(try bashAccepts(script))
    }
  }

  @Test("The merge script merges, reports the status and draws figures when asked")
  func mergeScript() throws {
    let script = job().mergeScript()
    #expect(script.contains("/opt/brisim/bin/brisim merge /data/results/demo\n"))
    #expect(
      script.contains("then /opt/brisim/bin/brisim figures /data/results/demo || exit $?; fi\n"))
    // The status after the merge (the merge's own exit status is the job's).
    let lines = script.split(separator: "\n").map(String.init)
    let merge = try #require(
      lines.firstIndex(of: "/opt/brisim/bin/brisim merge /data/results/demo"))
    #expect(lines[merge + 1] == "status=$?")
    #expect(lines[merge + 2] == "/opt/brisim/bin/brisim status /data/results/demo --shards 4")
    #expect(lines.last == "exit \"$status\"")
    #expect(script.contains("#SBATCH --output=/data/results/demo/slurm/logs/merge-%j.out\n"))
    #expect(try bashAccepts(script))
    var plain = job()
    plain.figures = false
    #expect(!plain.mergeScript().contains(" figures "))
  }

  @Test("The job record round-trips through job.json")
  func record() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
      "brisim-slurm-record-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: folder) }
    var written = job(path: folder.path)
    written.mergeJob = "4711"
    try written.write()
    #expect(SlurmJob.recorded(resultsFolder: folder.path) == written)
    #expect(
      FileManager.default.fileExists(atPath: folder.appendingPathComponent("slurm/logs").path))
    let mode =
      try FileManager.default.attributesOfItem(atPath: written.arrayScriptPath)[
        .posixPermissions] as? Int
    #expect(mode == 0o755)
    #expect(SlurmJob.recorded(resultsFolder: folder.appendingPathComponent("none").path) == nil)
  }

  /// Whether `bash -n` (parse without running) accepts `script`.
  func bashAccepts(_ script: String) throws -> Bool {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/bash")
    process.arguments = ["-n"]
    let input = Pipe()
    process.standardInput = input
    try process.run()
    input.fileHandleForWriting.write(Data(script.utf8))
    try input.fileHandleForWriting.close()
    process.waitUntilExit()
    return process.terminationStatus == 0
  }
}
