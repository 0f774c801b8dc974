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

/// The CPU time one input may take (`IAMGATE_FUZZ_CPU_SECONDS`, default 1), read once in `main`.
nonisolated(unsafe) var cpuSecondsPerInput = 1.0

/// libFuzzer's entry point: one input through the selected target. An input that takes more CPU time than
/// `cpuSecondsPerInput` on this thread is a failure: the process aborts, and libFuzzer keeps the input as an artifact.
/// CPU time, unlike libFuzzer's wall-clock `-timeout`, does not grow when other work shares the machine, so a busy
/// machine never turns a fast input into a reported one (the `-timeout` that `scripts/fuzz.sh` passes is only the
/// backstop for an input that never returns). It is this thread's time: every target works on its input on the
/// thread that calls it (only the audit targets' example audit, made once per process, uses more threads).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    let started = threadCPUSeconds()
    selectedTarget?.run(bytes)
    let spent = threadCPUSeconds() - started
    if spent > cpuSecondsPerInput {
        let line = "iamgate-fuzz: slow input: \(spent) seconds of CPU time, over the limit of \(cpuSecondsPerInput)\n"
        let message = Array(line.utf8)
        _ = message.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
        abort()
    }
    return 0
}

/// CPU time this thread has used, in seconds.
func threadCPUSeconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
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
        if let text = getenv("IAMGATE_FUZZ_CPU_SECONDS").map({ String(cString: $0) }) {
            guard let seconds = Double(text), seconds > 0 else {
                let line = "iamgate-fuzz: IAMGATE_FUZZ_CPU_SECONDS is '\(text)', not a number of seconds\n"
                let message = Array(line.utf8)
                _ = message.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
                exit(64)
            }
            cpuSecondsPerInput = seconds
        }
        var argc = CommandLine.argc
        var argv = CommandLine.unsafeArgv
        exit(runFuzzerDriver(&argc, &argv, fuzzerTestOneInput))
    }
}
