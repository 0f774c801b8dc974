import AWSCore
import Foundation

/// Who the credentials belong to (`GetCallerIdentity`).
public struct CallerIdentity: Sendable, Hashable {
    /// `Account`: the 12-digit account id.
    public var account: String
    /// `Arn`: a user, an assumed-role session (`arn:aws:sts::…:assumed-role/R/S`), a federated user or the root.
    public var arn: String
    /// `UserId`.
    public var userId: String

    public init(account: String, arn: String, userId: String) {
        self.account = account
        self.arn = arn
        self.userId = userId
    }
}

/// The STS calls iamgate makes, over the query protocol (API version `2011-06-15`), signed for service `sts`.
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
        query = QueryProtocolClient(
            endpoint: endpoint, version: Self.apiVersion, signer: SigV4Signer(service: "sts", region: region),
            credentials: credentials, transport: transport,
            retrying: RetryingClient(
                policy: retry, clock: clock, sleeper: sleeper, random: random, onRetry: onRetry),
            timeouts: timeouts)
    }

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
}
