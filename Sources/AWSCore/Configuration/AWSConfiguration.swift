/// The `--profile`, `--region` and `--endpoint-url` values a user passed, each `nil` when not given.
public struct AWSCommandLineOptions: Sendable, Hashable {
    public var profile: String?
    public var region: String?
    public var endpointURL: String?

    public init(profile: String? = nil, region: String? = nil, endpointURL: String? = nil) {
        self.profile = profile
        self.region = region
        self.endpointURL = endpointURL
    }
}

/// Which profile, region and endpoints a command uses, resolved as the AWS CLI resolves them, together with the
/// config files read on the way. Build it with ``ProfileResolver``.
public struct AWSConfiguration: Sendable, Hashable {
    /// The selected profile: `--profile`, else `AWS_PROFILE` (or `AWS_DEFAULT_PROFILE`), else `default`.
    public var profileName: String
    /// Whether the profile was given with `--profile`; then environment keys are not used.
    public var profileIsExplicit: Bool
    /// `--region`, else `AWS_REGION`, else `AWS_DEFAULT_REGION`, else the profile's `region`; `nil` when none.
    public var region: String?
    /// The shared config and credentials files.
    public var files: AWSConfigFiles
    /// `--endpoint-url`, applied to every service.
    public var endpointURL: String?
    /// Per-service and global `AWS_ENDPOINT_URL*` variables, captured at resolution.
    var endpointVariables: [String: String]

    public init(
        profileName: String = "default", profileIsExplicit: Bool = false, region: String? = nil,
        files: AWSConfigFiles = AWSConfigFiles(), endpointURL: String? = nil, endpointVariables: [String: String] = [:]
    ) {
        self.profileName = profileName
        self.profileIsExplicit = profileIsExplicit
        self.region = region
        self.files = files
        self.endpointURL = endpointURL
        self.endpointVariables = endpointVariables
    }

    /// The settings of the selected profile (empty when no file has it).
    public var profile: [String: String] { files.profile(profileName) ?? [:] }

    /// The endpoint of `service`: `--endpoint-url`, else `AWS_ENDPOINT_URL_<SERVICE>`, else `AWS_ENDPOINT_URL`, else
    /// the service's default for ``region``.
    public func endpoint(for service: AWSService) throws(ConfigurationError) -> String {
        try endpoint(for: service, region: region)
    }

    /// The endpoint of `service` for requests about `region` (a statement's region, which may differ from
    /// ``region``): the same overrides as ``endpoint(for:)``, else the service's default for `region`, or for
    /// ``region`` when `region` is `nil`.
    public func endpoint(for service: AWSService, region: String?) throws(ConfigurationError) -> String {
        if let endpointURL { return endpointURL }
        if let url = endpointVariables["AWS_ENDPOINT_URL_\(service.endpointVariableSuffix)"] { return url }
        if let url = endpointVariables["AWS_ENDPOINT_URL"] { return url }
        guard let url = service.defaultEndpoint(region: region ?? self.region) else {
            throw ConfigurationError(
                file: "",
                reason: "no region is set for \(service.signingName) (use --region, AWS_REGION or 'region' in "
                    + "profile '\(profileName)')")
        }
        return url
    }

    /// The region requests to `service` are signed for: ``region``, or `us-east-1` for IAM and Organizations (global
    /// services), for global STS and when none is set.
    public func signingRegion(for service: AWSService) -> String {
        if service == .iam || service == .organizations { return "us-east-1" }
        return region ?? "us-east-1"
    }
}

/// Resolves an ``AWSConfiguration`` from command-line options, the environment and the shared files.
public struct ProfileResolver: Sendable {
    public var environment: Environment

    public init(environment: Environment) {
        self.environment = environment
    }

    /// Reads the files and applies the precedence rules; throws when a file is malformed.
    public func resolve(_ options: AWSCommandLineOptions = AWSCommandLineOptions()) throws(ConfigurationError)
        -> AWSConfiguration
    {
        let files = try AWSConfigFiles.load(from: environment)
        let explicit = options.profile.flatMap { $0.isEmpty ? nil : $0 }
        let profileName = explicit ?? environment["AWS_PROFILE"] ?? environment["AWS_DEFAULT_PROFILE"] ?? "default"
        let region =
            options.region.flatMap { $0.isEmpty ? nil : $0 } ?? environment["AWS_REGION"]
            ?? environment["AWS_DEFAULT_REGION"]
            ?? files.profile(profileName)?["region"].flatMap { $0.isEmpty ? nil : $0 }
        var endpointVariables: [String: String] = [:]
        for name in ["AWS_ENDPOINT_URL"] + AWSService.allCases.map({ "AWS_ENDPOINT_URL_\($0.endpointVariableSuffix)" })
        {
            if let value = environment[name] { endpointVariables[name] = value }
        }
        return AWSConfiguration(
            profileName: profileName, profileIsExplicit: explicit != nil, region: region, files: files,
            endpointURL: options.endpointURL.flatMap { $0.isEmpty ? nil : $0 }, endpointVariables: endpointVariables)
    }
}
