import Foundation

/// A profile with `role_arn` and either `source_profile` (followed recursively, cycles rejected) or
/// `credential_source` (`Environment`, `Ec2InstanceMetadata`, `EcsContainer`): the role is assumed with STS
/// `AssumeRole` and the result kept until five minutes before it expires.
public final class AssumeRoleCredentialProvider: CredentialProvider {
    public let profileName: String
    public let context: CredentialContext
    private let cache: CredentialCache
    public var name: String { "assume role" }

    public init(profileName: String, context: CredentialContext) {
        self.profileName = profileName
        self.context = context
        self.cache = CredentialCache(clock: context.clock)
    }

    public func credentials() throws(CredentialError) -> AWSCredentials? {
        guard let settings = context.configuration.files.profile(profileName), Self.usesAssumeRole(settings) else {
            return nil
        }
        return try cache.credentials { () throws(CredentialError) -> AWSCredentials? in
            try assume(profile: profileName, settings: settings, visited: [profileName])
        }
    }

    /// Whether the profile is an assume-role profile (a `role_arn` with a web identity token is web identity's).
    static func usesAssumeRole(_ settings: [String: String]) -> Bool {
        settings["role_arn"] != nil && settings["web_identity_token_file"] == nil
    }

    private func file(_ profile: String) -> String {
        context.configuration.files.file(setting: "role_arn", inProfile: profile)
    }

    /// The most roles a `source_profile` chain may assume on the way to one profile's credentials. Each is an
    /// AssumeRole call made before the next; real chains have two or three, and a chain of thousands of profiles
    /// overflowed the stack.
    static let maximumChain = 16

    /// Assumes the role of `profile`, whose settings are `settings`; `visited` lists the profiles on the way here.
    func assume(profile: String, settings: [String: String], visited: [String]) throws(CredentialError)
        -> AWSCredentials
    {
        let file = file(profile)
        guard visited.count <= Self.maximumChain else {
            throw .invalidProfile(
                profile: visited[0], file: self.file(visited[0]),
                reason: "its source_profile chain assumes more than \(Self.maximumChain) roles")
        }
        guard let roleArn = settings["role_arn"], !roleArn.isEmpty else {
            throw .invalidProfile(profile: profile, file: file, reason: "role_arn is empty")
        }
        if settings["mfa_serial"] != nil {
            throw .invalidProfile(
                profile: profile, file: file, reason: "mfa_serial is set but mfa prompts are not supported")
        }
        var durationSeconds: Int?
        if let text = settings["duration_seconds"] {
            guard let value = Int(text), value > 0 else {
                throw .invalidProfile(
                    profile: profile, file: file, reason: "duration_seconds '\(text)' is not a positive number")
            }
            durationSeconds = value
        }
        let source = try sourceCredentials(profile: profile, settings: settings, visited: visited)
        let sessionName =
            settings["role_session_name"].flatMap { $0.isEmpty ? nil : $0 }
            ?? "iamgate-session-\(Int(context.clock().timeIntervalSince1970))"
        let parameters = STSClient.AssumeRoleParameters(
            roleArn: roleArn, sessionName: sessionName, externalId: settings["external_id"],
            durationSeconds: durationSeconds)
        let provider = "\(name) (profile '\(profile)')"
        return try STSClient(context: context, signingWith: source, provider: provider).assumeRole(
            parameters, provider: provider)
    }

    /// The credentials that assume the role of `profile`.
    private func sourceCredentials(profile: String, settings: [String: String], visited: [String])
        throws(CredentialError) -> AWSCredentials
    {
        let file = file(profile)
        switch (settings["source_profile"], settings["credential_source"]) {
        case (nil, nil):
            throw .invalidProfile(
                profile: profile, file: file, reason: "role_arn is set but neither source_profile nor credential_source"
            )
        case (.some, .some):
            throw .invalidProfile(
                profile: profile, file: file, reason: "both source_profile and credential_source are set")
        case (nil, .some(let source)):
            return try credentials(fromSource: source, profile: profile, file: file)
        case (.some(let sourceName), nil):
            if sourceName == profile {
                // A profile may name itself when it also holds the static keys that assume its role.
                let keys = try ProfileKeysCredentialProvider.keys(
                    in: settings, profile: profile, file: context.configuration.files.file(ofProfile: profile))
                guard let keys else {
                    throw .sourceProfileCycle(profiles: visited + [sourceName])
                }
                return keys
            }
            if visited.contains(sourceName) {
                throw .sourceProfileCycle(profiles: visited + [sourceName])
            }
            let sourceSettings = try context.profile(sourceName)
            let sourceFile = context.configuration.files.file(ofProfile: sourceName)
            if let keys = try ProfileKeysCredentialProvider.keys(
                in: sourceSettings, profile: sourceName, file: sourceFile)
            {
                return keys
            }
            if Self.usesAssumeRole(sourceSettings) {
                return try assume(profile: sourceName, settings: sourceSettings, visited: visited + [sourceName])
            }
            if let command = sourceSettings["credential_process"], !command.isEmpty {
                return try ProcessCredentialProvider(profileName: sourceName, context: context).run(command)
            }
            throw .invalidProfile(
                profile: sourceName, file: sourceFile,
                reason: "it is the source_profile of '\(profile)' but has no credentials")
        }
    }

    private func credentials(fromSource source: String, profile: String, file: String) throws(CredentialError)
        -> AWSCredentials
    {
        let provider: any CredentialProvider
        switch source {
        case "Environment":
            provider = EnvironmentCredentialProvider(environment: context.environment)
        case "Ec2InstanceMetadata":
            provider = InstanceMetadataCredentialProvider(context: context)
        case "EcsContainer":
            provider = ContainerCredentialProvider(context: context)
        default:
            throw .invalidProfile(
                profile: profile, file: file,
                reason: "credential_source '\(source)' is not Environment, Ec2InstanceMetadata or EcsContainer")
        }
        guard let credentials = try provider.credentials() else {
            throw .invalidProfile(
                profile: profile, file: file, reason: "credential_source \(source) provided no credentials")
        }
        return credentials
    }
}
