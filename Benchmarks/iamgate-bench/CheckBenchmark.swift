// Whole-process figures for `iamgate check`: the wall time of one check of all five operations, and of loading a
// 5,000-role authorization-details file and checking one principal, with the child's peak memory.

import IAMGateKit

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One run of a child process: wall time, peak resident memory, exit status.
struct ProcessRun {
    var seconds: Double
    var peakBytes: Int
    var status: Int32
    /// User and system CPU time of the child (`wait4`'s resource usage): on a shared machine, what a run cost
    /// whatever else was running.
    var cpuSeconds: Double = 0
}

/// Runs `executable` with `arguments`, output discarded (or written to the file `stdout`), and measures it with
/// `wait4`'s resource usage.
func measureProcess(_ executable: String, _ arguments: [String], stdout: String = "/dev/null") throws -> ProcessRun {
    var pid: pid_t = 0
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 1, stdout, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
    let argv = ([executable] + arguments).map { strdup($0) } + [nil]
    defer { argv.forEach { free($0) } }
    // The child reports its own peak (`ru_maxrss` would include this process's memory at spawn time).
    let peakFile = "/tmp/iamgate-bench-peak-\(getpid()).txt"
    unlink(peakFile)
    defer { unlink(peakFile) }
    var environment = [strdup("IAMGATE_PEAK_MEMORY_FILE=\(peakFile)")]
    var index = 0
    while let entry = environ[index] {
        environment.append(strdup(entry))
        index += 1
    }
    environment.append(nil)
    defer { environment.forEach { free($0) } }
    let start = monotonicSeconds()
    let spawned = posix_spawn(&pid, executable, &actions, nil, argv, environment)
    guard spawned == 0 else {
        throw BenchmarkFailure("cannot start \(executable): \(String(cString: strerror(spawned)))")
    }
    var status: Int32 = 0
    var usage = rusage()
    guard wait4(pid, &status, 0, &usage) == pid else { throw BenchmarkFailure("wait4 failed for \(executable)") }
    let seconds = monotonicSeconds() - start
    let exitStatus = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
    var peakKilobytes = 0
    if let file = fopen(peakFile, "r") {
        var line = [CChar](repeating: 0, count: 64)
        if fgets(&line, Int32(line.count), file) != nil {
            peakKilobytes =
                Int(
                    String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self).filter(
                        \.isNumber)) ?? 0
        }
        fclose(file)
    }
    let cpu =
        Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6 + Double(usage.ru_stime.tv_sec)
        + Double(usage.ru_stime.tv_usec) / 1e6
    return ProcessRun(seconds: seconds, peakBytes: peakKilobytes * 1024, status: exitStatus, cpuSeconds: cpu)
}

func monotonicSeconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_MONOTONIC, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    guard !sorted.isEmpty else { return 0 }
    return sorted.count % 2 == 1
        ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
}

/// The `iamgate` binary beside this benchmark (same build configuration).
func iamgateBinary() throws -> String {
    let me = CommandLine.arguments[0]
    let directory = me.contains("/") ? String(me[..<(me.lastIndex(of: "/") ?? me.endIndex)]) : "."
    let candidate = directory + "/iamgate"
    guard access(candidate, X_OK) == 0 else {
        throw BenchmarkFailure(
            "no iamgate binary beside the benchmark at \(candidate) (build it: swift build -c release)")
    }
    return candidate
}

enum CheckTarget {
    static let wallSeconds = 0.100
    static let authorizationDetailsSeconds = 1.0
    static let memoryMultiple = 3.0
}

func benchmarkCheck(runs: Int) throws -> (figures: [(name: String, value: String)], targetLines: [String]) {
    let binary = try iamgateBinary()
    // One check of all five operations for the example CI deployer (run from the package root: the catalog and the
    // example policies are found relative to it).
    let checkArguments = [
        "check", "--principal", "arn:aws:sts::111122223333:assumed-role/ci-deployer/build-42",
        "--policy", "policies/examples/ci-deployer.json", "--boundary", "policies/examples/ci-deployer-boundary.json",
        "--region", "us-east-1", "--format", "json",
    ]
    var checkTimes: [Double] = []
    for _ in 0..<max(runs, 3) {
        let run = try measureProcess(binary, checkArguments)
        guard run.status == 2 else { throw BenchmarkFailure("iamgate check exited \(run.status), expected 2") }
        checkTimes.append(run.seconds)
    }

    // A 5,000-role authorization-details file, generated here (never committed), and one principal checked.
    let bytes = AuthorizationDetailsGenerator.make(roles: 5_000, seed: 42)
    let path = "/tmp/iamgate-bench-authorization-details-\(getpid()).json"
    guard let file = fopen(path, "wb") else { throw BenchmarkFailure("cannot write \(path)") }
    _ = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) }
    fclose(file)
    defer { unlink(path) }
    let detailsArguments = [
        "check", "--authorization-details", path, "--principal", AuthorizationDetailsGenerator.roleARN(2_500),
        "--region", "us-east-1", "--format", "json",
    ]
    var detailsTimes: [Double] = []
    var peak = 0
    for _ in 0..<max(runs / 2, 3) {
        let run = try measureProcess(binary, detailsArguments)
        guard run.status == 0 || run.status == 2 || run.status == 3 else {
            throw BenchmarkFailure("iamgate check --authorization-details exited \(run.status)")
        }
        detailsTimes.append(run.seconds)
        peak = max(peak, run.peakBytes)
    }
    // The process's own baseline (the binary and runtime), to tell the file's share apart.
    let baseline = try measureProcess(binary, ["--version"]).peakBytes

    let checkMilliseconds = median(checkTimes) * 1000
    let detailsMilliseconds = median(detailsTimes) * 1000
    let multiple = Double(peak) / Double(bytes.count)
    let aboveBaseline = Double(peak - baseline) / Double(bytes.count)
    print("")
    print("whole process (median of \(checkTimes.count) and \(detailsTimes.count) runs)               value")
    print("iamgate check, five operations                          \(format(checkMilliseconds, decimals: 1)) ms")
    print(
        "authorization details: \(format(Double(bytes.count) / 1e6, decimals: 1)) MB, 5,000 roles, one principal   \(format(detailsMilliseconds, decimals: 1)) ms"
    )
    print(
        "  peak memory                                           \(format(Double(peak) / 1e6, decimals: 1)) MB (\(format(multiple, decimals: 2))x the file; \(format(aboveBaseline, decimals: 2))x above the \(format(Double(baseline) / 1e6, decimals: 1)) MB baseline)"
    )
    let figures: [(name: String, value: String)] = [
        ("check_wall_ms", format(checkMilliseconds, decimals: 1)),
        ("authorization_details_file_mb", format(Double(bytes.count) / 1e6, decimals: 1)),
        ("authorization_details_check_ms", format(detailsMilliseconds, decimals: 1)),
        ("authorization_details_peak_mb", format(Double(peak) / 1e6, decimals: 1)),
        ("authorization_details_peak_multiple", format(multiple, decimals: 2)),
    ]
    let lines = [
        "target_check_wall_ms: \(Int(CheckTarget.wallSeconds * 1000)) \(checkMilliseconds <= CheckTarget.wallSeconds * 1000 ? "met" : "MISSED")",
        "target_authorization_details_ms: \(Int(CheckTarget.authorizationDetailsSeconds * 1000)) \(detailsMilliseconds <= CheckTarget.authorizationDetailsSeconds * 1000 ? "met" : "MISSED")",
        "target_authorization_details_memory: \(format(CheckTarget.memoryMultiple, decimals: 0))x \(multiple <= CheckTarget.memoryMultiple ? "met" : "MISSED")",
    ]
    return (figures, lines)
}
