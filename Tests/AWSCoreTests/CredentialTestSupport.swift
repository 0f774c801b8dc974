import AWSCore
import Foundation

/// Secrets used by the credential tests; none may appear in any error message or description.
enum CredentialSecrets {
    static let keyId = "AKIAIOSFODNN7EXAMPLE"
    static let secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
    static let token = "FQoGZXIvYXdzEXAMPLETOKENxyz"
    static let assumedKeyId = "ASIAASSUMEDEXAMPLE01"
    static let assumedSecret = "assumedSecretKeyValue/abc+def0123456789"
    static let assumedToken = "AssumedSessionTokenValue0987654321"
    static let webToken = "eyJhbGciOiJSUzI1NiJ9.webidentitytokenpayload.sig"
    static let all = [secret, token, assumedSecret, assumedToken, webToken, keyId, assumedKeyId]

    /// Whether `text` contains none of the secrets (or full key ids).
    static func absent(from text: String) -> Bool {
        all.allSatisfy { !text.contains($0) }
    }
}

/// A fake file system and environment in memory.
struct FakeHome {
    var variables: [String: String] = ["HOME": "/home/tester"]
    var files: [String: String] = [:]

    var environment: Environment {
        let files = self.files
        return Environment(variables: variables) { path in files[path].map { Array($0.utf8) } }
    }

    mutating func config(_ text: String) { files["/home/tester/.aws/config"] = text }
    mutating func credentials(_ text: String) { files["/home/tester/.aws/credentials"] = text }

    func configuration(_ options: AWSCommandLineOptions = AWSCommandLineOptions()) throws -> AWSConfiguration {
        try ProfileResolver(environment: environment).resolve(options)
    }

    func context(
        _ options: AWSCommandLineOptions = AWSCommandLineOptions(), transport: any HTTPTransport = FakeTransport(),
        runner: any CommandRunner = FakeCommandRunner(), clock: @escaping @Sendable () -> Date = { Date() }
    ) throws -> CredentialContext {
        CredentialContext(
            configuration: try configuration(options), environment: environment, transport: transport,
            commandRunner: runner, clock: clock)
    }
}

/// Answers requests from a handler and records them.
final class FakeTransport: HTTPTransport, @unchecked Sendable {
    // @unchecked: `recorded` is only touched while `lock` is held.
    private let lock = NSLock()
    private var recorded: [(HTTPRequest, HTTPTimeouts)] = []
    private let handler: @Sendable (HTTPRequest) -> Result<HTTPResponse, TransportError>

    init(
        _ handler: @escaping @Sendable (HTTPRequest) -> Result<HTTPResponse, TransportError> = { request in
            .failure(.connectionRefused(host: request.host))
        }
    ) {
        self.handler = handler
    }

    var requests: [HTTPRequest] { lock.withLock { recorded.map(\.0) } }
    var timeouts: [HTTPTimeouts] { lock.withLock { recorded.map(\.1) } }

    func send(_ request: HTTPRequest, timeout: HTTPTimeouts) throws(TransportError) -> HTTPResponse {
        lock.withLock { recorded.append((request, timeout)) }
        return try handler(request).get()
    }

    static func ok(_ body: String, status: Int = 200) -> Result<HTTPResponse, TransportError> {
        .success(HTTPResponse(status: status, body: Array(body.utf8)))
    }
}

/// A `credential_process` stand-in that returns a fixed result and records the command.
final class FakeCommandRunner: CommandRunner, @unchecked Sendable {
    // @unchecked: `commands` is only touched while `lock` is held.
    private let lock = NSLock()
    private var commands: [String] = []
    let result: CommandResult

    init(_ result: CommandResult = CommandResult(status: 127, standardOutput: [])) {
        self.result = result
    }

    convenience init(stdout: String, status: Int32 = 0, stderr: String = "") {
        self.init(CommandResult(status: status, standardOutput: Array(stdout.utf8), standardError: Array(stderr.utf8)))
    }

    var ran: [String] { lock.withLock { commands } }

    func run(_ command: String, environment: [String: String]) throws(CredentialError) -> CommandResult {
        lock.withLock { commands.append(command) }
        return result
    }
}

/// A clock tests move by hand.
final class ManualClock: @unchecked Sendable {
    // @unchecked: `now` is only touched while `lock` is held.
    private let lock = NSLock()
    private var current: Date

    init(_ start: Date = Date(timeIntervalSince1970: 1_800_000_000)) {
        current = start
    }

    var now: Date { lock.withLock { current } }
    func advance(_ seconds: TimeInterval) { lock.withLock { current += seconds } }
    var source: @Sendable () -> Date { { [self] in now } }
}

enum STSResponses {
    static func assumeRole(
        keyId: String = CredentialSecrets.assumedKeyId, expiration: String = "2027-01-15T08:00:00Z",
        operation: String = "AssumeRole"
    ) -> String {
        """
        <\(operation)Response xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><\(operation)Result>
         <Credentials><AccessKeyId>\(keyId)</AccessKeyId><SecretAccessKey>\(CredentialSecrets.assumedSecret)\
        </SecretAccessKey><SessionToken>\(CredentialSecrets.assumedToken)</SessionToken>\
        <Expiration>\(expiration)</Expiration></Credentials>
         <AssumedRoleUser><AssumedRoleId>AROAEXAMPLE:raw</AssumedRoleId>\
        <Arn>arn:aws:sts::123456789012:assumed-role/Builder/raw</Arn></AssumedRoleUser>
         </\(operation)Result><ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata></\(operation)Response>
        """
    }

    static let accessDenied = """
        <ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type>\
        <Code>AccessDenied</Code><Message>User is not authorized to perform: sts:AssumeRole</Message></Error>\
        <RequestId>req-2</RequestId></ErrorResponse>
        """
}

extension HTTPRequest {
    /// The form fields of a query-protocol body.
    var formFields: [String: String] {
        var fields: [String: String] = [:]
        for pair in String(decoding: body, as: UTF8.self).split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map { String($0) }
            let value = parts.count > 1 ? parts[1] : ""
            fields[parts[0].removingPercentEncoding ?? parts[0]] = value.removingPercentEncoding ?? value
        }
        return fields
    }
}
