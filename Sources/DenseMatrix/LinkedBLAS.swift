#if canImport(Glibc)
  import Glibc
#endif

/// Which shared library this process's `cblas_dgemm` comes from.
///
/// GSL's Debian package depends on its reference `libgslcblas`; if that library wins the
/// dynamic linker's global symbol lookup, every `cblas_*` call — ours and GSL's — runs the slow
/// reference BLAS (measured here: dgemm at ~6 instead of ~50–100 GFLOP/s). The lookup uses
/// the main program's global scope, which is also what GSL's own references resolve through.
public enum LinkedBLAS {
  /// The path of the shared object providing `cblas_dgemm` in this process, if found.
  public static var dgemmProvider: String? {
    guard let program = dlopen(nil, RTLD_LAZY) else { return nil }
    defer { dlclose(program) }
    guard let symbol = dlsym(program, "cblas_dgemm") else { return nil }
    return sharedObject(containing: UInt(bitPattern: symbol))
  }

  /// True when `cblas_dgemm` resolves to OpenBLAS.
  public static var isOpenBLAS: Bool { dgemmProvider?.contains("openblas") ?? false }

  /// The file mapped at `address`, read from /proc/self/maps (Linux).
  static func sharedObject(containing address: UInt) -> String? {
    guard let file = fopen("/proc/self/maps", "r") else { return nil }
    defer { fclose(file) }
    var line: UnsafeMutablePointer<CChar>? = nil
    var capacity = 0
    defer { free(line) }
    while getline(&line, &capacity, file) > 0, let line {
      // "start-end perms offset dev inode path"
      var text = String(cString: line)
      if text.hasSuffix("\n") { text.removeLast() }
      let fields = text.split(separator: " ", omittingEmptySubsequences: true)
      guard fields.count >= 6 else { continue }
      let bounds = fields[0].split(separator: "-")
      guard bounds.count == 2, let start = UInt(bounds[0], radix: 16),
        let end = UInt(bounds[1], radix: 16)
      else { continue }
      if address >= start && address < end {
        return fields[5...].joined(separator: " ")
      }
    }
    return nil
  }
}
