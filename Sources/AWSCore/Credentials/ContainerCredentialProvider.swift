import Foundation

/// ECS/CodeBuild/EKS Pod Identity container credentials: `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI` (on
/// `http://169.254.170.2`) or `AWS_CONTAINER_CREDENTIALS_FULL_URI` (https, or http to a loopback or container-agent
/// address), with an `Authorization` header from `AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE` or
/// `AWS_CONTAINER_AUTHORIZATION_TOKEN`.
public struct ContainerCredentialProvider: CredentialProvider {
    public let context: CredentialContext
    public var name: String { "container credentials" }
    /// How long to wait for the container agent.
    static let timeouts = HTTPTimeouts(connect: .seconds(2), total: .seconds(5))

    public init(context: CredentialContext) {
        self.context = context
    }

    public func credentials() throws(CredentialError) -> AWSCredentials? {
        let environment = context.environment
        let urlText: String
        if let relative = environment["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"] {
            urlText = "http://169.254.170.2" + (relative.hasPrefix("/") ? relative : "/" + relative)
        } else if let full = environment["AWS_CONTAINER_CREDENTIALS_FULL_URI"] {
            urlText = full
            guard let url = URL(string: full), let host = url.host(), Self.isAllowed(url: url, host: host) else {
                throw .providerFailed(
                    provider: name,
                    reason: "AWS_CONTAINER_CREDENTIALS_FULL_URI '\(full)' must use https or a loopback or "
                        + "container-agent host")
            }
        } else {
            return nil
        }
        guard let url = URL(string: urlText), url.host() != nil else {
            throw .providerFailed(provider: name, reason: "'\(urlText)' is not a valid url")
        }
        var request = HTTPRequest(method: "GET", url: url, headers: [HTTPHeader("Accept", "application/json")])
        if request.path.isEmpty { request.path = "/" }
        if let authorization = try authorizationToken() {
            request.headers.append(HTTPHeader("Authorization", authorization))
        }
        let response: HTTPResponse
        do {
            response = try context.transport.send(request, timeout: Self.timeouts)
        } catch {
            throw .providerFailed(provider: name, reason: "request to \(urlText) failed: \(error)")
        }
        guard response.isSuccess else {
            throw .providerFailed(provider: name, reason: "\(urlText) answered http \(response.status)")
        }
        guard let object = CredentialParsing.object(response.body) else {
            throw .providerFailed(provider: name, reason: "\(urlText) did not answer with a json object")
        }
        switch CredentialParsing.credentials(object, tokenKey: "Token", tokenRequired: false) {
        case .success(let credentials): return credentials
        case .failure(let reason):
            throw .providerFailed(provider: name, reason: "the answer of \(urlText) \(reason.text)")
        }
    }

    private func authorizationToken() throws(CredentialError) -> String? {
        let environment = context.environment
        if let file = environment["AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"] {
            let path = environment.expandingHome(file)
            guard let bytes = environment.readFile(path) else {
                throw .providerFailed(
                    provider: name,
                    reason: "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE \(environment.displayPath(path)) could not be read")
            }
            let token = String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            guard !token.contains("\r"), !token.contains("\n") else {
                throw .providerFailed(provider: name, reason: "the authorization token spans several lines")
            }
            return token
        }
        if let token = environment["AWS_CONTAINER_AUTHORIZATION_TOKEN"] {
            guard !token.contains("\r"), !token.contains("\n") else {
                throw .providerFailed(provider: name, reason: "the authorization token spans several lines")
            }
            return token
        }
        return nil
    }

    /// https anywhere; http only to loopback, `169.254.170.2`, `169.254.170.23` or `fd00:ec2::23`.
    static func isAllowed(url: URL, host: String) -> Bool {
        switch url.scheme?.lowercased() {
        case "https":
            return true
        case "http":
            let bare = host.trimmingCharacters(in: CharacterSet(charactersIn: "[]")).lowercased()
            if ["localhost", "::1", "169.254.170.2", "169.254.170.23", "fd00:ec2::23"].contains(bare) { return true }
            let octets = bare.split(separator: ".")
            return octets.count == 4 && octets[0] == "127" && octets.allSatisfy { UInt8($0) != nil }
        default:
            return false
        }
    }
}
