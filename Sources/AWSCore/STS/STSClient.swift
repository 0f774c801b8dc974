import Foundation

/// The one STS client: every STS call iamgate makes, over the query protocol (API version `2011-06-15`), signed
/// for service `sts`. `GetCallerIdentity` names the caller (`whoami`, live checks); the credential providers call
/// `AssumeRole`, signed with the source credentials, and `AssumeRoleWithWebIdentity`, sent unsigned because the web
/// identity token authenticates it.
public struct STSClient: Sendable {
    /// STS's API version.
    public static let apiVersion = "2011-06-15"

    /// The query-protocol machinery the calls go through.
    public let query: QueryProtocolClient

    /// A client posting to `endpoint` (for example `https://sts.us-east-1.amazonaws.com/`), signing for `region`.
    public init(
        endpoint: URL, region: String, credentials: AWSCredentials, transport: any HTTPTransport, clock: SigningClock,
        retry: RetryPolicy = .standard, sleeper: any Sleeper, random: any RandomSource,
        timeouts: HTTPTimeouts = .default, onRetry: (@Sendable (RetryEvent) -> Void)? = nil
    ) {
        self.init(
            endpoint: endpoint, region: region, signingWith: credentials, transport: transport, clock: clock,
            retry: retry, sleeper: sleeper, random: random, timeouts: timeouts, onRetry: onRetry)
    }

    /// A client signing with `credentials`, or sending unsigned when they are `nil`.
    init(
        endpoint: URL, region: String, signingWith credentials: AWSCredentials?, transport: any HTTPTransport,
        clock: SigningClock, retry: RetryPolicy, sleeper: any Sleeper, random: any RandomSource,
        timeouts: HTTPTimeouts = .default, onRetry: (@Sendable (RetryEvent) -> Void)? = nil
    ) {
        query = QueryProtocolClient(
            endpoint: endpoint, version: Self.apiVersion, signer: SigV4Signer(service: "sts", region: region),
            credentials: credentials, transport: transport,
            retrying: RetryingClient(
                policy: retry, clock: clock, sleeper: sleeper, random: random, onRetry: onRetry),
            timeouts: timeouts)
    }

    /// The client a credential provider (`provider`, as errors name it) calls STS with: the configuration's STS
    /// endpoint and signing region, the context's transport and clock, signed with `credentials` (unsigned when
    /// `nil`), and one attempt per call, so that a provider that cannot get credentials says so at once.
    init(context: CredentialContext, signingWith credentials: AWSCredentials?, provider: String)
        throws(CredentialError)
    {
        let endpoint: String
        do {
            endpoint = try context.configuration.endpoint(for: .sts)
        } catch {
            throw .configuration(error)
        }
        guard let url = URL(string: endpoint), url.host() != nil else {
            throw .providerFailed(provider: provider, reason: "sts endpoint '\(endpoint)' is not a valid url")
        }
        self.init(
            endpoint: url, region: context.configuration.signingRegion(for: .sts), signingWith: credentials,
            transport: context.transport, clock: SigningClock(source: context.clock),
            retry: RetryPolicy(maxAttempts: 1), sleeper: ThreadSleeper(), random: SystemRandomSource())
    }

    // MARK: - GetCallerIdentity

    /// The account, ARN and user id of the credentials.
    public func getCallerIdentity() throws(AWSServiceError) -> CallerIdentity {
        let result = try query.call(
            "GetCallerIdentity", QueryParameters(action: "GetCallerIdentity", version: Self.apiVersion))
        guard let account = result.value(at: "Account"), let arn = result.value(at: "Arn") else {
            throw .malformedResponse(
                operation: "GetCallerIdentity", host: query.host, detail: "Account or Arn is missing")
        }
        return CallerIdentity(account: account, arn: arn, userId: result.value(at: "UserId") ?? "")
    }

    /// The IAM role behind an assumed-role session ARN: `arn:aws:sts::A:assumed-role/R/S` becomes
    /// `arn:aws:iam::A:role/R` (in the session's partition). The session ARN does not carry the role's path, so the
    /// result is only right for roles at path `/`; a role at `/team/` is really `arn:aws:iam::A:role/team/R` and
    /// needs `GetRole` (or the authorization details) to find. `nil` when `arn` is not an assumed-role session ARN.
    public static func roleARN(forAssumedRoleSession arn: String) -> String? {
        let parts = arn.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard parts.count == 6, parts[0] == "arn", parts[2] == "sts", !parts[4].isEmpty else { return nil }
        let resource = parts[5].split(separator: "/", omittingEmptySubsequences: false)
        guard resource.count >= 3, resource[0] == "assumed-role", !resource[1].isEmpty else { return nil }
        return "arn:\(parts[1]):iam::\(parts[4]):role/\(resource[1])"
    }

    // MARK: - The credential providers' calls

    /// The parameters of `AssumeRole`.
    struct AssumeRoleParameters: Sendable, Hashable {
        var roleArn: String
        var sessionName: String
        var externalId: String?
        var durationSeconds: Int?
    }

    /// Assumes `parameters.roleArn` with the client's credentials; `provider` names the caller in errors.
    func assumeRole(_ parameters: AssumeRoleParameters, provider: String) throws(CredentialError) -> AWSCredentials {
        var form = QueryParameters(action: "AssumeRole", version: Self.apiVersion)
        form.add("RoleArn", parameters.roleArn)
        form.add("RoleSessionName", parameters.sessionName)
        form.add("DurationSeconds", parameters.durationSeconds)
        form.add("ExternalId", parameters.externalId)
        return try credentials(
            form, operation: "AssumeRole", roleArn: parameters.roleArn, provider: provider,
            secrets: query.credentials ?? AWSCredentials(accessKeyId: "", secretAccessKey: ""))
    }

    /// Assumes `roleArn` with a web identity `token`; the client should send it unsigned.
    func assumeRoleWithWebIdentity(
        roleArn: String, sessionName: String, token: String, provider: String
    ) throws(CredentialError) -> AWSCredentials {
        var form = QueryParameters(action: "AssumeRoleWithWebIdentity", version: Self.apiVersion)
        form.add("RoleArn", roleArn)
        form.add("RoleSessionName", sessionName)
        form.add("WebIdentityToken", token)
        return try credentials(
            form, operation: "AssumeRoleWithWebIdentity", roleArn: roleArn, provider: provider,
            secrets: AWSCredentials(accessKeyId: "", secretAccessKey: token))
    }

    /// Sends `form` and reads the `<Credentials>` of its `<operationResult>`; every failure is the provider's, in
    /// one sentence without `secrets`.
    private func credentials(
        _ form: QueryParameters, operation: String, roleArn: String, provider: String, secrets: AWSCredentials
    ) throws(CredentialError) -> AWSCredentials {
        let response: HTTPResponse
        do {
            response = try query.send(form)
        } catch {
            switch error.failure {
            case .transport(let failure):
                throw .providerFailed(provider: provider, reason: "sts \(operation) for \(roleArn) failed: \(failure)")
            case .service(let answer):
                throw .providerFailed(
                    provider: provider, reason: secrets.redacting("sts \(operation) for \(roleArn) failed: \(answer)"))
            }
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
