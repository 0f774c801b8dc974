/// The shared credentials file (`~/.aws/credentials`, sections named after the profile) and config file
/// (`~/.aws/config`, `[default]` and `[profile NAME]`), read as the AWS CLI reads them. A missing file counts as
/// empty; a malformed one is an error naming the file and line.
public struct AWSConfigFiles: Sendable, Hashable {
    /// Where the credentials file was looked for, as shown in messages (`~/.aws/credentials`).
    public var credentialsFile: String
    /// Where the config file was looked for, as shown in messages (`~/.aws/config`).
    public var configFile: String
    /// Profile settings from the credentials file, by profile name.
    public var credentialsProfiles: [String: [String: String]]
    /// Profile settings from the config file, by profile name (`[profile x]` read as `x`).
    public var configProfiles: [String: [String: String]]

    public init(
        credentialsFile: String = "~/.aws/credentials", configFile: String = "~/.aws/config",
        credentialsProfiles: [String: [String: String]] = [:], configProfiles: [String: [String: String]] = [:]
    ) {
        self.credentialsFile = credentialsFile
        self.configFile = configFile
        self.credentialsProfiles = credentialsProfiles
        self.configProfiles = configProfiles
    }

    /// Reads both files from `AWS_SHARED_CREDENTIALS_FILE` and `AWS_CONFIG_FILE`, or from `~/.aws/` under `HOME`.
    public static func load(from environment: Environment) throws(ConfigurationError) -> AWSConfigFiles {
        let credentialsPath = environment.expandingHome(
            environment["AWS_SHARED_CREDENTIALS_FILE"] ?? "~/.aws/credentials")
        let configPath = environment.expandingHome(environment["AWS_CONFIG_FILE"] ?? "~/.aws/config")
        let credentialsDisplay = environment.displayPath(credentialsPath)
        let configDisplay = environment.displayPath(configPath)
        var files = AWSConfigFiles(credentialsFile: credentialsDisplay, configFile: configDisplay)
        if let bytes = readable(credentialsPath, environment) {
            let ini = try INIFile.parse(try text(bytes, file: credentialsDisplay), file: credentialsDisplay)
            files.credentialsProfiles = ini.sections
        }
        if let bytes = readable(configPath, environment) {
            let ini = try INIFile.parse(try text(bytes, file: configDisplay), file: configDisplay)
            files.configProfiles = profiles(fromConfig: ini)
        }
        return files
    }

    /// The settings of profile `name`: the config file's, overridden key by key by the credentials file's.
    /// `nil` when neither file has the profile.
    public func profile(_ name: String) -> [String: String]? {
        let config = configProfiles[name]
        let credentials = credentialsProfiles[name]
        if config == nil && credentials == nil { return nil }
        return (config ?? [:]).merging(credentials ?? [:]) { _, fromCredentials in fromCredentials }
    }

    /// The file that sets `key` for profile `name`, for messages: the credentials file wins as in ``profile(_:)``.
    public func file(setting key: String, inProfile name: String) -> String {
        credentialsProfiles[name]?[key] != nil ? credentialsFile : configFile
    }

    /// The file that holds profile `name`, preferring the config file (where roles and processes live).
    public func file(ofProfile name: String) -> String {
        configProfiles[name] != nil || credentialsProfiles[name] == nil ? configFile : credentialsFile
    }

    /// `[default]` and `[profile x]` sections of the config file; `[profile default]` also names the default
    /// profile, and other sections (`[sso-session x]`, `[services x]`, a bare `[x]`) are not profiles.
    static func profiles(fromConfig ini: INIFile) -> [String: [String: String]] {
        var profiles: [String: [String: String]] = [:]
        for name in ini.sections.keys.sorted() {
            let settings = ini.sections[name] ?? [:]
            if name == "default" {
                profiles["default", default: [:]].merge(settings) { _, new in new }
                continue
            }
            let words = name.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard words.count >= 2, words[0] == "profile" else { continue }
            let profileName = name.dropFirst("profile".count).trimmingCharacters(in: [" ", "\t"])
            profiles[profileName, default: [:]].merge(settings) { _, new in new }
        }
        return profiles
    }

    private static func readable(_ path: String, _ environment: Environment) -> [UInt8]? {
        environment.readFile(path)
    }

    private static func text(_ bytes: [UInt8], file: String) throws(ConfigurationError) -> String {
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw ConfigurationError(file: file, reason: "is not valid utf-8 text")
        }
        return text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
    }
}

extension String {
    fileprivate func trimmingCharacters(in set: Set<Character>) -> String {
        var result = Substring(self)
        while let first = result.first, set.contains(first) { result = result.dropFirst() }
        while let last = result.last, set.contains(last) { result = result.dropLast() }
        return String(result)
    }
}

extension Substring {
    fileprivate func trimmingCharacters(in set: Set<Character>) -> String {
        String(self).trimmingCharacters(in: set)
    }
}
