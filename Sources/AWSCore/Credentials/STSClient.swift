import Foundation

/// The two STS calls credential providers make, over the query protocol (version `2011-06-15`): `AssumeRole`, signed
/// with SigV4 for service `sts`, and `AssumeRoleWithWebIdentity`, sent unsigned.
struct STSClient: Sendable {
    var context: CredentialContext

    /// The parameters of `AssumeRole`.
    struct AssumeRoleParameters: Sendable, Hashable {
        var roleArn: String
        var sessionName: String
        var externalId: String?
        var durationSeconds: Int?
    }

    /// Assumes `parameters.roleArn` with `source` credentials; `provider` names the caller in errors.
    func assumeRole(
        _ parameters: AssumeRoleParameters, source: AWSCredentials, provider: String
    ) throws(CredentialError) -> AWSCredentials {
        var form = [
            ("Action", "AssumeRole"), ("Version", "2011-06-15"), ("RoleArn", parameters.roleArn),
            ("RoleSessionName", parameters.sessionName),
        ]
        if let duration = parameters.durationSeconds { form.append(("DurationSeconds", String(duration))) }
        if let externalId = parameters.externalId { form.append(("ExternalId", externalId)) }
        let request = try makeRequest(form, provider: provider)
        let signer = SigV4Signer(service: "sts", region: context.configuration.signingRegion(for: .sts))
        let signed = signer.sign(request, credentials: source, date: context.clock())
        return try send(
            signed, operation: "AssumeRole", roleArn: parameters.roleArn, provider: provider, secrets: source)
    }

    /// Assumes `roleArn` with a web identity `token`, unsigned.
    func assumeRoleWithWebIdentity(
        roleArn: String, sessionName: String, token: String, provider: String
    ) throws(CredentialError) -> AWSCredentials {
        let form = [
            ("Action", "AssumeRoleWithWebIdentity"), ("Version", "2011-06-15"), ("RoleArn", roleArn),
            ("RoleSessionName", sessionName), ("WebIdentityToken", token),
        ]
        let request = try makeRequest(form, provider: provider)
        return try send(
            request, operation: "AssumeRoleWithWebIdentity", roleArn: roleArn, provider: provider,
            secrets: AWSCredentials(accessKeyId: "", secretAccessKey: token))
    }

    /// `application/x-www-form-urlencoded` encoding of `form`.
    static func formBody(_ form: [(String, String)]) -> String {
        form.map { "\(URIEncoding.encode($0.0))=\(URIEncoding.encode($0.1))" }.joined(separator: "&")
    }

    private func makeRequest(_ form: [(String, String)], provider: String) throws(CredentialError) -> HTTPRequest {
        let endpoint: String
        do {
            endpoint = try context.configuration.endpoint(for: .sts)
        } catch {
            throw .configuration(error)
        }
        guard let url = URL(string: endpoint), url.host() != nil else {
            throw .providerFailed(provider: provider, reason: "sts endpoint '\(endpoint)' is not a valid url")
        }
        var request = HTTPRequest(method: "POST", url: url, body: Array(Self.formBody(form).utf8))
        if request.path.isEmpty { request.path = "/" }
        request.headers = [HTTPHeader("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")]
        return request
    }

    private func send(
        _ request: HTTPRequest, operation: String, roleArn: String, provider: String, secrets: AWSCredentials
    ) throws(CredentialError) -> AWSCredentials {
        let response: HTTPResponse
        do {
            response = try context.transport.send(request, timeout: .default)
        } catch {
            throw .providerFailed(provider: provider, reason: "sts \(operation) for \(roleArn) failed: \(error)")
        }
        guard response.isSuccess else {
            let error = AWSErrorResponse.query(response)
            throw .providerFailed(
                provider: provider,
                reason: secrets.redacting("sts \(operation) for \(roleArn) failed: \(error)"))
        }
        guard let root = try? XMLReader.parse(response.body),
            let element = root.path("\(operation)Result", "Credentials")
        else {
            throw .providerFailed(
                provider: provider,
                reason: "sts \(operation) for \(roleArn) answered without \(operation)Result/Credentials")
        }
        guard let keyId = element.value(at: "AccessKeyId"), let secret = element.value(at: "SecretAccessKey"),
            let token = element.value(at: "SessionToken"), !keyId.isEmpty, !secret.isEmpty
        else {
            throw .providerFailed(
                provider: provider, reason: "sts \(operation) for \(roleArn) answered with incomplete credentials")
        }
        let expiration = element.value(at: "Expiration").flatMap(CredentialParsing.date)
        return AWSCredentials(accessKeyId: keyId, secretAccessKey: secret, sessionToken: token, expiration: expiration)
    }
}
