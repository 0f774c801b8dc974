import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Why headless Chromium could not be found or could not show a page: one sentence naming the binary or the URL.
public struct BrowserFailure: Error, CustomStringConvertible {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }
}

/// Debian's `chromium`, run headless on a page as a person's browser would show it: the DOM after the page's scripts
/// ran (`--dump-dom`), or a screenshot. Each run gets a fresh profile directory and runs under `timeout(1)`, in a
/// process group of its own that is ended, with every process Chromium started, when the run overruns; after each
/// run, whatever is left in that group is ended too, so no browser process outlives a test.
public struct HeadlessChromium: Sendable {
    /// The browser binary.
    public let executable: String
    /// Seconds a run may take before it is ended.
    public var timeout: Int

    public init(executable: String, timeout: Int = 90) {
        self.executable = executable
        self.timeout = timeout
    }

    /// Chromium from `IAMGATE_CHROMIUM`, or `chromium` / `chromium-browser` on `PATH`; a failure saying how to
    /// install it when there is none (a test that needs it fails, it is never skipped).
    public static func locate() throws -> HeadlessChromium {
        let environment = ProcessInfo.processInfo.environment
        if let override = environment["IAMGATE_CHROMIUM"], !override.isEmpty {
            guard FileManager.default.isExecutableFile(atPath: override) else {
                throw BrowserFailure("IAMGATE_CHROMIUM names '\(override)', which is not an executable file")
            }
            return HeadlessChromium(executable: override)
        }
        let path = environment["PATH"] ?? "/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            for name in ["chromium", "chromium-browser"] {
                let candidate = "\(directory)/\(name)"
                if FileManager.default.isExecutableFile(atPath: candidate) {
                    return HeadlessChromium(executable: candidate)
                }
            }
        }
        throw BrowserFailure(
            "headless chromium is missing: no 'chromium' on PATH '\(path)'; install Debian's 'chromium' package "
                + "(scripts/ensure-deps.sh does) or set IAMGATE_CHROMIUM")
    }

    /// The page's DOM, serialised, once its scripts have run and `virtualTimeBudget` milliseconds of page time have
    /// passed.
    public func dumpDOM(_ url: URL, virtualTimeBudget: Int = 5000) throws -> String {
        let output = try run(["--virtual-time-budget=\(virtualTimeBudget)", "--dump-dom"], url: url)
        guard output.contains("</html>") else {
            throw BrowserFailure("chromium printed no page for \(url.absoluteString)")
        }
        return output
    }

    /// A PNG of the page's first `width` × `height` pixels, written to `file`.
    public func screenshot(_ url: URL, to file: URL, width: Int = 1400, height: Int = 1000) throws {
        try? FileManager.default.removeItem(at: file)
        _ = try run(
            ["--virtual-time-budget=5000", "--window-size=\(width),\(height)", "--screenshot=\(file.path)"], url: url)
        guard FileManager.default.fileExists(atPath: file.path) else {
            throw BrowserFailure("chromium wrote no screenshot of \(url.absoluteString) to \(file.path)")
        }
    }

    /// Runs the browser headless on `url` with `arguments`; its standard output.
    private func run(_ arguments: [String], url: URL) throws -> String {
        let workspace = FileManager.default.temporaryDirectory.appendingPathComponent(
            "iamgate-chromium-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: workspace, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: workspace) }
        let stdoutFile = workspace.appendingPathComponent("stdout")
        let stderrFile = workspace.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: stdoutFile.path, contents: nil)
        _ = FileManager.default.createFile(atPath: stderrFile.path, contents: nil)
        let stdout = try FileHandle(forWritingTo: stdoutFile)
        let stderr = try FileHandle(forWritingTo: stderrFile)

        let process = Process()
        // timeout(1) makes itself the leader of a new process group and, on overrun, signals the whole group.
        process.executableURL = URL(fileURLWithPath: "/usr/bin/timeout")
        process.arguments =
            [
                "--kill-after=5", String(timeout), executable, "--headless", "--no-sandbox", "--disable-gpu",
                "--no-first-run", "--no-default-browser-check", "--disable-extensions", "--disable-dev-shm-usage",
                "--hide-scrollbars", "--mute-audio", "--disable-crash-reporter", "--disable-breakpad",
                "--user-data-dir=\(workspace.appendingPathComponent("profile").path)",
            ]
            + arguments + [url.absoluteString]
        var environment = ProcessInfo.processInfo.environment
        environment["HOME"] = workspace.path
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        let group = process.processIdentifier
        process.waitUntilExit()
        try? stdout.close()
        try? stderr.close()
        // Anything Chromium started that is still running (it should have ended with the browser) is ended now.
        if killpg(group, 0) == 0 { killpg(group, SIGKILL) }

        let status = process.terminationStatus
        guard status == 0 else {
            let log = (try? String(contentsOf: stderrFile, encoding: .utf8)) ?? ""
            let tail = log.split(separator: "\n").suffix(5).joined(separator: " | ")
            let why = status == 124 || status == 137 ? "ran longer than \(timeout) s and was ended" : "exited \(status)"
            throw BrowserFailure("chromium \(why) on \(url.absoluteString): \(tail)")
        }
        return (try? String(contentsOf: stdoutFile, encoding: .utf8)) ?? ""
    }
}
