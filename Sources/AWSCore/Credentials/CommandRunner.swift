import Foundation

/// What a command printed and how it ended.
public struct CommandResult: Sendable, Hashable {
    public var status: Int32
    public var standardOutput: [UInt8]
    public var standardError: [UInt8]

    public init(status: Int32, standardOutput: [UInt8], standardError: [UInt8] = []) {
        self.status = status
        self.standardOutput = standardOutput
        self.standardError = standardError
    }
}

/// Runs a shell command line for `credential_process`; tests substitute a scripted one.
public protocol CommandRunner: Sendable {
    /// Runs `command` with `environment` as its environment; throws a sentence when it cannot be started.
    func run(_ command: String, environment: [String: String]) throws(CredentialError) -> CommandResult
}

/// Runs commands with `/bin/sh -c`, collecting stdout and stderr.
public struct ShellCommandRunner: CommandRunner {
    public init() {}

    public func run(_ command: String, environment: [String: String]) throws(CredentialError) -> CommandResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        process.environment = environment
        let output = Pipe()
        let error = Pipe()
        process.standardOutput = output
        process.standardError = error
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw .providerFailed(provider: "credential process", reason: "/bin/sh could not be started")
        }
        // Read stderr on another thread so neither pipe fills up and blocks the child.
        let errorBox = ByteBox()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            errorBox.set(Array(error.fileHandleForReading.readDataToEndOfFile()))
            group.leave()
        }
        let stdout = Array(output.fileHandleForReading.readDataToEndOfFile())
        group.wait()
        process.waitUntilExit()
        return CommandResult(status: process.terminationStatus, standardOutput: stdout, standardError: errorBox.get())
    }
}

private final class ByteBox: @unchecked Sendable {
    // @unchecked: `bytes` is only touched while `lock` is held.
    private let lock = NSLock()
    private var bytes: [UInt8] = []
    func set(_ value: [UInt8]) { lock.withLock { bytes = value } }
    func get() -> [UInt8] { lock.withLock { bytes } }
}
