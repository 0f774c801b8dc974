/// Credentials together with the provider that produced them (for `iamgate whoami`).
public struct ResolvedCredentials: Sendable, Hashable {
    public var credentials: AWSCredentials
    /// The ``CredentialProvider/name`` of the provider, for example `assume role`.
    public var source: String

    public init(credentials: AWSCredentials, source: String) {
        self.credentials = credentials
        self.source = source
    }
}

/// Tries providers in order and takes the first that has credentials; a provider that is configured but fails
/// stops the search with its error. ``standard(context:)`` is the AWS CLI's order.
public struct CredentialChain: Sendable {
    public let providers: [any CredentialProvider]

    public init(providers: [any CredentialProvider]) {
        self.providers = providers
    }

    /// The AWS CLI's order: environment keys (skipped when `--profile` was given), assume role, web identity, the
    /// shared credentials file, `credential_process`, keys in the config file, container credentials, and the EC2
    /// instance role. A named profile that no file holds is an error once the environment is passed.
    public static func standard(context: CredentialContext) -> CredentialChain {
        let configuration = context.configuration
        let profile = configuration.profileName
        var providers: [any CredentialProvider] = []
        if !configuration.profileIsExplicit {
            providers.append(EnvironmentCredentialProvider(environment: context.environment))
        }
        if profile != "default" {
            providers.append(ProfileExistenceCheck(context: context))
        }
        providers += [
            AssumeRoleCredentialProvider(profileName: profile, context: context),
            WebIdentityCredentialProvider(profileName: profile, context: context),
            ProfileKeysCredentialProvider(profileName: profile, file: .credentials, files: configuration.files),
            ProcessCredentialProvider(profileName: profile, context: context),
            ProfileKeysCredentialProvider(profileName: profile, file: .config, files: configuration.files),
            ContainerCredentialProvider(context: context),
            InstanceMetadataCredentialProvider(context: context),
        ]
        return CredentialChain(providers: providers)
    }

    /// The first provider's credentials, with its name.
    public func resolve() throws(CredentialError) -> ResolvedCredentials {
        var tried: [String] = []
        for provider in providers {
            if let credentials = try provider.credentials() {
                return ResolvedCredentials(credentials: credentials, source: provider.name)
            }
            if !(provider is ProfileExistenceCheck) { tried.append(provider.name) }
        }
        throw .noCredentials(tried: tried)
    }
}

/// Stops the chain when a named profile is in neither file (rather than reporting "no credentials").
struct ProfileExistenceCheck: CredentialProvider {
    let context: CredentialContext
    var name: String { "profile" }

    func credentials() throws(CredentialError) -> AWSCredentials? {
        _ = try context.profile(context.configuration.profileName)
        return nil
    }
}
