import Foundation

/// One way of finding AWS credentials. `nil` means this way is not configured and the next one should be tried; a
/// thrown error means it is configured but failed, and the search stops there.
public protocol CredentialProvider: Sendable {
    /// How the provider is named in messages and in `iamgate whoami`, for example `environment`.
    var name: String { get }
    /// The credentials, `nil` when this provider is not configured.
    func credentials() throws(CredentialError) -> AWSCredentials?
}

/// What every provider may need: the resolved configuration, the environment, the network, a way to run commands
/// and the clock (for signing and cache expiry). Injected whole so tests swap any part.
public struct CredentialContext: Sendable {
    public var configuration: AWSConfiguration
    public var environment: Environment
    public var transport: any HTTPTransport
    public var commandRunner: any CommandRunner
    public var clock: @Sendable () -> Date

    public init(
        configuration: AWSConfiguration, environment: Environment, transport: any HTTPTransport,
        commandRunner: any CommandRunner = ShellCommandRunner(), clock: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.configuration = configuration
        self.environment = environment
        self.transport = transport
        self.commandRunner = commandRunner
        self.clock = clock
    }

    /// The settings of profile `name`, or an error when no file has it.
    func profile(_ name: String) throws(CredentialError) -> [String: String] {
        guard let profile = configuration.files.profile(name) else {
            throw .profileNotFound(
                profile: name, files: [configuration.files.configFile, configuration.files.credentialsFile])
        }
        return profile
    }
}
