/// Why credentials could not be found or fetched. Each reads as one lowercase sentence naming the provider, profile
/// or file; none ever contains a secret key or session token.
public enum CredentialError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A config or credentials file is malformed.
    case configuration(ConfigurationError)
    /// The selected or referenced profile is in neither file.
    case profileNotFound(profile: String, files: [String])
    /// A profile's settings are inconsistent or invalid.
    case invalidProfile(profile: String, file: String, reason: String)
    /// `source_profile` settings loop back on themselves.
    case sourceProfileCycle(profiles: [String])
    /// A provider is configured but failed.
    case providerFailed(provider: String, reason: String)
    /// No provider is configured.
    case noCredentials(tried: [String])

    public var description: String {
        switch self {
        case .configuration(let error):
            return error.description
        case .profileNotFound(let profile, let files):
            return "profile '\(profile)' is not in \(files.joined(separator: " or "))"
        case .invalidProfile(let profile, let file, let reason):
            return "profile '\(profile)' in \(file): \(reason)"
        case .sourceProfileCycle(let profiles):
            return "source_profile settings form a cycle: \(profiles.joined(separator: " -> "))"
        case .providerFailed(let provider, let reason):
            return "\(provider): \(reason)"
        case .noCredentials(let tried):
            return "no credentials found (tried: \(tried.joined(separator: ", ")))"
        }
    }
}
