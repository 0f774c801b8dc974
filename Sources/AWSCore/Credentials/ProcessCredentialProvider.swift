import Foundation

/// A profile's `credential_process`: the command runs with `/bin/sh -c` and prints
/// `{"Version": 1, "AccessKeyId", "SecretAccessKey", "SessionToken"?, "Expiration"?}`.
public struct ProcessCredentialProvider: CredentialProvider {
    public let profileName: String
    public let context: CredentialContext
    public var name: String { "credential process" }

    public init(profileName: String, context: CredentialContext) {
        self.profileName = profileName
        self.context = context
    }

    public func credentials() throws(CredentialError) -> AWSCredentials? {
        guard let settings = context.configuration.files.profile(profileName),
            let command = settings["credential_process"], !command.isEmpty
        else { return nil }
        return try run(command)
    }

    func run(_ command: String) throws(CredentialError) -> AWSCredentials {
        let file = context.configuration.files.file(setting: "credential_process", inProfile: profileName)
        func failure(_ reason: String) -> CredentialError {
            .invalidProfile(profile: profileName, file: file, reason: "credential_process \(reason)")
        }
        let result = try context.commandRunner.run(command, environment: context.environment.variables)
        guard result.status == 0 else {
            let message = String(decoding: result.standardError, as: UTF8.self).firstLineForMessage
            throw failure(
                "exited with status \(result.status)" + (message.isEmpty ? "" : " (\(message))"))
        }
        guard let object = CredentialParsing.object(result.standardOutput) else {
            throw failure("did not print a json object")
        }
        guard let version = object["Version"] as? Int, version == 1 else {
            throw failure("printed json without \"Version\": 1")
        }
        switch CredentialParsing.credentials(object, tokenKey: "SessionToken", tokenRequired: false) {
        case .success(let credentials):
            return credentials
        case .failure(let reason):
            throw failure("output \(reason.text)")
        }
    }
}
