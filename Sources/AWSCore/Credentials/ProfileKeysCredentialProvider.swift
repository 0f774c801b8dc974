/// Static keys of a profile (`aws_access_key_id`, `aws_secret_access_key`, optional `aws_session_token`) in the
/// shared credentials file or, as a later step of the chain, in the config file.
public struct ProfileKeysCredentialProvider: CredentialProvider {
    /// Which file the keys are read from.
    public enum File: Sendable, Hashable {
        case credentials
        case config
    }

    public let profileName: String
    public let file: File
    public let files: AWSConfigFiles

    public var name: String { file == .credentials ? "shared credentials file" : "config file" }

    public init(profileName: String, file: File, files: AWSConfigFiles) {
        self.profileName = profileName
        self.file = file
        self.files = files
    }

    public func credentials() throws(CredentialError) -> AWSCredentials? {
        let settings = file == .credentials ? files.credentialsProfiles[profileName] : files.configProfiles[profileName]
        let path = file == .credentials ? files.credentialsFile : files.configFile
        guard let settings else { return nil }
        return try Self.keys(in: settings, profile: profileName, file: path)
    }

    /// The static keys in `settings`, `nil` when there are none, an error when only half is there.
    static func keys(in settings: [String: String], profile: String, file: String) throws(CredentialError)
        -> AWSCredentials?
    {
        let keyId = settings["aws_access_key_id"].flatMap { $0.isEmpty ? nil : $0 }
        let secret = settings["aws_secret_access_key"].flatMap { $0.isEmpty ? nil : $0 }
        switch (keyId, secret) {
        case (nil, nil):
            return nil
        case (.some, nil):
            throw .invalidProfile(
                profile: profile, file: file, reason: "aws_access_key_id is set but aws_secret_access_key is not")
        case (nil, .some):
            throw .invalidProfile(
                profile: profile, file: file, reason: "aws_secret_access_key is set but aws_access_key_id is not")
        case (.some(let keyId), .some(let secret)):
            let token = (settings["aws_session_token"] ?? settings["aws_security_token"]).flatMap {
                $0.isEmpty ? nil : $0
            }
            return AWSCredentials(accessKeyId: keyId, secretAccessKey: secret, sessionToken: token)
        }
    }
}
