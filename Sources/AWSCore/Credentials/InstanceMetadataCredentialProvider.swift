import Foundation

/// The EC2 instance role through IMDSv2: a session token from `PUT /latest/api/token`, then the role name from
/// `/latest/meta-data/iam/security-credentials/` and its credentials from `…/<role>`, each with a 1 s timeout
/// (falling back to IMDSv1 when the token request is refused with 403, 404 or 405). Off when
/// `AWS_EC2_METADATA_DISABLED=true`; `AWS_EC2_METADATA_SERVICE_ENDPOINT` moves the endpoint. Not on EC2 (nothing
/// answers) means not configured.
public struct InstanceMetadataCredentialProvider: CredentialProvider {
    public let context: CredentialContext
    public var name: String { "instance metadata" }
    static let timeouts = HTTPTimeouts(connect: .seconds(1), total: .seconds(1))
    static let defaultEndpoint = "http://169.254.169.254"

    public init(context: CredentialContext) {
        self.context = context
    }

    public func credentials() throws(CredentialError) -> AWSCredentials? {
        let environment = context.environment
        if environment.isTrue("AWS_EC2_METADATA_DISABLED") { return nil }
        var endpoint = environment["AWS_EC2_METADATA_SERVICE_ENDPOINT"] ?? Self.defaultEndpoint
        while endpoint.hasSuffix("/") { endpoint.removeLast() }

        var tokenHeaders: [HTTPHeader] = []
        guard
            let tokenResponse = send(
                "PUT", endpoint + "/latest/api/token",
                headers: [HTTPHeader("x-aws-ec2-metadata-token-ttl-seconds", "21600")])
        else { return nil }
        if tokenResponse.isSuccess {
            tokenHeaders = [HTTPHeader("x-aws-ec2-metadata-token", String(decoding: tokenResponse.body, as: UTF8.self))]
        } else if ![403, 404, 405].contains(tokenResponse.status) {
            return nil
        }

        let listPath = endpoint + "/latest/meta-data/iam/security-credentials/"
        guard let list = send("GET", listPath, headers: tokenHeaders), list.isSuccess else { return nil }
        let role = String(decoding: list.body, as: UTF8.self).split(whereSeparator: \.isNewline).first.map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        guard let role, !role.isEmpty else { return nil }

        guard let answer = send("GET", listPath + role, headers: tokenHeaders) else {
            throw .providerFailed(provider: name, reason: "no answer for the credentials of role '\(role)'")
        }
        guard answer.isSuccess else {
            throw .providerFailed(
                provider: name, reason: "the credentials of role '\(role)' answered http \(answer.status)")
        }
        guard let object = CredentialParsing.object(answer.body) else {
            throw .providerFailed(provider: name, reason: "the credentials of role '\(role)' are not a json object")
        }
        if let code = object["Code"] as? String, code != "Success" {
            throw .providerFailed(provider: name, reason: "the credentials of role '\(role)' have code '\(code)'")
        }
        switch CredentialParsing.credentials(object, tokenKey: "Token", tokenRequired: false) {
        case .success(let credentials): return credentials
        case .failure(let reason):
            throw .providerFailed(provider: name, reason: "the credentials of role '\(role)' \(reason.text)")
        }
    }

    /// The response, or `nil` when none arrived (not on EC2, or the service is slow).
    private func send(_ method: String, _ urlText: String, headers: [HTTPHeader]) -> HTTPResponse? {
        guard let url = URL(string: urlText), url.host() != nil else { return nil }
        return try? context.transport.send(
            HTTPRequest(method: method, url: url, headers: headers), timeout: Self.timeouts)
    }
}
