import Foundation

/// A web identity token (GitHub OIDC, EKS): `AWS_WEB_IDENTITY_TOKEN_FILE` with `AWS_ROLE_ARN` (and
/// `AWS_ROLE_SESSION_NAME`), or a profile's `web_identity_token_file` with `role_arn` (and `role_session_name`),
/// exchanged with STS `AssumeRoleWithWebIdentity`. The result is kept until five minutes before it expires.
public final class WebIdentityCredentialProvider: CredentialProvider {
    public let profileName: String
    public let context: CredentialContext
    private let cache: CredentialCache
    public var name: String { "web identity" }

    public init(profileName: String, context: CredentialContext) {
        self.profileName = profileName
        self.context = context
        self.cache = CredentialCache(clock: context.clock)
    }

    public func credentials() throws(CredentialError) -> AWSCredentials? {
        let environment = context.environment
        let settings = context.configuration.files.profile(profileName) ?? [:]
        let tokenFile: String
        let roleArn: String?
        let sessionName: String?
        if let file = environment["AWS_WEB_IDENTITY_TOKEN_FILE"] {
            tokenFile = file
            roleArn = environment["AWS_ROLE_ARN"]
            sessionName = environment["AWS_ROLE_SESSION_NAME"]
        } else if let file = settings["web_identity_token_file"], !file.isEmpty {
            tokenFile = file
            roleArn = settings["role_arn"]
            sessionName = settings["role_session_name"]
        } else {
            return nil
        }
        guard let roleArn, !roleArn.isEmpty else {
            throw .providerFailed(provider: name, reason: "a web identity token file is set but no role arn")
        }
        return try cache.credentials { () throws(CredentialError) -> AWSCredentials? in
            let path = environment.expandingHome(tokenFile)
            guard let bytes = environment.readFile(path) else {
                throw .providerFailed(
                    provider: name, reason: "token file \(environment.displayPath(path)) could not be read")
            }
            let token = String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            guard !token.isEmpty else {
                throw .providerFailed(provider: name, reason: "token file \(environment.displayPath(path)) is empty")
            }
            let session =
                sessionName.flatMap { $0.isEmpty ? nil : $0 }
                ?? "iamgate-session-\(Int(context.clock().timeIntervalSince1970))"
            return try STSClient(context: context, signingWith: nil, provider: name).assumeRoleWithWebIdentity(
                roleArn: roleArn, sessionName: session, token: token, provider: name)
        }
    }
}
