import AWSCore
import Foundation

/// moto's server (`.venv/bin/python3 -m moto.server -H 127.0.0.1 -p <port>`) running as a child process: real IAM
/// and STS state and real SigV4 checks, for tests that need an AWS that keeps what it is told (users, roles,
/// policies, access keys, assumed-role sessions).
///
/// moto starts with authentication off (`INITIAL_NO_AUTH_ACTION_COUNT` large), so a test first creates its fixtures
/// with the calls below, then calls ``requireSignatures()``: from then on moto rejects every request that is not
/// signed correctly with a key it issued (`SignatureDoesNotMatch`, `InvalidClientTokenId`) and checks the caller's
/// IAM policies (`AccessDenied`). moto does not check the signing time or the credential scope's region.
/// ```swift
/// let moto = try MotoServer()
/// defer { moto.stop() }
/// let user = try moto.createUser("ci")
/// try moto.putUserPolicy(user: "ci", name: "all", document: MotoServer.allowAllPolicy)
/// let credentials = try moto.createAccessKey(user: "ci")
/// try moto.requireSignatures()
/// // … call IAM or STS at `moto.endpoint` (http://127.0.0.1:PORT/) signed with `credentials` …
/// ```
/// moto and anything it starts run in their own process group under `timeout(1)`: ``stop()`` (or releasing the
/// value) ends the whole group and waits for it, and the group ends by itself after `timeout` seconds should the test
/// process die first.
public final class MotoServer: @unchecked Sendable {
    // @unchecked: `signaturesRequired` is only touched while `lock` is held; everything else is immutable.
    /// The port moto listens on.
    public let port: Int
    private let server: ServerProcess
    let transport: CurlTransport
    private let logFile: URL
    let lock = NSLock()
    var signaturesRequired = false

    /// The account moto puts everything in.
    public static let accountId = "123456789012"

    /// An identity policy allowing everything, for a fixture caller that should only meet signature checks.
    public static let allowAllPolicy =
        #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#

    /// Starts moto on a free port (trying another when the port was taken in the meantime) and waits until it
    /// answers; throws one sentence saying how to create the project venv when it is missing.
    public init(timeout: Int = 300) throws {
        let python = try ServerProcess.venvPython(for: "moto (python3 -m moto.server)")
        transport = try CurlTransport()
        var lastOutput = ""
        for _ in 0..<5 {
            let port = try LocalPort.unused()
            let logFile = FileManager.default.temporaryDirectory.appendingPathComponent(
                "iamgate-moto-\(UUID().uuidString).log")
            guard FileManager.default.createFile(atPath: logFile.path, contents: nil) else {
                throw TestServerFailure(description: "cannot create moto's log file \(logFile.path)")
            }
            let log = try FileHandle(forWritingTo: logFile)
            defer { try? log.close() }
            let server = try ServerProcess(
                executable: python, arguments: ["-m", "moto.server", "-H", "127.0.0.1", "-p", String(port)],
                environment: ["INITIAL_NO_AUTH_ACTION_COUNT": "1000000000"], ownProcessGroup: true, timeout: timeout,
                log: log)
            if Self.waitUntilAnswering(port: port, server: server, transport: transport) {
                self.port = port
                self.server = server
                self.logFile = logFile
                return
            }
            server.stop()
            lastOutput = (try? String(contentsOf: logFile, encoding: .utf8)) ?? ""
            try? FileManager.default.removeItem(at: logFile)
            guard lastOutput.contains("Address already in use") else { break }
        }
        let tail = lastOutput.split(separator: "\n").suffix(3).joined(separator: " | ")
        throw TestServerFailure(description: "moto did not start: \(tail.isEmpty ? "no output" : tail)")
    }

    deinit {
        stop()
    }

    /// moto's endpoint for every service, `http://127.0.0.1:PORT/`; moto tells the services apart by the credential
    /// scope of the signature.
    public var endpoint: URL {
        URL(string: "http://127.0.0.1:\(port)/") ?? URL(fileURLWithPath: "/")
    }

    /// The process group moto runs in (the id of the `timeout` process leading it).
    public var processGroup: Int32 { server.processIdentifier }

    /// Ends moto's process group and waits for it; removes moto's log. Idempotent.
    public func stop() {
        server.stop()
        try? FileManager.default.removeItem(at: logFile)
    }

    /// From now on moto checks every request's signature and the caller's policies (`POST /moto-api/reset-auth` with
    /// `0`); fixtures can no longer be created.
    public func requireSignatures() throws {
        let request = HTTPRequest(
            method: "POST", scheme: "http", host: "127.0.0.1", port: port, path: "/moto-api/reset-auth",
            headers: [HTTPHeader("Content-Type", "text/plain")], body: Array("0".utf8))
        let response = try transport.send(request, timeout: Self.timeouts)
        guard response.isSuccess else {
            throw TestServerFailure(description: "moto refused reset-auth: http \(response.status)")
        }
        lock.withLock { signaturesRequired = true }
    }

    // MARK: - Fixtures

    /// Calls query-protocol `action` of `service` (`iam` or `sts`) with `parameters` and returns its `<ActionResult>`
    /// element. Only before ``requireSignatures()``: the call is signed with placeholder keys, which moto ignores
    /// while authentication is off but needs to route the call (it finds the service in the credential scope). With
    /// `credentials` (a member account's, from ``assumeRole(_:session:)``) the call is made in their account.
    @discardableResult
    public func call(
        _ action: String, _ parameters: [(String, String)] = [], service: String = "iam",
        credentials: AWSCredentials? = nil
    ) throws -> XMLElement {
        guard !lock.withLock({ signaturesRequired }) else {
            throw TestServerFailure(
                description: "moto fixture \(action) after requireSignatures(): create fixtures first")
        }
        let version = service == "sts" ? "2011-06-15" : "2010-05-08"
        let form = ([("Action", action), ("Version", version)] + parameters)
            .map { "\(Self.percentEncode($0.0))=\(Self.percentEncode($0.1))" }
            .joined(separator: "&")
        let unsigned = HTTPRequest(
            method: "POST", scheme: "http", host: "127.0.0.1", port: port, path: "/",
            headers: [HTTPHeader("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")],
            body: Array(form.utf8))
        let request = SigV4Signer(service: service, region: "us-east-1")
            .sign(unsigned, credentials: credentials ?? Self.placeholderCredentials, date: Date())
        let response = try transport.send(request, timeout: Self.timeouts)
        guard response.isSuccess else {
            let error = AWSErrorResponse.query(response)
            throw TestServerFailure(description: "moto fixture \(action) failed: \(error.code): \(error.message)")
        }
        let root = try XMLReader.parse(response.body)
        return root.child("\(action)Result") ?? XMLElement(name: "\(action)Result")
    }

    /// Creates IAM user `name` (in the account of `credentials`, by default moto's own); returns its ARN. (moto 5.2
    /// ignores a user's permissions boundary, so there is no parameter for one.)
    @discardableResult
    public func createUser(
        _ name: String, path: String = "/", tags: [String: String] = [:], credentials: AWSCredentials? = nil
    ) throws -> String {
        let parameters = [("UserName", name), ("Path", path)] + Self.tagParameters(tags)
        return try arn(of: call("CreateUser", parameters, credentials: credentials), "User")
    }

    /// Creates role `name` trusting the principals of `trustPolicy` (moto needs the caller's own ARN there: it does
    /// not expand `:root`); returns its ARN.
    @discardableResult
    public func createRole(
        _ name: String, trustPolicy: String, path: String = "/", permissionsBoundary: String? = nil,
        tags: [String: String] = [:]
    ) throws -> String {
        var parameters = [("RoleName", name), ("AssumeRolePolicyDocument", trustPolicy), ("Path", path)]
        if let permissionsBoundary { parameters.append(("PermissionsBoundary", permissionsBoundary)) }
        parameters += Self.tagParameters(tags)
        return try arn(of: call("CreateRole", parameters), "Role")
    }

    /// Creates group `name`; returns its ARN.
    @discardableResult
    public func createGroup(_ name: String) throws -> String {
        try arn(of: call("CreateGroup", [("GroupName", name)]), "Group")
    }

    /// Creates customer managed policy `name` with `document`; returns its ARN.
    @discardableResult
    public func createPolicy(_ name: String, document: String, description: String? = nil) throws -> String {
        var parameters = [("PolicyName", name), ("PolicyDocument", document)]
        if let description { parameters.append(("Description", description)) }
        return try arn(of: call("CreatePolicy", parameters), "Policy")
    }

    /// Puts inline policy `name` on user `user` (in the account of `credentials`, by default moto's own).
    public func putUserPolicy(user: String, name: String, document: String, credentials: AWSCredentials? = nil) throws {
        try call(
            "PutUserPolicy", [("UserName", user), ("PolicyName", name), ("PolicyDocument", document)],
            credentials: credentials)
    }

    /// Puts inline policy `name` on role `role`.
    public func putRolePolicy(role: String, name: String, document: String) throws {
        try call("PutRolePolicy", [("RoleName", role), ("PolicyName", name), ("PolicyDocument", document)])
    }

    /// Puts inline policy `name` on group `group`.
    public func putGroupPolicy(group: String, name: String, document: String) throws {
        try call("PutGroupPolicy", [("GroupName", group), ("PolicyName", name), ("PolicyDocument", document)])
    }

    /// Attaches managed policy `policyArn` to user `user`.
    public func attachUserPolicy(user: String, policyArn: String) throws {
        try call("AttachUserPolicy", [("UserName", user), ("PolicyArn", policyArn)])
    }

    /// Attaches managed policy `policyArn` to role `role`.
    public func attachRolePolicy(role: String, policyArn: String) throws {
        try call("AttachRolePolicy", [("RoleName", role), ("PolicyArn", policyArn)])
    }

    /// Attaches managed policy `policyArn` to group `group`.
    public func attachGroupPolicy(group: String, policyArn: String) throws {
        try call("AttachGroupPolicy", [("GroupName", group), ("PolicyArn", policyArn)])
    }

    /// Adds user `user` to group `group`.
    public func addUserToGroup(user: String, group: String) throws {
        try call("AddUserToGroup", [("UserName", user), ("GroupName", group)])
    }

    /// Tags role `role`.
    public func tagRole(_ role: String, tags: [String: String]) throws {
        try call("TagRole", [("RoleName", role)] + Self.tagParameters(tags))
    }

    /// Creates an access key for user `user` (in the account of `credentials`, by default moto's own): the key id and
    /// secret moto will check signatures against.
    public func createAccessKey(user: String, credentials: AWSCredentials? = nil) throws -> AWSCredentials {
        let key = try call("CreateAccessKey", [("UserName", user)], credentials: credentials).child("AccessKey")
        guard let id = key?.value(at: "AccessKeyId"), let secret = key?.value(at: "SecretAccessKey") else {
            throw TestServerFailure(description: "moto's CreateAccessKey answer has no AccessKeyId or SecretAccessKey")
        }
        return AWSCredentials(accessKeyId: id, secretAccessKey: secret)
    }

    // MARK: - Helpers

    static let timeouts = HTTPTimeouts(connect: .seconds(5), total: .seconds(30))
    static let placeholderCredentials = AWSCredentials(
        accessKeyId: "AKIAFIXTURESETUP0000", secretAccessKey: "moto-ignores-signatures-until-reset-auth")
    private static let unreserved = CharacterSet(
        charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    private static func percentEncode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? text
    }

    /// `Tags.member.N.Key` and `.Value`, sorted by key.
    private static func tagParameters(_ tags: [String: String]) -> [(String, String)] {
        tags.sorted { $0.key < $1.key }.enumerated().flatMap { index, tag in
            [("Tags.member.\(index + 1).Key", tag.key), ("Tags.member.\(index + 1).Value", tag.value)]
        }
    }

    private func arn(of result: XMLElement, _ entity: String) throws -> String {
        guard let arn = result.child(entity)?.value(at: "Arn") else {
            throw TestServerFailure(description: "moto's answer has no \(entity)/Arn")
        }
        return arn
    }

    /// Polls moto until it answers HTTP; `false` when its process ended first (for example because the port was
    /// taken) or 30 s passed.
    private static func waitUntilAnswering(port: Int, server: ServerProcess, transport: CurlTransport) -> Bool {
        let probe = HTTPRequest(method: "GET", scheme: "http", host: "127.0.0.1", port: port, path: "/moto-api/")
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline && server.process.isRunning {
            if (try? transport.send(probe, timeout: HTTPTimeouts(connect: .seconds(1), total: .seconds(5)))) != nil {
                return true
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return false
    }
}
