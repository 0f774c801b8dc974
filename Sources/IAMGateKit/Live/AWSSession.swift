import AWSCore
import AWSServices
import Foundation

/// A failure at run time that is not the user's input: no credentials, a network failure, an AWS error. The message
/// is one sentence naming the service and, when AWS answered, its error code and request id. Maps to exit code 1.
public struct RuntimeError: Error, Sendable, CustomStringConvertible {
    public var message: String
    /// The typed error of the layer that failed (a `ConfigurationError`, `CredentialError`, `AWSServiceError`…), kept
    /// so a caller can tell causes apart; `message` is its sentence, with the call it failed in when one is named.
    public var cause: (any Error & Sendable)?

    public init(_ message: String) {
        self.message = message
        self.cause = nil
    }

    /// A sentence of the use case's own about `cause` (the call it failed in), keeping `cause`.
    public init(_ message: String, cause: some Error & Sendable) {
        self.message = message
        self.cause = cause
    }

    /// The runtime failure that `cause` is, in its own words.
    public init(_ cause: some Error & Sendable & CustomStringConvertible) {
        self.message = cause.description
        self.cause = cause
    }

    public var description: String { message }
}

/// How a command reaches AWS: the `--profile`, `--region`, `--endpoint-url` and `--debug` a user gave, and the
/// environment the AWS CLI would read.
public struct AWSAccessOptions: Sendable {
    public var profile: String?
    public var region: String?
    public var endpointURL: String?
    /// Where `--debug` writes the redacted wire log (one message per request and response); `nil` for none.
    public var wireLog: (@Sendable (String) -> Void)?
    /// Told about each retry (for progress output and call statistics).
    public var onRetry: (@Sendable (RetryEvent) -> Void)?
    public var environment: Environment
    /// What waits between retries (tests pass a recording sleeper so they take no real waits).
    public var sleeper: any Sleeper = ThreadSleeper()

    public init(
        profile: String? = nil, region: String? = nil, endpointURL: String? = nil,
        wireLog: (@Sendable (String) -> Void)? = nil, onRetry: (@Sendable (RetryEvent) -> Void)? = nil,
        environment: Environment = .process
    ) {
        self.profile = profile
        self.region = region
        self.endpointURL = endpointURL
        self.wireLog = wireLog
        self.onRetry = onRetry
        self.environment = environment
    }
}

/// Counts the HTTP exchanges and retries of a session, for the report's call statistics.
final class CallCounter: HTTPTransport, @unchecked Sendable {
    private let wrapped: any HTTPTransport
    private let lock = NSLock()
    private var requestCount = 0
    private var retryCount = 0

    init(_ wrapped: any HTTPTransport) {
        self.wrapped = wrapped
    }

    func send(_ request: HTTPRequest, timeout: HTTPTimeouts) throws(TransportError) -> HTTPResponse {
        lock.withLock { requestCount += 1 }
        return try wrapped.send(request, timeout: timeout)
    }

    func noteRetry() {
        lock.withLock { retryCount += 1 }
    }

    var statistics: CallStatistics {
        lock.withLock { CallStatistics(httpRequests: requestCount, retries: retryCount) }
    }
}

/// The resolved AWS configuration and credentials of one command, with the IAM, STS, Organizations and Cloud Control
/// clients built on them.
/// Credentials are resolved once, when the session is made, so a missing profile or key fails before any work.
public final class AWSSession: Sendable {
    public let configuration: AWSConfiguration
    public let credentials: ResolvedCredentials
    let counter: CallCounter
    private let onRetry: (@Sendable (RetryEvent) -> Void)?
    private let sleeper: any Sleeper

    public init(_ options: AWSAccessOptions) throws(RuntimeError) {
        do {
            configuration = try ProfileResolver(environment: options.environment).resolve(
                AWSCommandLineOptions(
                    profile: options.profile, region: options.region, endpointURL: options.endpointURL)
            )
        } catch {
            throw RuntimeError(error)
        }
        let transport: CurlTransport
        do {
            let wireLog = options.wireLog.map { WireLog(sink: $0) }
            transport = try CurlTransport(wireLog: wireLog, environment: options.environment.variables)
        } catch {
            throw RuntimeError(error)
        }
        counter = CallCounter(transport)
        sleeper = options.sleeper
        let counter = counter
        let userRetry = options.onRetry
        onRetry = { event in
            counter.noteRetry()
            userRetry?(event)
        }
        let context = CredentialContext(
            configuration: configuration, environment: options.environment, transport: counter)
        do {
            credentials = try CredentialChain.standard(context: context).resolve()
        } catch {
            throw RuntimeError("cannot find AWS credentials: \(error.description)", cause: error)
        }
    }

    /// HTTP requests and retries so far.
    public var statistics: CallStatistics { counter.statistics }

    /// The IAM client (global endpoint, signed for `us-east-1` unless an endpoint override says otherwise).
    public func iam() throws(RuntimeError) -> IAMClient {
        let endpoint = try endpoint(for: .iam)
        return IAMClient(
            endpoint: endpoint, region: configuration.signingRegion(for: .iam), credentials: credentials.credentials,
            transport: counter, clock: SigningClock(), sleeper: sleeper, random: SystemRandomSource(),
            onRetry: onRetry)
    }

    /// The STS client (regional endpoint when a region is set).
    public func sts() throws(RuntimeError) -> STSClient {
        let endpoint = try endpoint(for: .sts)
        return STSClient(
            endpoint: endpoint, region: configuration.signingRegion(for: .sts), credentials: credentials.credentials,
            transport: counter, clock: SigningClock(), sleeper: sleeper, random: SystemRandomSource(),
            onRetry: onRetry)
    }

    /// The Organizations client (the global endpoint `https://organizations.us-east-1.amazonaws.com`, signed for
    /// `us-east-1`, unless `--endpoint-url`, `AWS_ENDPOINT_URL_ORGANIZATIONS` or `AWS_ENDPOINT_URL` says otherwise).
    public func organizations() throws(RuntimeError) -> OrganizationsClient {
        let endpoint = try endpoint(for: .organizations)
        return OrganizationsClient(
            endpoint: endpoint, region: configuration.signingRegion(for: .organizations),
            credentials: credentials.credentials, transport: counter, clock: SigningClock(), sleeper: sleeper,
            random: SystemRandomSource(), onRetry: onRetry)
    }

    /// The Cloud Control client for the resources of `region` (a statement's region; the session's region when
    /// `nil`): its endpoint is `--endpoint-url`, else `AWS_ENDPOINT_URL_CLOUDCONTROL`, else `AWS_ENDPOINT_URL`, else
    /// `https://cloudcontrolapi.<region>.amazonaws.com`, and its requests are signed for `region`. Throws when
    /// neither `region` nor the session has a region.
    public func cloudControl(region: String? = nil) throws(RuntimeError) -> CloudControlClient {
        let region = region.flatMap { $0.isEmpty ? nil : $0 } ?? configuration.region
        guard let region else {
            throw RuntimeError(
                "no region is set for cloudcontrolapi (give the statement a region, or use --region, AWS_REGION or "
                    + "'region' in profile '\(configuration.profileName)')")
        }
        let endpoint = try endpoint(for: .cloudControl, region: region)
        return CloudControlClient(
            endpoint: endpoint, region: region, credentials: credentials.credentials, transport: counter,
            clock: SigningClock(), sleeper: sleeper, random: SystemRandomSource(), onRetry: onRetry)
    }

    /// A waiter following `client`'s writes for at most `timeout` seconds, waiting through the session's sleeper (so
    /// a test's recording sleeper takes no real time) and reading `RetryAfter` on `client`'s signing clock.
    public func resourceRequestWaiter(
        _ client: CloudControlClient, timeout: Double, onEvent: (@Sendable (ProgressEvent) -> Void)? = nil
    ) -> ResourceRequestWaiter {
        ResourceRequestWaiter(client: client, timeout: timeout, sleeper: sleeper, onEvent: onEvent)
    }

    private func endpoint(for service: AWSService, region: String? = nil) throws(RuntimeError) -> URL {
        let text: String
        do {
            text = try configuration.endpoint(for: service, region: region)
        } catch {
            throw RuntimeError(error)
        }
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), scheme == "https" || scheme == "http",
            url.host != nil
        else {
            throw RuntimeError("the \(service.signingName) endpoint '\(text)' is not an http(s) URL")
        }
        return url
    }

    /// Runs one AWS call, turning its error into a `RuntimeError` naming what was being done.
    public func call<Result>(_ what: String, _ body: () throws(AWSServiceError) -> Result) throws(RuntimeError)
        -> Result
    {
        do {
            return try body()
        } catch {
            throw RuntimeError("\(what) failed: \(credentials.credentials.redacting(error.description))", cause: error)
        }
    }
}
