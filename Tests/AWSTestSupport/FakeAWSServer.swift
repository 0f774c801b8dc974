import AWSCore
import Foundation

/// `scripts/fake-aws-server.py` running as a child process: IAM (`SimulatePrincipalPolicy`, `SimulateCustomPolicy`,
/// `GetAccountAuthorizationDetails`, `GetRole`) and STS (`GetCallerIdentity`) over the real query protocol, and every
/// Cloud Control API operation over the JSON 1.0 protocol (`scripts/fake-cloudcontrol.py`: resources stored per
/// TypeName, requests that progress as they are polled, ClientToken idempotency), on an ephemeral port of 127.0.0.1. It recomputes every request's SigV4 signature with botocore and answers a bad one as AWS does
/// (`SignatureDoesNotMatch`, `InvalidClientTokenId`, `MissingAuthenticationToken`), so the tests that use it fail on
/// a signing bug the way AWS would.
///
/// Each test configures its own named scenario (credentials, identity, simulation rules, authorization details,
/// Cloud Control resources, faults) and points its client at ``endpoint(for:)``, so tests running in parallel can share one server:
/// ```swift
/// let server = try FakeAWSServer()
/// defer { server.stop() }
/// try server.configure(
///     scenario: "whoami",
///     FakeAWSScenario(
///         accepting: credentials,
///         identity: .init(account: "123456789012", arn: "arn:aws:iam::123456789012:user/ci", userId: "AIDACI")))
/// let endpoint = server.endpoint(for: "whoami")  // http://127.0.0.1:PORT/aws/whoami/
/// // … call IAM or STS at `endpoint` signed with `credentials` …
/// let log = try server.requests("whoami")
/// #expect(log.requests.map(\.action) == ["GetCallerIdentity"] && log.rejected == 0)
/// ```
/// The server exits when stopped, when the value is released, when the test process ends (its stdin closes) or after
/// `timeout` seconds. A suite marked `@Suite(.sharedFakeAWSServer)` gets one server for all its tests, in
/// ``FakeAWSServer/shared``.
public final class FakeAWSServer: Sendable {
    /// The port the server listens on.
    public let port: Int
    private let server: ServerProcess
    private let transport: CurlTransport

    public static let script = ServerProcess.packageRoot.appendingPathComponent("scripts/fake-aws-server.py")

    /// Starts the server with the project venv's Python (it needs botocore); throws one sentence saying how to create
    /// the venv when it is missing.
    public init(timeout: Int = 300) throws {
        let python = try ServerProcess.venvPython(for: "the fake AWS server (scripts/fake-aws-server.py)")
        transport = try CurlTransport()
        server = try ServerProcess(executable: python, arguments: [Self.script.path, "--timeout", String(timeout)])
        port = try server.readPort(name: "the fake AWS server")
    }

    /// The server's process id, while it runs.
    public var processIdentifier: Int32 { server.processIdentifier }

    /// The endpoint of scenario `name`, `http://127.0.0.1:PORT/aws/<name>/`, for a client or `--endpoint-url`. Names
    /// should stick to letters, digits, `-`, `_` and `.`.
    public func endpoint(for name: String) -> URL {
        URL(string: "http://127.0.0.1:\(port)/aws/\(name)/") ?? URL(fileURLWithPath: "/")
    }

    /// Installs scenario `name`, replacing any earlier one of that name together with its request log: `scenario` is
    /// a ``FakeAWSScenario`` or any value that encodes to the JSON the script documents.
    public func configure(scenario name: String, _ scenario: some Encodable) throws {
        let body = try JSONEncoder().encode(scenario)
        let response = try control("POST", name, body: Array(body))
        guard response.status == 204 else {
            throw TestServerFailure(
                description: "the fake AWS server refused scenario '\(name)': "
                    + String(decoding: response.body, as: UTF8.self))
        }
    }

    /// The requests scenario `name` received, in the order they were answered.
    public func requests(_ name: String) throws -> FakeAWSRequestLog {
        let response = try control("GET", name)
        guard response.status == 200 else {
            throw TestServerFailure(
                description: "the fake AWS server has no log for scenario '\(name)': http \(response.status)")
        }
        return try JSONDecoder().decode(FakeAWSRequestLog.self, from: Data(response.body))
    }

    /// Closes the server's stdin (which makes it exit), terminates it if it is still running, and reaps it.
    public func stop() {
        server.stop()
    }

    private func control(_ method: String, _ name: String, body: [UInt8] = []) throws -> HTTPResponse {
        let request = HTTPRequest(
            method: method, scheme: "http", host: "127.0.0.1", port: port, path: "/control/scenario/\(name)",
            headers: [HTTPHeader("Content-Type", "application/json")], body: body)
        return try transport.send(request, timeout: HTTPTimeouts(connect: .seconds(5), total: .seconds(10)))
    }
}

/// What a ``FakeAWSServer`` scenario answered: every AWS request it received, and how many it refused for their
/// signature or credentials.
public struct FakeAWSRequestLog: Decodable, Sendable, Hashable {
    public var requests: [FakeAWSRequest]
    /// Requests answered with an authentication error (`SignatureDoesNotMatch`, `InvalidClientTokenId`,
    /// `InvalidSignatureException`, …).
    public var rejected: Int
    /// The Cloud Control resources stored when the log was read, by TypeName.
    public var resources: [String: [FakeCloudControlResource]]
}

/// One AWS request a ``FakeAWSServer`` scenario received.
public struct FakeAWSRequest: Decodable, Sendable, Hashable {
    /// `Action`, for example `SimulatePrincipalPolicy`, or the Cloud Control operation (`CreateResource`); `nil` when
    /// a query-protocol request had none.
    public var action: String?
    /// The decoded form fields (and query parameters), for example `ActionNames.member.1`; empty for Cloud Control.
    public var params: [String: String]
    /// Cloud Control and Organizations: the `X-Amz-Target` header, for example `CloudApiService.CreateResource`.
    public var target: String?
    /// Cloud Control and Organizations: the body exactly as received (UTF-8 text).
    public var body: String?
    /// Cloud Control: the request's `ClientToken`.
    public var clientToken: String?
    /// Cloud Control: the request's `TypeName`.
    public var typeName: String?
    /// Cloud Control: the `Identifier` the request named, or the one a create was given.
    public var identifier: String?
    /// Cloud Control: the `RequestToken` the request named, or the one a write was given.
    public var requestToken: String?
    /// Whether the signature and credentials checked out.
    public var signatureValid: Bool
    /// The request id the answer carried.
    public var requestId: String
    /// The HTTP status answered; `nil` when the connection was dropped instead.
    public var status: Int?
    /// The error code answered (or `reset`, `close`, `malformed-xml`, `malformed-json`, `reset-after` for those
    /// faults); `nil` for a normal answer.
    public var error: String?

    /// The values of list parameter `name` in order: `ActionNames` gives `ActionNames.member.1`, `.2`, ….
    public func members(_ name: String) -> [String] {
        let prefix = "\(name).member."
        return params.compactMap { key, value -> (Int, String)? in
            guard key.hasPrefix(prefix), let index = Int(key.dropFirst(prefix.count)) else { return nil }
            return (index, value)
        }
        .sorted { $0.0 < $1.0 }
        .map(\.1)
    }
}

/// The configuration of one ``FakeAWSServer`` scenario, encoded to the JSON `scripts/fake-aws-server.py` documents.
public struct FakeAWSScenario: Encodable, Sendable, Hashable {
    /// A secret and, for temporary credentials, the session token requests must carry.
    public struct Secret: Encodable, Sendable, Hashable {
        public var secret: String
        public var sessionToken: String?

        public init(secret: String, sessionToken: String? = nil) {
            self.secret = secret
            self.sessionToken = sessionToken
        }
    }

    /// What STS `GetCallerIdentity` answers.
    public struct Identity: Encodable, Sendable, Hashable {
        public var account: String
        public var arn: String
        public var userId: String

        public init(account: String, arn: String, userId: String) {
            self.account = account
            self.arn = arn
            self.userId = userId
        }

        enum CodingKeys: String, CodingKey {
            case account = "Account"
            case arn = "Arn"
            case userId = "UserId"
        }
    }

    /// `EvalDecision`.
    public enum Decision: String, Encodable, Sendable, Hashable {
        case allowed, explicitDeny, implicitDeny
    }

    /// A statement a simulation result names as matched.
    public struct Statement: Encodable, Sendable, Hashable {
        public var sourcePolicyId: String?
        public var sourcePolicyType: String?
        /// `[line, column]`.
        public var start: [Int]?
        /// `[line, column]`.
        public var end: [Int]?

        public init(
            sourcePolicyId: String? = nil, sourcePolicyType: String? = nil, start: [Int]? = nil, end: [Int]? = nil
        ) {
            self.sourcePolicyId = sourcePolicyId
            self.sourcePolicyType = sourcePolicyType
            self.start = start
            self.end = end
        }
    }

    /// How the simulator decides an action on a resource: the first rule whose `action` (case-insensitive) and
    /// `resource` patterns match, with `*` and `?` wildcards.
    public struct Rule: Encodable, Sendable, Hashable {
        public var action: String
        public var resource: String?
        public var decision: Decision
        public var matchedStatements: [Statement]?
        public var missingContextValues: [String]?
        public var allowedByPermissionsBoundary: Bool?
        /// `OrganizationsDecisionDetail`: `false` when the organization's SCPs block the request.
        public var allowedByOrganizations: Bool?
        public var decisionDetails: [String: String]?

        public init(
            action: String, resource: String? = nil, decision: Decision, matchedStatements: [Statement]? = nil,
            missingContextValues: [String]? = nil, allowedByPermissionsBoundary: Bool? = nil,
            allowedByOrganizations: Bool? = nil, decisionDetails: [String: String]? = nil
        ) {
            self.action = action
            self.resource = resource
            self.decision = decision
            self.matchedStatements = matchedStatements
            self.missingContextValues = missingContextValues
            self.allowedByPermissionsBoundary = allowedByPermissionsBoundary
            self.allowedByOrganizations = allowedByOrganizations
            self.decisionDetails = decisionDetails
        }
    }

    /// The simulator: rules, the decision when none matches (`implicitDeny`), and results per page.
    public struct Simulation: Encodable, Sendable, Hashable {
        public var rules: [Rule]
        public var defaultDecision: Decision?
        public var pageSize: Int?

        public init(rules: [Rule], defaultDecision: Decision? = nil, pageSize: Int? = nil) {
            self.rules = rules
            self.defaultDecision = defaultDecision
            self.pageSize = pageSize
        }

        enum CodingKeys: String, CodingKey {
            case rules
            case defaultDecision = "default"
            case pageSize
        }
    }

    /// One step of trouble, used up by one correctly signed request before the normal answers resume.
    public struct Fault: Encodable, Sendable, Hashable {
        public var status: Int?
        public var code: String?
        public var message: String?
        public var action: String?
        public var sleep: Double?

        public init(
            status: Int? = nil, code: String? = nil, message: String? = nil, action: String? = nil, sleep: Double? = nil
        ) {
            self.status = status
            self.code = code
            self.message = message
            self.action = action
            self.sleep = sleep
        }

        /// An AWS error answer, for example `.error(400, "Throttling", "Rate exceeded")`.
        public static func error(_ status: Int, _ code: String, _ message: String) -> Fault {
            Fault(status: status, code: code, message: message)
        }

        /// HTTP 500 with AWS's `InternalFailure` error.
        public static let internalFailure = Fault(status: 500)
        /// A 200 answer whose body is not XML.
        public static let malformedXML = Fault(action: "malformed-xml")
        /// The connection reset (RST) without an answer.
        public static let reset = Fault(action: "reset")
        /// The connection closed without an answer.
        public static let close = Fault(action: "close")

        /// A wait of `seconds` before the normal answer.
        public static func sleep(_ seconds: Double) -> Fault {
            Fault(sleep: seconds)
        }
    }

    /// The access keys the server accepts, by access key id.
    public var credentials: [String: Secret]
    public var identity: Identity?
    /// What IAM `GetRole` answers: role name → ARN (with its path); other names are `NoSuchEntity`.
    public var roles: [String: String]?
    public var simulate: Simulation?
    /// The `GetAccountAuthorizationDetails` pages: each the lists of one page, or a whole Result or Response
    /// document (its paging elements are replaced by the server's).
    public var authorizationDetails: [String]?
    /// The Cloud Control stand-in; `nil` for an empty one (no resources, requests final after 2 polls).
    public var cloudControl: FakeCloudControlScenario?
    /// The Organizations stand-in; `nil` for none (every Organizations call is then
    /// `AWSOrganizationsNotInUseException`).
    public var organizations: FakeOrganizationsScenario?
    /// Faults of IAM and STS requests (Cloud Control and Organizations have their own).
    public var faults: [Fault]

    public init(
        credentials: [String: Secret] = [:], identity: Identity? = nil, simulate: Simulation? = nil,
        authorizationDetails: [String]? = nil, cloudControl: FakeCloudControlScenario? = nil,
        organizations: FakeOrganizationsScenario? = nil, faults: [Fault] = []
    ) {
        self.credentials = credentials
        self.identity = identity
        self.simulate = simulate
        self.authorizationDetails = authorizationDetails
        self.cloudControl = cloudControl
        self.organizations = organizations
        self.faults = faults
    }

    /// A scenario that accepts exactly `credentials` (with their session token, if any).
    public init(
        accepting credentials: AWSCredentials, identity: Identity? = nil, simulate: Simulation? = nil,
        authorizationDetails: [String]? = nil, cloudControl: FakeCloudControlScenario? = nil,
        organizations: FakeOrganizationsScenario? = nil, faults: [Fault] = []
    ) {
        self.init(
            credentials: [
                credentials.accessKeyId: Secret(
                    secret: credentials.secretAccessKey, sessionToken: credentials.sessionToken)
            ], identity: identity, simulate: simulate, authorizationDetails: authorizationDetails,
            cloudControl: cloudControl, organizations: organizations, faults: faults)
    }
}
