import AWSCore

/// `credential_process` answered with a fixed output; no shell runs.
struct ScriptedCommandRunner: CommandRunner {
    var output: [UInt8]

    func run(_ command: String, environment: [String: String]) throws(CredentialError) -> CommandResult {
        CommandResult(status: 0, standardOutput: output)
    }
}
