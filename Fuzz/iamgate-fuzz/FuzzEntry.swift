import FuzzTargets
import IAMGateKit

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

/// Where an input that was over the CPU limit once, and under it when run again at once, is kept
/// (`IAMGATE_FUZZ_RECHECK_DIR`, read once in `main`); without it, one run over the limit is a failure.
nonisolated(unsafe) var recheckDirectory: String?

/// libFuzzer's entry point: one input through the selected target. An input that takes more CPU time than
/// `cpuSecondsPerInput` on this thread is a failure: the process aborts, and libFuzzer keeps the input as an artifact.
/// CPU time, unlike libFuzzer's wall-clock `-timeout`, does not grow when other work shares the machine, so a busy
/// machine never turns a fast input into a reported one (the `-timeout` that `scripts/fuzz.sh` passes is only the
/// backstop for an input that never returns). It is this thread's time: every target works on its input on the
/// thread that calls it (only the audit targets' example audit, made once per process, uses more threads).
///
/// A pause of the virtual machine is charged to the thread that was running (a snapshot of this project's machine
/// charged 1.03 s to an input that takes 0.1 s), so with `recheckDirectory` set an input over the limit runs again at
/// once: over it again, it fails; under it, it is written to `recheckDirectory`, and `scripts/fuzz.sh` runs it in a new
/// process, where nothing is cached yet, with no second chance.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    let spent = cpuSeconds { selectedTarget?.run(bytes) }
    guard spent > cpuSecondsPerInput else { return 0 }
    guard let directory = recheckDirectory else {
        fail("iamgate-fuzz: slow input: \(spent) seconds of CPU time, over the limit of \(cpuSecondsPerInput)")
    }
    let again = cpuSeconds { selectedTarget?.run(bytes) }
    guard again <= cpuSecondsPerInput else {
        fail(
            "iamgate-fuzz: slow input: \(spent) seconds of CPU time, then \(again) run again, over the limit of "
                + "\(cpuSecondsPerInput)")
    }
    let path = directory + "/slow-once-" + InputLedger.sha256(bytes)
    guard FuzzWorkspace.writeFile(bytes, atPath: path) else {
        fail("iamgate-fuzz: cannot write \(path) (an input slow once, to check again)")
    }
    say("iamgate-fuzz: an input took \(spent) seconds of CPU time, then \(again) run again: kept as \(path)")
    return 0
}

/// The CPU time `body` takes on this thread, in seconds.
func cpuSeconds(_ body: () -> Void) -> Double {
    let started = threadCPUSeconds()
    body()
    return threadCPUSeconds() - started
}

/// `line` on standard error, written at once.
func say(_ line: String) {
    let message = Array((line + "\n").utf8)
    _ = message.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
}

/// `line` on standard error, then an abort, so that libFuzzer keeps the input.
func fail(_ line: String) -> Never {
    say(line)
    abort()
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
            say("iamgate-fuzz: set IAMGATE_FUZZ_TARGET to one of: \(names)")
            exit(64)
        }
        selectedTarget = target
        if let text = getenv("IAMGATE_FUZZ_CPU_SECONDS").map({ String(cString: $0) }) {
            guard let seconds = Double(text), seconds > 0 else {
                say("iamgate-fuzz: IAMGATE_FUZZ_CPU_SECONDS is '\(text)', not a number of seconds")
                exit(64)
            }
            cpuSecondsPerInput = seconds
        }
        if let directory = getenv("IAMGATE_FUZZ_RECHECK_DIR").map({ String(cString: $0) }), !directory.isEmpty {
            recheckDirectory = directory
        }
        var argc = CommandLine.argc
        var argv = CommandLine.unsafeArgv
        exit(runFuzzerDriver(&argc, &argv, fuzzerTestOneInput))
    }
}
