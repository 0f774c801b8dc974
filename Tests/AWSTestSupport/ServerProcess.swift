import Foundation

/// Why a test server could not be started or asked something: one sentence naming the server and what went wrong.
public struct TestServerFailure: Error, CustomStringConvertible {
    public let description: String

    public init(description: String) {
        self.description = description
    }
}

/// A local server running as a child process of the tests; the launching and stopping that ``TestServer``,
/// ``FakeAWSServer`` and ``MotoServer`` share.
///
/// The child's stdin is a pipe that only ``stop()`` closes: the repository's Python servers exit when it closes, so
/// they die with the test process even when it crashes. A server that may start children of its own (moto) is
/// launched in its own process group, and ``stop()`` signals the whole group and waits until it is empty.
final class ServerProcess: @unchecked Sendable {
    // @unchecked: the pipes and the process are only used by the methods below; `stop()` and the waits run under
    // `lock`.
    let process: Process
    private let input: Pipe
    private let output: Pipe
    private let ownProcessGroup: Bool
    private let lock = NSLock()

    /// The package root (the directory holding `Package.swift`), found from this file's path.
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// The project venv's Python (`.venv/bin/python3`), which has botocore and moto; a failure saying how to make it
    /// when it is missing.
    static func venvPython(for purpose: String) throws -> String {
        let python = packageRoot.appendingPathComponent(".venv/bin/python3").path
        guard FileManager.default.isExecutableFile(atPath: python) else {
            throw TestServerFailure(
                description: "\(purpose) needs the project venv, but \(python) is missing: run `make test` or "
                    + "scripts/ensure-deps.sh from the package root to create it")
        }
        return python
    }

    /// Starts `executable` with `arguments`. With `environment`, those variables are added to this process's. With
    /// `ownProcessGroup`, the command runs under `timeout(1)`, which puts itself and the command in a new process group
    /// and ends both after `timeout` seconds (the lifetime bound for servers that do not watch their stdin). With
    /// `log`, stdout and stderr both go to that file (so a chatty server never blocks on a full pipe, and
    /// ``readPort(name:)`` cannot be used); otherwise stdout is read by ``readPort(name:)`` and stderr is inherited.
    init(
        executable: String, arguments: [String], environment: [String: String] = [:], ownProcessGroup: Bool = false,
        timeout: Int = 300, log: FileHandle? = nil
    ) throws {
        let process = Process()
        if ownProcessGroup {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/timeout")
            process.arguments = ["--kill-after=5", String(timeout), executable] + arguments
        } else {
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = arguments
        }
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        }
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = log ?? output
        if let log { process.standardError = log }
        try process.run()
        self.process = process
        self.input = input
        self.output = output
        self.ownProcessGroup = ownProcessGroup
    }

    deinit {
        stop()
    }

    /// The child's process id; with its own process group, also the group's id.
    var processIdentifier: Int32 { process.processIdentifier }

    /// Reads the first line of the child's stdout as the port it listens on; stops the child and throws when the
    /// line is not a number (`name` names the server in the message).
    func readPort(name: String) throws -> Int {
        let line = ChildOutput.readLine(output.fileHandleForReading)
        let text = String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard let port = Int(text) else {
            stop()
            throw TestServerFailure(description: "\(name) did not print its port (got '\(text)')")
        }
        return port
    }

    /// Closes the child's stdin (which makes the Python servers exit), terminates it, and reaps it; with its own
    /// process group, kills every process in the group and waits until the group is empty. Idempotent.
    ///
    /// A group is killed with SIGKILL, not asked with SIGTERM: children inherit the signal mask of the thread that
    /// starts them, and the test runner's threads block SIGTERM, so a server that does not unblock it (moto does not)
    /// would never see it.
    func stop() {
        lock.withLock {
            try? input.fileHandleForWriting.close()
            guard ownProcessGroup else {
                if process.isRunning { process.terminate() }
                process.waitUntilExit()
                return
            }
            let group = process.processIdentifier
            let deadline = ContinuousClock.now + .seconds(10)
            while Self.groupExists(group) && ContinuousClock.now < deadline {
                kill(-group, SIGKILL)
                Thread.sleep(forTimeInterval: 0.01)
            }
            // Stopped before `timeout` made its group: it is the only process to end.
            if process.isRunning { kill(group, SIGKILL) }
            process.waitUntilExit()
        }
    }

    /// Waits for the child to exit on its own, stdin left open; returns its exit status.
    func waitForExit() -> Int32 {
        lock.withLock {
            process.waitUntilExit()
            return process.terminationStatus
        }
    }

    /// Closes only stdin and waits for the child to exit on its own; returns its exit status.
    func closeInputAndWait() -> Int32 {
        lock.withLock {
            try? input.fileHandleForWriting.close()
            process.waitUntilExit()
            return process.terminationStatus
        }
    }

    /// Whether any process is still in process group `group`. Linux does not hand out a process id that is still
    /// some group's id, so a group id is never mistaken for an unrelated process's.
    static func groupExists(_ group: Int32) -> Bool {
        kill(-group, 0) == 0 || errno == EPERM
    }
}
