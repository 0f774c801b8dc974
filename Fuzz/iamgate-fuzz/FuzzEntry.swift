import FuzzTargets

#if canImport(Glibc)
    import Glibc
#endif

/// libFuzzer's driver (compiler-rt, linked by `-sanitize=fuzzer`): parses libFuzzer's flags and runs `callback` on
/// every input it makes.
@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

/// The target this process fuzzes, chosen once in `main` before the first input.
nonisolated(unsafe) var selectedTarget: FuzzTarget?

/// libFuzzer's entry point: one input through the selected target.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    selectedTarget?.run(bytes)
    return 0
}

/// `IAMGATE_FUZZ_TARGET=NAME iamgate-fuzz [libFuzzer flags] [corpus directories or inputs]`: libFuzzer on one target.
/// SwiftPM gives an executable its own entry point, so libFuzzer's `main` is not used; this one picks the target and
/// hands the command line to libFuzzer's driver.
@main
enum FuzzEntry {
    static func main() {
        let name = getenv("IAMGATE_FUZZ_TARGET").map { String(cString: $0) } ?? ""
        guard let target = FuzzTarget(rawValue: name) else {
            let names = FuzzTarget.allCases.map(\.rawValue).joined(separator: ", ")
            let message = Array("iamgate-fuzz: set IAMGATE_FUZZ_TARGET to one of: \(names)\n".utf8)
            _ = message.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
            exit(64)
        }
        selectedTarget = target
        var argc = CommandLine.argc
        var argv = CommandLine.unsafeArgv
        exit(runFuzzerDriver(&argc, &argv, fuzzerTestOneInput))
    }
}
