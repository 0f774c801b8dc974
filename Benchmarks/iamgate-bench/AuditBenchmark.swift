// Whole-process figures for `iamgate audit`: every user and role of a generated account (5,000 roles, 1,000 users,
// shared managed policies, groups, boundaries, inline policies) checked for the five operations, with the child's
// peak memory; and the same file through cloudsplaining (`cloudsplaining scan`), for comparison.

import Foundation
import IAMGateKit

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

enum AuditTarget {
    /// iamgate audit at least this many times faster than cloudsplaining on the same file.
    static let speedupOverCloudsplaining = 20.0
    /// Peak memory at most this multiple of the file's size.
    static let memoryMultiple = 3.0
    static let roles = 5_000
    static let users = 1_000
    /// The HTML report of that account at most this many bytes (issue 13: cloudsplaining writes 21 MB for it).
    static let htmlBytes = 5_000_000
}

/// cloudsplaining as `scripts/ensure-deps.sh` installs it, in the project's venv.
let cloudsplainingPath = ".venv/bin/cloudsplaining"

func benchmarkAudit(runs: Int) throws -> (figures: [(name: String, value: String)], targetLines: [String]) {
    let binary = try iamgateBinary()
    let bytes = AuthorizationDetailsGenerator.make(
        roles: AuditTarget.roles, users: AuditTarget.users, groups: 20, managedPolicies: 500, seed: 7)
    let directory = "/tmp/iamgate-bench-audit-\(getpid())"
    mkdir(directory, 0o700)
    let path = directory + "/authorization-details.json"
    guard let file = fopen(path, "wb") else { throw BenchmarkFailure("cannot write \(path)") }
    _ = bytes.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) }
    fclose(file)
    defer {
        unlink(path)
        _ = try? measureProcess("/bin/rm", ["-rf", directory])
    }
    let arguments = ["audit", "--authorization-details", path, "--region", "us-east-1"]
    var times: [Double] = []
    var cpuTimes: [Double] = []
    var peak = 0
    for _ in 0..<max(runs, 1) {
        let run = try measureProcess(binary, arguments)
        // 0: every principal resolved (the generated file lists every policy it attaches).
        guard run.status == 0 else { throw BenchmarkFailure("iamgate audit exited \(run.status), expected 0") }
        times.append(run.seconds)
        cpuTimes.append(run.cpuSeconds)
        peak = max(peak, run.peakBytes)
    }
    let cpuSeconds = median(cpuTimes)
    var load = [Double](repeating: 0, count: 3)
    let loadCount = getloadavg(&load, 3)
    var jsonRun = try measureProcess(binary, arguments + ["--format", "json"])
    guard jsonRun.status == 0 else { throw BenchmarkFailure("iamgate audit --format json exited \(jsonRun.status)") }
    jsonRun.seconds = max(jsonRun.seconds, 1e-9)
    let oneThread = try measureProcess(binary, arguments + ["--threads", "1"])
    let htmlPath = directory + "/audit.html"
    var htmlRun = try measureProcess(binary, arguments + ["--format", "html"], stdout: htmlPath)
    guard htmlRun.status == 0 else { throw BenchmarkFailure("iamgate audit --format html exited \(htmlRun.status)") }
    htmlRun.seconds = max(htmlRun.seconds, 1e-9)
    let htmlBytes = fileSize(htmlPath)
    // The same audit without the escalation search, to say what one hop of escalation costs.
    var plainTimes: [Double] = []
    var plainCPUTimes: [Double] = []
    var plainPeak = 0
    for _ in 0..<max(runs, 1) {
        let run = try measureProcess(binary, arguments + ["--no-escalations"])
        guard run.status == 0 else { throw BenchmarkFailure("iamgate audit --no-escalations exited \(run.status)") }
        plainTimes.append(run.seconds)
        plainCPUTimes.append(run.cpuSeconds)
        plainPeak = max(plainPeak, run.peakBytes)
    }
    // The escalations the generated account holds, by path and verdict (the same audit, in this process).
    var auditOptions = AuditOptions()
    auditOptions.authorizationDetails = [path]
    auditOptions.region = "us-east-1"
    let escalations = try AuditRunner.run(auditOptions).escalations
    let seconds = median(times)
    let multiple = Double(peak) / Double(bytes.count)
    let principals = AuditTarget.roles + AuditTarget.users

    // cloudsplaining on the same file, when it is installed; it writes its HTML and JSON results to a folder.
    var cloudsplainingSeconds: Double?
    var cloudsplainingCPU = 0.0
    var cloudsplainingNote = ""
    var cloudsplainingHTMLBytes = 0
    if access(cloudsplainingPath, X_OK) == 0 {
        let output = directory + "/cloudsplaining"
        mkdir(output, 0o700)
        let run = try measureProcess(cloudsplainingPath, ["scan", "--input-file", path, "--output", output])
        if run.status == 0 {
            cloudsplainingSeconds = run.seconds
            cloudsplainingCPU = run.cpuSeconds
            let files = (try? FileManager.default.contentsOfDirectory(atPath: output)) ?? []
            cloudsplainingHTMLBytes = files.filter { $0.hasSuffix(".html") }.reduce(0) {
                $0 + fileSize(output + "/" + $1)
            }
        } else {
            cloudsplainingNote = "cloudsplaining scan exited \(run.status) (run it by hand to see why)"
        }
    } else {
        cloudsplainingNote =
            "cloudsplaining is not installed at \(cloudsplainingPath) (scripts/ensure-deps.sh installs it)"
    }

    print("")
    print(
        "iamgate audit: \(principals) principals (\(AuditTarget.roles) roles, \(AuditTarget.users) users) x 5 "
            + "operations, \(format(Double(bytes.count) / 1e6, decimals: 1)) MB file (median of \(times.count))")
    print(
        "  machine: \(ProcessInfo.processInfo.activeProcessorCount) cores, load average "
            + (loadCount > 0 ? format(load[0], decimals: 2) : "unknown") + " when it began")
    print("  wall time, text report                                \(format(seconds, decimals: 2)) s")
    print("  CPU time (user + system), text report                 \(format(cpuSeconds, decimals: 2)) s")
    print("  wall time, JSON report                                \(format(jsonRun.seconds, decimals: 2)) s")
    print("  wall time, one thread                                 \(format(oneThread.seconds, decimals: 2)) s")
    let plainSeconds = median(plainTimes)
    let plainCPU = median(plainCPUTimes)
    print(
        "  without the escalation search (--no-escalations)     \(format(plainSeconds, decimals: 2)) s wall, "
            + "\(format(plainCPU, decimals: 2)) s CPU, \(format(Double(plainPeak) / 1e6, decimals: 1)) MB peak")
    let assumed = escalations.filter { $0.path == .assumeRole }
    let passed = escalations.filter { $0.path == .imageBuilderInstanceProfile }
    print(
        "  escalations found                                     \(escalations.count): \(assumed.count) sts:AssumeRole "
            + "(\(assumed.filter { $0.verdict == .allowed }.count) allowed), \(passed.count) Image Builder "
            + "(\(passed.filter { $0.verdict == .allowed }.count) allowed)")
    print(
        "  wall time, HTML report                                \(format(htmlRun.seconds, decimals: 2)) s "
            + "(\(format(htmlRun.seconds - seconds, decimals: 2)) s more than the text report), "
            + "\(format(htmlRun.cpuSeconds, decimals: 2)) s of CPU")
    print("  HTML report size                                      \(format(Double(htmlBytes) / 1e6, decimals: 2)) MB")
    print(
        "  peak memory                                           \(format(Double(peak) / 1e6, decimals: 1)) MB "
            + "(\(format(multiple, decimals: 2))x the file)")
    var figures: [(name: String, value: String)] = [
        ("audit_file_mb", format(Double(bytes.count) / 1e6, decimals: 1)),
        ("audit_principals", String(principals)),
        ("audit_wall_s", format(seconds, decimals: 2)),
        ("audit_cpu_s", format(cpuSeconds, decimals: 2)),
        ("audit_json_wall_s", format(jsonRun.seconds, decimals: 2)),
        ("audit_one_thread_wall_s", format(oneThread.seconds, decimals: 2)),
        ("audit_html_wall_s", format(htmlRun.seconds, decimals: 2)),
        ("audit_html_cpu_s", format(htmlRun.cpuSeconds, decimals: 2)),
        ("audit_html_mb", format(Double(htmlBytes) / 1e6, decimals: 2)),
        ("audit_no_escalations_wall_s", format(plainSeconds, decimals: 2)),
        ("audit_no_escalations_cpu_s", format(plainCPU, decimals: 2)),
        ("audit_no_escalations_peak_mb", format(Double(plainPeak) / 1e6, decimals: 1)),
        ("audit_escalations", String(escalations.count)),
        ("audit_peak_mb", format(Double(peak) / 1e6, decimals: 1)),
        ("audit_peak_multiple", format(multiple, decimals: 2)),
    ]
    var lines = [
        "target_audit_memory: \(format(AuditTarget.memoryMultiple, decimals: 0))x "
            + (multiple <= AuditTarget.memoryMultiple ? "met" : "MISSED"),
        "target_audit_html_size: \(format(Double(AuditTarget.htmlBytes) / 1e6, decimals: 0)) MB "
            + (htmlBytes <= AuditTarget.htmlBytes ? "met" : "MISSED"),
    ]
    if let cloudsplainingSeconds {
        let speedup = cloudsplainingSeconds / seconds
        let cpuRatio = cloudsplainingCPU / max(cpuSeconds, 1e-9)
        print("cloudsplaining scan, same file                          \(format(cloudsplainingSeconds, decimals: 2)) s")
        print("  CPU time (user + system)                              \(format(cloudsplainingCPU, decimals: 2)) s")
        print(
            "  iamgate audit is \(format(speedup, decimals: 1))x faster (wall time); it uses "
                + "\(format(cpuRatio, decimals: 1))x less CPU time")
        figures.append(("cloudsplaining_wall_s", format(cloudsplainingSeconds, decimals: 2)))
        figures.append(("cloudsplaining_cpu_s", format(cloudsplainingCPU, decimals: 2)))
        figures.append(("audit_speedup_over_cloudsplaining", format(speedup, decimals: 1)))
        figures.append(("audit_cpu_ratio_over_cloudsplaining", format(cpuRatio, decimals: 1)))
        if cloudsplainingHTMLBytes > 0 {
            print(
                "  its HTML report                                     "
                    + "\(format(Double(cloudsplainingHTMLBytes) / 1e6, decimals: 2)) MB (iamgate's is "
                    + "\(format(Double(cloudsplainingHTMLBytes) / Double(max(htmlBytes, 1)), decimals: 1))x smaller)")
            figures.append(("cloudsplaining_html_mb", format(Double(cloudsplainingHTMLBytes) / 1e6, decimals: 2)))
        }
        lines.append(
            "target_audit_speedup: \(format(AuditTarget.speedupOverCloudsplaining, decimals: 0))x "
                + (speedup >= AuditTarget.speedupOverCloudsplaining ? "met" : "MISSED"))
    } else {
        print("cloudsplaining: not measured: \(cloudsplainingNote)")
        lines.append(
            "target_audit_speedup: \(format(AuditTarget.speedupOverCloudsplaining, decimals: 0))x NOT MEASURED")
    }
    return (figures, lines)
}

/// The size of the file at `path` in bytes, 0 when it cannot be read.
func fileSize(_ path: String) -> Int {
    var info = stat()
    return stat(path, &info) == 0 ? Int(info.st_size) : 0
}
