import Foundation

/// `AWS_ACCESS_KEY_ID` and `AWS_SECRET_ACCESS_KEY`, with `AWS_SESSION_TOKEN` (or the legacy `AWS_SECURITY_TOKEN`)
/// and `AWS_CREDENTIAL_EXPIRATION`.
public struct EnvironmentCredentialProvider: CredentialProvider {
    public let environment: Environment
    public var name: String { "environment" }

    public init(environment: Environment) {
        self.environment = environment
    }

    public func credentials() throws(CredentialError) -> AWSCredentials? {
        let keyId = environment["AWS_ACCESS_KEY_ID"]
        let secret = environment["AWS_SECRET_ACCESS_KEY"]
        switch (keyId, secret) {
        case (nil, nil):
            return nil
        case (.some, nil):
            throw .providerFailed(provider: name, reason: "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not")
        case (nil, .some):
            throw .providerFailed(provider: name, reason: "AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not")
        case (.some(let keyId), .some(let secret)):
            var expiration: Date?
            if let text = environment["AWS_CREDENTIAL_EXPIRATION"] {
                guard let date = CredentialParsing.date(text) else {
                    throw .providerFailed(
                        provider: name, reason: "AWS_CREDENTIAL_EXPIRATION '\(text)' is not an ISO 8601 timestamp")
                }
                expiration = date
            }
            return AWSCredentials(
                accessKeyId: keyId, secretAccessKey: secret,
                sessionToken: environment["AWS_SESSION_TOKEN"] ?? environment["AWS_SECURITY_TOKEN"],
                expiration: expiration)
        }
    }
}
